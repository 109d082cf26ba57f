package io.strato.spi;

import java.util.List;

/**
 * One ARM namespace, e.g. {@code Microsoft.Storage}. Discovered at start-up through {@link java.util.ServiceLoader};
 * the server serves its types, its operations list and its provider-level actions.
 */
public interface ResourceProvider {
    /** The namespace in its canonical casing. */
    String namespace();

    /** Every resource type this provider serves, top-level and nested. */
    List<ResourceTypeHandler<?>> resourceTypes();

    /** Actions at subscription scope: {@code POST /subscriptions/{s}/providers/{ns}/{action}}. */
    default List<ProviderAction> actions() { return List.of(); }

    /**
     * Creates the handlers' drivers from configuration. Called once, before any request, with the
     * appliance's settings; the provider picks its driver by name (e.g. {@code strato.storage.driver}).
     */
    default void configure(ProviderContext context) {}
}

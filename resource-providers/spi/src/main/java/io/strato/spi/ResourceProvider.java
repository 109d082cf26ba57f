package io.strato.spi;

import java.util.List;
import java.util.Optional;

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

    /**
     * Re-creates on the host, from the stored state ({@link ProviderContext#resources()}), what must exist and does
     * not survive a restart (bridges, firewall tables). Called once at start-up after every provider is configured,
     * inside a transaction, before requests are served. Must be idempotent: nothing is created twice.
     */
    default void resume() {}

    /**
     * The long part of a restart as independent steps, one per workload (booting one virtual machine, say). The server
     * runs {@link #resume} first, then lists these steps and runs each in its own transaction, in order: many workloads
     * never time one transaction out, and a step that fails is logged without stopping or undoing the others. Listing
     * must be quick (a read of the store); the work belongs in the steps, each idempotent.
     */
    default List<ResumeStep> resumeSteps() { return List.of(); }

    /** One step of {@link #resumeSteps}: what it restores (for the log) and the work. */
    record ResumeStep(String what, Runnable work) {}

    /**
     * Namespaces whose {@link #resume} must run before this provider's, e.g. {@code Microsoft.Network} for a provider
     * whose workloads plug into virtual networks. Unknown namespaces are ignored.
     */
    default List<String> resumeAfter() { return List.of(); }

    /**
     * A service this provider offers to the others, e.g. {@link io.strato.spi.network.NetworkPorts}; empty when it
     * offers none of that type. Other providers reach it through {@link ProviderContext#service}.
     */
    default <T> Optional<T> service(Class<T> type) { return Optional.empty(); }

    /** Read-only GETs below {@code /subscriptions/{s}/providers/{namespace}/} that are not resource collections. */
    default List<ProviderQuery> queries() { return List.of(); }

    /**
     * A document served without a token at {@code {baseUrl}/content/{namespace}/{path}}; empty when {@code path}
     * names nothing or its signature does not verify (the server answers 404 then).
     *
     * @param path  the rest of the path, without a leading slash
     * @param query the request's query parameters, keys lower-cased
     */
    default Optional<PublicContent> publicContent(String path, java.util.Map<String, String> query) {
        return Optional.empty();
    }

    /**
     * Entries this provider adds to the cloud's metadata document ({@code /metadata/endpoints}), by name, each a
     * path below the appliance's base URL, e.g. {@code vmImageAliasDoc -> /content/Microsoft.Compute/vmImageAliasDoc}.
     */
    default java.util.Map<String, String> cloudEndpoints() { return java.util.Map.of(); }
}

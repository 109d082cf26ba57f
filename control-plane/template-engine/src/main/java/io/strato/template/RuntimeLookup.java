package io.strato.template;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the deployment runner supplies at execution time, so runtime-only functions (reference, list*) can be evaluated.
 * Called synchronously from {@link PreparedDeployment#render} and {@link PreparedDeployment#outputs}; implementations
 * throw a {@link io.strato.template.diagnostic.TemplateException} (or any runtime exception) when a resource is missing.
 */
public interface RuntimeLookup {
    /** The resource's GET body when {@code full}, otherwise its {@code properties}. */
    JsonNode reference(String resourceId, String apiVersion, boolean full);

    /** POSTs the list action (e.g. listKeys) to the resource and returns the response body. */
    JsonNode list(String action, String resourceId, String apiVersion, JsonNode body);
}

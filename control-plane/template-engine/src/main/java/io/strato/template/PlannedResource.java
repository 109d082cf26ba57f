package io.strato.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One resource instance of a prepared deployment (after conditions and copy expansion).
 *
 * @param symbolicName the languageVersion 2.0 symbolic name, otherwise the evaluated declared name
 * @param resourceId unique within the deployment
 * @param name the full declared name ({@code parent/child} for child resources)
 * @param dependsOn resource ids of the planned resources this one waits for
 * @param existing a languageVersion 2.0 {@code existing} reference: read, never PUT
 * @param copyIndex the copy loop index, or -1 outside a loop
 * @param declaration {@code {"path": "$.resources[0]", "copy": "loopName"|null, "batchSize": n|null}} for diagnostics
 */
public record PlannedResource(String symbolicName, String resourceId, String type, String apiVersion, String name,
                              List<String> dependsOn, boolean existing, int copyIndex, JsonNode declaration) {
    public PlannedResource {
        dependsOn = List.copyOf(dependsOn);
    }

    /** The JSON path of the declaration in the template. */
    public String path() { return declaration == null ? null : declaration.path("path").asText(null); }
}

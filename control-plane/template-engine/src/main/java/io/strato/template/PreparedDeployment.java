package io.strato.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A validated, expanded deployment, ready to execute wave by wave. Immutable and safe to share; {@link #render} and
 * {@link #outputs} evaluate expressions anew on every call (runtime values may have changed in between).
 */
public interface PreparedDeployment {
    /** Every resource instance, in declaration order (false conditions removed, copies expanded). */
    List<PlannedResource> resources();

    /**
     * Topological waves: every resource of wave n depends only on resources of earlier waves. Serial copy loops put
     * each batch ({@code batchSize}) in its own wave. {@code existing} resources are included (they need no PUT).
     */
    List<List<PlannedResource>> waves();

    /** The body to PUT for {@code r}, every expression evaluated; runtime functions go through {@code runtime}. */
    JsonNode render(PlannedResource r, RuntimeLookup runtime);

    /** {@code {"name": {"type": "String", "value": ...}}}, as ARM returns outputs (conditions false are left out). */
    Map<String, JsonNode> outputs(RuntimeLookup runtime);

    /** {@code {"name": {"type": "String", "value": ...}}}; a secure parameter has its type and no value, as Azure shows it. */
    Map<String, JsonNode> parametersForResponse();

    /** The template as given. */
    JsonNode template();
}

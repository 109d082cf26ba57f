package io.strato.provider.containers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Lets tests in other packages parse request bodies as the handler does. */
public final class ContainersTestAccess {
    private ContainersTestAccess() {}

    public record Parsed(ContainerGroupSpec spec, Map<String, String> secrets) {}

    public static Parsed parse(JsonNode body) {
        var p = ContainerGroupRequest.parse(body);
        return new Parsed(p.spec(), p.secrets());
    }
}

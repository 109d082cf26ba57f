package io.strato.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Builders for the response shapes every ARM route shares. */
public final class Responses {
    /** Seconds clients wait between polls; az waits 30 s when the header is absent. */
    public static final String RETRY_AFTER = "1";

    private Responses() {}

    public static Response json(int status, JsonNode body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.write(body)).build();
    }

    public static Response ok(JsonNode body) { return json(200, body); }

    public static Response error(int status, ArmError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.write(Map.of("error", error))).build();
    }

    /** A list page: {@code {"value":[...],"nextLink":...}}; nextLink is omitted on the last page. */
    public static Response page(List<? extends JsonNode> items, String nextLink) {
        ObjectNode body = Json.object();
        ArrayNode value = body.putArray("value");
        items.forEach(value::add);
        if (nextLink != null) body.put("nextLink", nextLink);
        return ok(body);
    }

    /** 202 Accepted with a Location to poll and Retry-After. */
    public static Response accepted(String location) {
        return Response.status(202).header("Location", location).header("Retry-After", RETRY_AFTER).build();
    }
}

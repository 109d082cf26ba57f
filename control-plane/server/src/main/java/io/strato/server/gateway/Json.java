package io.strato.server.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.strato.model.ArmErrorCode;
import java.io.IOException;

/**
 * The two JSON mappers of the server. Requests are read leniently, as Azure's Newtonsoft reader does
 * (comments, unquoted keys, single quotes, trailing commas, a byte-order mark: the az CLI sends such
 * bodies); responses are written strictly.
 */
public final class Json {
    public static final ObjectMapper STRICT = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_YAML_COMMENTS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    public static ObjectNode object() { return JsonNodeFactory.instance.objectNode(); }

    /** Parses a request body; an empty body is an empty object; bad JSON is InvalidRequestContent. */
    public static JsonNode readBody(byte[] body) {
        int start = 0;
        if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) start = 3;
        if (isBlank(body, start)) return object();
        try (JsonParser p = LENIENT.getFactory().createParser(body, start, body.length - start)) {
            JsonNode node = LENIENT.readTree(p);
            if (p.nextToken() != null) throw new IOException("unexpected content after the JSON value");
            if (node == null || node.isMissingNode()) return object();
            return node;
        } catch (IOException e) {
            String detail = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
            throw ArmErrorCode.InvalidRequestContent.exception(
                    "The request content was invalid and could not be deserialized: '" + detail + "'.");
        }
    }

    private static boolean isBlank(byte[] b, int from) {
        for (int i = from; i < b.length; i++) if (!Character.isWhitespace(b[i])) return false;
        return true;
    }

    public static String write(Object value) {
        try {
            return STRICT.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass(), e);
        }
    }
}

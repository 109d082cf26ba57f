package io.strato.server.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmErrorCode;
import io.strato.server.gateway.Json;
import io.strato.server.identity.Caller;
import io.strato.server.persistence.ResourceEntity;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The parts every ARM resource shares: tags, location, ETag and systemData. */
public final class Envelope {
    static final int MAX_TAGS = 50;

    private Envelope() {}

    /** Validates the {@code tags} member of a body; absent means no tags. */
    public static Map<String, String> tags(JsonNode body) {
        JsonNode tags = body.get("tags");
        Map<String, String> out = new LinkedHashMap<>();
        if (tags == null || tags.isNull()) return out;
        if (!tags.isObject()) throw ArmErrorCode.InvalidRequestContent.exception("The tags must be an object of string values.", "tags");
        if (tags.size() > MAX_TAGS) {
            throw ArmErrorCode.TooManyTags.exception("The number of tags (" + tags.size() + ") exceeds the limit of " + MAX_TAGS + ".", "tags");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.isEmpty() || name.length() > 512) {
                throw ArmErrorCode.InvalidTagNameLength.exception("The tag name '" + name + "' must be between 1 and 512 characters long.", "tags");
            }
            if (name.chars().anyMatch(c -> "<>%&\\?/".indexOf(c) >= 0)) {
                throw ArmErrorCode.InvalidTagName.exception("The tag name '" + name + "' has invalid characters '<,>,%,&,\\,?,/'.", "tags");
            }
            if (!e.getValue().isValueNode()) {
                throw ArmErrorCode.InvalidRequestContent.exception("The value of tag '" + name + "' must be a string.", "tags." + name);
            }
            String value = e.getValue().isNull() ? "" : e.getValue().asText();
            if (value.length() > 256) {
                throw ArmErrorCode.InvalidTagValueLength.exception("The tag value for '" + name + "' exceeds the maximum length of 256 characters.", "tags." + name);
            }
            out.put(name, value);
        }
        return out;
    }

    /** ARM ignores case and spaces in locations ("West US" = "westus"). */
    public static String normalizeLocation(String location) { return location.replace(" ", "").toLowerCase(Locale.ROOT); }

    public static String newEtag() { return "\"" + UUID.randomUUID() + "\""; }

    public static void stampCreated(ResourceEntity e, Caller caller) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        e.createdAt = now;
        e.createdBy = caller == null ? null : caller.displayName();
        e.createdByType = caller == null ? null : caller.principalType();
        stampModified(e, caller);
    }

    public static void stampModified(ResourceEntity e, Caller caller) {
        e.modifiedAt = OffsetDateTime.now(ZoneOffset.UTC);
        e.modifiedBy = caller == null ? null : caller.displayName();
        e.modifiedByType = caller == null ? null : caller.principalType();
        e.etag = newEtag();
    }

    public static ObjectNode systemData(ResourceEntity e) {
        ObjectNode s = Json.object();
        if (e.createdBy != null) s.put("createdBy", e.createdBy);
        if (e.createdByType != null) s.put("createdByType", e.createdByType);
        s.put("createdAt", DateTimeFormatter.ISO_INSTANT.format(e.createdAt));
        if (e.modifiedBy != null) s.put("lastModifiedBy", e.modifiedBy);
        if (e.modifiedByType != null) s.put("lastModifiedByType", e.modifiedByType);
        s.put("lastModifiedAt", DateTimeFormatter.ISO_INSTANT.format(e.modifiedAt));
        return s;
    }

    public static JsonNode tagsNode(ResourceEntity e) { return readJson(e.tags); }

    /** Reads a JSON column written by this server. */
    public static JsonNode readJson(String stored) {
        try {
            return Json.STRICT.readTree(stored == null ? "{}" : stored);
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("a stored JSON column is not JSON", ex);
        }
    }
}

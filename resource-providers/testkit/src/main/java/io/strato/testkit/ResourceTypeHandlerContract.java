package io.strato.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.spi.Observation;
import io.strato.spi.ResourceTypeHandler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The behaviour every {@link ResourceTypeHandler} must show. Subclass it in the handler's tests and provide
 * the (configured) handler, a resource id, one valid PUT body and a table of invalid bodies, each with the
 * reason it is invalid and the ARM code Azure answers it with.
 *
 * @param <S> the handler's spec type
 */
public abstract class ResourceTypeHandlerContract<S> {
    /** Envelope properties the server owns; a handler neither has to echo them nor may it be blamed for them. */
    private static final Set<String> ENVELOPE = Set.of("id", "name", "type", "location", "tags", "etag", "systemData");

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper LENIENT = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    /** One invalid PUT body: why it is invalid, the body, and the code Azure answers it with. */
    public record InvalidSample(String reason, JsonNode body, ArmErrorCode expectedCode) {
        public static InvalidSample of(String reason, String json, ArmErrorCode expectedCode) {
            return new InvalidSample(reason, parse(json), expectedCode);
        }
    }

    /** The handler under test, ready to render responses (configured, if it needs a context). */
    protected abstract ResourceTypeHandler<S> handler();

    /** The id the samples are sent to; its name must be valid for the type. */
    protected abstract ResourceId sampleId();

    /** A valid PUT body whose type-specific fields ({@code sku, kind, properties, ...}) all appear in the response. */
    protected abstract JsonNode sampleValidBody();

    /** Invalid PUT bodies, each with its reason and expected code. */
    protected abstract List<InvalidSample> sampleInvalidBodies();

    /** The api-version the samples are sent at; the newest implemented shape by default. */
    protected ApiVersion sampleVersion() { return handler().apiVersions().shapes().last(); }

    /** What the driver reports about the sample resource when its response is rendered. */
    protected Observation sampleObservation() { return Observation.present(Map.of()); }

    @Test
    void itsApiVersionsIncludeAtLeastOneShape() {
        var versions = handler().apiVersions();

        assertThat(versions.shapes()).isNotEmpty();
        assertThat(versions.published()).containsAll(versions.shapes());
    }

    @Test
    void theSampleIdHasAValidName() {
        handler().validateName(sampleId());
    }

    @Test
    void aValidBodyRoundTripsThroughTheResponse() {
        JsonNode body = sampleValidBody();
        S spec = handler().toSpec(sampleVersion(), sampleId(), body, Optional.empty());

        ObjectNode response = handler().toResponse(sampleVersion(), sampleId(), spec, sampleObservation());

        List<String> missing = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            var field = it.next();
            if (!ENVELOPE.contains(field.getKey())) {
                collectMissing(field.getKey(), field.getValue(), response.get(field.getKey()), missing);
            }
        }
        assertThat(missing).as("fields of the body missing from or different in the response %s", response).isEmpty();
    }

    @Test
    void theSpecSurvivesJsonAsTheServerStoresIt() throws Exception {
        S spec = handler().toSpec(sampleVersion(), sampleId(), sampleValidBody(), Optional.empty());

        S stored = JSON.readValue(JSON.writeValueAsString(spec), handler().specClass());

        assertThat(stored).isEqualTo(spec);
    }

    @TestFactory
    Stream<DynamicTest> eachInvalidBodyIsRefusedWithAzuresCode() {
        assertThat(sampleInvalidBodies()).as("the table of invalid bodies").isNotEmpty();
        return sampleInvalidBodies().stream().map(sample -> DynamicTest.dynamicTest(sample.reason(), () ->
                assertThatThrownBy(() -> handler().toSpec(sampleVersion(), sampleId(), sample.body(), Optional.empty()))
                        .as(sample.reason())
                        .isInstanceOfSatisfying(ArmException.class, e ->
                                assertThat(e.error().code()).isEqualTo(sample.expectedCode().name()))));
    }

    /** Parses JSON text for the sample tables; single quotes are accepted to keep Java literals readable. */
    protected static JsonNode parse(String json) {
        try {
            return LENIENT.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    /** Every scalar in {@code expected} must be at the same path in {@code actual}; extra response fields are fine. */
    private static void collectMissing(String path, JsonNode expected, JsonNode actual, List<String> missing) {
        if (expected.isNull()) return;
        if (actual == null || actual.isNull()) {
            missing.add(path);
        } else if (expected.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                var field = it.next();
                collectMissing(path + "." + field.getKey(), field.getValue(), actual.get(field.getKey()), missing);
            }
        } else if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                missing.add(path + " (array of " + expected.size() + ")");
                return;
            }
            for (int i = 0; i < expected.size(); i++) collectMissing(path + "[" + i + "]", expected.get(i), actual.get(i), missing);
        } else if (expected.isNumber() ? !actual.isNumber() || expected.decimalValue().compareTo(actual.decimalValue()) != 0
                : !expected.equals(actual)) {
            missing.add(path + " (expected " + expected + ", was " + actual + ")");
        }
    }
}

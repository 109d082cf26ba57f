package io.strato.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.template.diagnostic.Diagnostic;
import io.strato.template.diagnostic.TemplateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden baselines: every folder under src/test/resources/golden holds template.json (+ parameters.json) and
 * expected.json, the plan summary (resources, waves, rendered bodies with a fake runtime), outputs and response
 * parameters, or the diagnostics. Run with {@code -Dgolden.update=true} to rewrite expected.json, then review the diff.
 */
class GoldenTest {
    static final Path ROOT = Path.of("src/test/resources/golden");
    static final Instant NOW = Instant.parse("2024-01-02T03:04:05Z");
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseMatchesItsBaseline() throws IOException {
        boolean update = Boolean.getBoolean("golden.update");
        return Files.list(ROOT).filter(Files::isDirectory).sorted().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            String actual = MAPPER.writeValueAsString(run(dir)).replace("\r\n", "\n") + "\n";
            Path expected = dir.resolve("expected.json");
            if (update || !Files.exists(expected)) {
                Files.writeString(expected, actual, StandardCharsets.UTF_8);
            }
            assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
        }));
    }

    static JsonNode run(Path dir) throws IOException {
        JsonNode template = read(dir.resolve("template.json"));
        JsonNode parameters = Files.exists(dir.resolve("parameters.json")) ? read(dir.resolve("parameters.json")) : null;
        boolean subscriptionScope = template.path("$schema").asText("").toLowerCase().contains("subscriptiondeploymenttemplate");
        DeploymentScope scope = subscriptionScope ? TestScopes.SUBSCRIPTION : TestScopes.RESOURCE_GROUP;
        ObjectNode out = MAPPER.createObjectNode();
        PreparedDeployment plan;
        try {
            plan = TemplateEngine.prepare(template, parameters, scope, NOW);
        } catch (TemplateException e) {
            out.set("diagnostics", diagnostics(e));
            return out;
        }
        ArrayNode resources = out.putArray("resources");
        for (PlannedResource r : plan.resources()) {
            ObjectNode o = resources.addObject();
            o.put("id", r.resourceId());
            o.put("type", r.type());
            o.put("apiVersion", r.apiVersion());
            o.put("name", r.name());
            o.put("symbolicName", r.symbolicName());
            if (r.copyIndex() >= 0) o.put("copyIndex", r.copyIndex());
            if (r.existing()) o.put("existing", true);
            ArrayNode deps = o.putArray("dependsOn");
            r.dependsOn().forEach(deps::add);
        }
        ArrayNode waves = out.putArray("waves");
        for (var wave : plan.waves()) {
            ArrayNode w = waves.addArray();
            wave.forEach(r -> w.add(r.resourceId()));
        }
        FakeRuntime runtime = new FakeRuntime(plan);
        ObjectNode bodies = out.putObject("bodies");
        for (PlannedResource r : plan.resources()) {
            try {
                bodies.set(r.resourceId(), plan.render(r, runtime));
            } catch (TemplateException e) {
                bodies.set(r.resourceId(), MAPPER.createObjectNode().set("diagnostics", diagnostics(e)));
            }
        }
        try {
            ObjectNode outputs = out.putObject("outputs");
            for (Map.Entry<String, JsonNode> e : plan.outputs(runtime).entrySet()) outputs.set(e.getKey(), e.getValue());
        } catch (TemplateException e) {
            out.set("outputs", MAPPER.createObjectNode().set("diagnostics", diagnostics(e)));
        }
        ObjectNode params = out.putObject("parameters");
        plan.parametersForResponse().forEach(params::set);
        return out;
    }

    static ArrayNode diagnostics(TemplateException e) {
        ArrayNode a = MAPPER.createArrayNode();
        for (Diagnostic d : e.diagnostics()) {
            a.addObject().put("code", d.code().name()).put("message", d.message()).put("path", d.jsonPath());
        }
        return a;
    }

    static JsonNode read(Path p) throws IOException {
        String text = Files.readString(p, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        return new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_UNQUOTED_CONTROL_CHARS).readTree(text);
    }
}

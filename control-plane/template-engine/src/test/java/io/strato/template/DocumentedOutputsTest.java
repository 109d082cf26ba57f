package io.strato.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The ARM template-function reference pages on learn.microsoft.com print, after each sample, the outputs Azure
 * returned for it. src/test/resources/docs-expected holds those tables, one file per sample of
 * shared/arm/templates/docs-function-samples (copied from the page, never from the engine), and this test runs every
 * sample through the engine with GoldenTest's scope and compares.
 *
 * <p>An output's expectation is one of: {@code value} (the page's value; {scopeField} and {param:name} placeholders
 * stand for what the page wrote as its own subscription, group, ...), {@code pattern} (a value that depends on the
 * deployment, such as utcNow or a hash of the page's resource group), {@code fields} (JSON pointer to value or pattern,
 * for objects the page documents as a format), {@code keys} (properties an object must have), or only {@code type}
 * (the value comes from the resource provider at run time). Where Azure's real behaviour contradicts the page,
 * {@code azure} holds the real value with the reason and evidence; {@code appliance} marks a value that differs because
 * the appliance is another cloud; {@code rendering: sameInstant} compares a date by the instant it denotes.
 */
class DocumentedOutputsTest {
    static final Path EXPECTED = Path.of("src/test/resources/docs-expected");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(subscriptionId|resourceGroupName|tenantId|location|deploymentName|param:[A-Za-z0-9_]+)}");
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue());
        return a.equals(b) ? 0 : 1;
    };
    private static final DateTimeFormatter US_GENERAL = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);
    private static final DateTimeFormatter UNIVERSAL_SORTABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssX");

    @TestFactory
    Stream<DynamicTest> every_docs_sample_produces_the_outputs_microsoft_documents() throws IOException {
        return expectationFiles().stream().map(file -> {
            JsonNode expected = read(file);
            String name = expected.path("sample").asText() + " (" + expected.path("source").asText() + ")";
            return DynamicTest.dynamicTest(name, () -> check(expected));
        });
    }

    @Test
    void every_docs_sample_of_the_corpus_has_its_documented_outputs_recorded() throws IOException {
        TreeSet<String> samples = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(GoldenTest.ROOT)) {
            dirs.map(d -> d.getFileName().toString()).filter(n -> n.startsWith("docs-")).forEach(samples::add);
        }
        TreeSet<String> recorded = new TreeSet<>();
        for (Path file : expectationFiles()) recorded.add(goldenDir(read(file)).getFileName().toString());
        assertThat(recorded).isEqualTo(samples).hasSize(72);
    }

    private static void check(JsonNode expected) throws IOException {
        Path dir = goldenDir(expected);
        JsonNode template = GoldenTest.read(dir.resolve("template.json"));
        ObjectNode parameters = parameters(dir, expected.path("parameters"));
        boolean subscriptionScope = template.path("$schema").asText("").toLowerCase(Locale.ROOT).contains("subscriptiondeploymenttemplate");
        DeploymentScope scope = subscriptionScope ? TestScopes.SUBSCRIPTION : TestScopes.RESOURCE_GROUP;
        PreparedDeployment plan = TemplateEngine.prepare(template, parameters, scope, GoldenTest.NOW);
        Map<String, JsonNode> actual = plan.outputs(new FakeRuntime(plan));

        JsonNode documented = expected.path("outputs");
        if (documented.isEmpty()) {
            assertThat(expected.path("note").asText()).as("a sample without documented outputs says why").isNotBlank();
            if (!template.path("outputs").isEmpty()) {
                assertThat(expected.path("note").asText()).as("outputs the page does not document").startsWith("Not verified");
            }
            return;
        }
        assertThat(new TreeSet<>(actual.keySet())).as("output names").isEqualTo(names(documented));
        for (Iterator<Map.Entry<String, JsonNode>> it = documented.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            checkOutput(e.getKey(), e.getValue(), actual.get(e.getKey()), scope, parameters);
        }
    }

    private static void checkOutput(String name, JsonNode doc, JsonNode actual, DeploymentScope scope, ObjectNode parameters) {
        assertThat(actual.path("type").asText()).as(name + " type").isEqualToIgnoringCase(doc.path("type").asText());
        JsonNode value = actual.path("value");
        if (doc.has("azure")) {
            assertThat(doc.path("azure").path("reason").asText()).as(name + " reason").isNotBlank();
            assertThat(doc.path("azure").path("evidence")).as(name + " evidence").isNotEmpty();
            assertEqual(name + " (Azure's behaviour, not the page's)", substitute(doc.path("azure").path("value"), scope, parameters), value);
        } else if (doc.has("appliance")) {
            assertThat(doc.path("appliance").path("reason").asText()).as(name + " reason").isNotBlank();
            assertEqual(name + " (the appliance's value)", substitute(doc.path("appliance").path("value"), scope, parameters), value);
        } else if ("sameInstant".equals(doc.path("rendering").path("check").asText())) {
            assertThat(instant(value.asText())).as(name + " instant").isEqualTo(instant(doc.path("value").asText()));
        } else if (doc.has("value")) {
            assertEqual(name, substitute(doc.path("value"), scope, parameters), value);
        } else if (doc.has("pattern")) {
            assertThat(value.isTextual()).as(name + " is a string").isTrue();
            assertThat(value.asText()).as(name).matches(doc.path("pattern").asText());
        } else if (doc.has("fields")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("fields").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode at = value.at(f.getKey());
                assertThat(at.isMissingNode()).as(name + f.getKey() + " present").isFalse();
                if (f.getValue().isObject() && f.getValue().has("pattern")) {
                    assertThat(at.asText()).as(name + f.getKey()).matches(f.getValue().path("pattern").asText());
                } else {
                    assertEqual(name + f.getKey(), substitute(f.getValue(), scope, parameters), at);
                }
            }
        } else if (doc.has("keys")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("keys").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> k = it.next();
                JsonNode object = value.at(k.getKey());
                List<String> keys = MAPPER.convertValue(k.getValue(), MAPPER.getTypeFactory().constructCollectionType(List.class, String.class));
                assertThat(names(object)).as(name + k.getKey() + " properties").containsAll(keys);
            }
        }
    }

    private static void assertEqual(String what, JsonNode expected, JsonNode actual) {
        assertThat(actual.equals(NUMBERS_BY_VALUE, expected)).as(what + ": expected " + expected + " but the engine gave " + actual).isTrue();
    }

    /** A date as the page prints it (en-US general, "4/7/2023 2:53:14 PM", UTC) or as ISO 8601 / 'u' format. */
    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notIso) {
            try {
                return OffsetDateTime.parse(text, UNIVERSAL_SORTABLE).toInstant();
            } catch (DateTimeParseException notSortable) {
                return LocalDateTime.parse(text, US_GENERAL).toInstant(ZoneOffset.UTC);
            }
        }
    }

    private static JsonNode substitute(JsonNode node, DeploymentScope scope, ObjectNode parameters) {
        if (node.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.textValue());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String key = m.group(1);
                String replacement = switch (key) {
                    case "subscriptionId" -> scope.subscriptionId();
                    case "resourceGroupName" -> scope.resourceGroup();
                    case "tenantId" -> scope.tenantId();
                    case "location" -> scope.location();
                    case "deploymentName" -> scope.deploymentName();
                    default -> parameters.path("parameters").path(key.substring("param:".length())).path("value").asText();
                };
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return TextNode.valueOf(out.toString());
        }
        if (node.isArray()) {
            var a = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> a.add(substitute(e, scope, parameters)));
            return a;
        }
        if (node.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> o.set(e.getKey(), substitute(e.getValue(), scope, parameters)));
            return o;
        }
        return node;
    }

    /** The golden case's parameter file, with the values the page deployed with laid over it. */
    private static ObjectNode parameters(Path dir, JsonNode pageValues) throws IOException {
        Path file = dir.resolve("parameters.json");
        ObjectNode p = Files.exists(file) ? (ObjectNode) GoldenTest.read(file) : JsonNodeFactory.instance.objectNode()
                .put("$schema", "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#")
                .put("contentVersion", "1.0.0.0");
        ObjectNode values = p.has("parameters") ? (ObjectNode) p.get("parameters") : p.putObject("parameters");
        pageValues.fields().forEachRemaining(e -> values.putObject(e.getKey()).set("value", e.getValue()));
        return p;
    }

    private static Path goldenDir(JsonNode expected) {
        String sample = expected.path("sample").asText();
        return GoldenTest.ROOT.resolve("docs-" + sample.replace(".json", "").replace('/', '-'));
    }

    private static TreeSet<String> names(JsonNode object) {
        TreeSet<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<Path> expectationFiles() throws IOException {
        try (Stream<Path> files = Files.walk(EXPECTED)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }
}

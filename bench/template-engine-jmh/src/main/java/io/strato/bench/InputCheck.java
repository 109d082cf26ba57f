package io.strato.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.template.PlannedResource;
import io.strato.template.PreparedDeployment;
import io.strato.template.TemplateEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Checks that the benchmark inputs are what the benchmarks claim (run from every benchmark's setup) and, as a
 * program ({@code java -cp benchmarks.jar io.strato.bench.InputCheck}), prints them in one markdown paragraph for
 * bench/engine.sh.
 */
public final class InputCheck {
    /** ARM's template limits (ARM-CONTRACT.md). */
    static final int MAX_TEMPLATE_BYTES = 4 * 1024 * 1024, MAX_RESOURCES = 800, MAX_VARIABLES = 512, MAX_EXPRESSION = 24_576;

    private InputCheck() {}

    static void verify(PreparedDeployment copy, PreparedDeployment large, String largeText) {
        require(copy.resources().size() == Templates.COPY_COUNT, "the copy template has " + copy.resources().size() + " resources");
        require(copy.outputs(EngineBenchmark.TRIVIAL_LOOKUP).get("names").path("value").size() == Templates.COPY_COUNT, "the copy template's output copy");
        long distinct = copy.resources().stream().map(PlannedResource::name).distinct().count();
        require(distinct == Templates.COPY_COUNT, "the copy template has " + distinct + " distinct names");
        int bytes = largeText.getBytes(StandardCharsets.UTF_8).length;
        require(bytes > 3_800_000 && bytes < MAX_TEMPLATE_BYTES, "the large template has " + bytes + " bytes");
        require(large.resources().size() <= MAX_RESOURCES, "the large template has " + large.resources().size() + " resources");
        require(large.template().path("variables").size() <= MAX_VARIABLES, "the large template has too many variables");
        require(longestExpression(large.template()) < MAX_EXPRESSION, "the large template has an expression that is too long");
    }

    private static void require(boolean ok, String what) {
        if (!ok) throw new IllegalStateException("benchmark input not as intended: " + what);
    }

    static int longestExpression(JsonNode n) {
        if (n.isTextual()) return n.textValue().startsWith("[") ? n.textValue().length() : 0;
        int max = 0;
        for (JsonNode c : n) max = Math.max(max, longestExpression(c));
        return max;
    }

    public static void main(String[] args) throws IOException {
        ObjectNode noParameters = Templates.JSON.createObjectNode();
        ObjectNode copyTemplate = Templates.copyTemplate(Templates.COPY_COUNT);
        ObjectNode largeTemplate = Templates.largeTemplate();
        String largeText = Templates.JSON.writeValueAsString(largeTemplate);
        PreparedDeployment copy = TemplateEngine.prepare(copyTemplate, noParameters, Templates.SCOPE);
        PreparedDeployment large = TemplateEngine.prepare(largeTemplate, noParameters, Templates.SCOPE);
        verify(copy, large, largeText);
        Map<String, JsonNode> outputs = copy.outputs(EngineBenchmark.TRIVIAL_LOOKUP);
        System.out.printf("Inputs (generated in memory by `Templates`): the 800-resource template is %,d bytes, one storage account "
                        + "declaration copied %d times (%d planned resources in %d wave(s); name `%s`, e.g. `%s`), with %d outputs "
                        + "(two of them output copy loops of 800). The large template is %,d bytes: %d variables, %d resources declared "
                        + "one by one (%d waves through dependsOn), %d outputs; its longest expression has %,d characters.%n",
                Templates.JSON.writeValueAsBytes(copyTemplate).length, Templates.COPY_COUNT, copy.resources().size(), copy.waves().size(),
                Templates.accountName(), copy.resources().get(0).name(), outputs.size(),
                largeText.getBytes(StandardCharsets.UTF_8).length, largeTemplate.path("variables").size(), large.resources().size(),
                large.waves().size(), large.template().path("outputs").size(), longestExpression(largeTemplate));
    }
}

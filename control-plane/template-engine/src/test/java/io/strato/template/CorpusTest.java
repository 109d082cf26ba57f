package io.strato.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.template.diagnostic.TemplateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Prepares every template of the shared corpus (../shared/arm/templates) with its parameter file (GEN-* placeholders
 * filled in) and renders every resource and the outputs with a fake runtime. Skipped when the corpus is absent.
 */
class CorpusTest {
    static final Path CORPUS = Path.of(System.getProperty("strato.shared", "../../../shared"), "arm/templates");

    @Test
    void almostEveryCorpusTemplatePreparesAndRenders() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS), "the shared corpus is not on this machine");
        List<String> failures = new ArrayList<>();
        int total = 0;
        List<String> lines = Files.readAllLines(CORPUS.resolve("MANIFEST.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            Path template = CORPUS.resolve(f[3]);
            String paramsFile = f[10].split(";")[0];
            Path params = paramsFile.isEmpty() || paramsFile.equals("-") ? null : template.getParent().resolve(paramsFile);
            total++;
            try {
                JsonNode t = GoldenTest.read(template);
                JsonNode p = params != null && Files.exists(params) ? GoldenTest.MAPPER.readTree(
                        Files.readString(params).replace("\uFEFF", "").replaceAll("GEN-PASSWORD", "P@ssw0rd-Strato1!")
                                .replaceAll("GEN-UNIQUE[A-Z0-9-]*", "stratouniq").replaceAll("\"GEN-[A-Z0-9-]*\"", "\"stratogen\"")) : null;
                boolean sub = t.path("$schema").asText("").toLowerCase().contains("subscriptiondeploymenttemplate");
                PreparedDeployment plan = TemplateEngine.prepare(t, p, sub ? TestScopes.SUBSCRIPTION : TestScopes.RESOURCE_GROUP);
                FakeRuntime runtime = new FakeRuntime(plan);
                for (PlannedResource r : plan.resources()) plan.render(r, runtime);
                plan.outputs(runtime);
            } catch (TemplateException e) {
                failures.add(f[3] + ": " + e.first());
            } catch (RuntimeException e) {
                failures.add(f[3] + ": CRASH " + e);
            }
        }
        System.out.println("corpus: " + (total - failures.size()) + "/" + total + " prepare+render+outputs");
        failures.forEach(x -> System.out.println("  " + x));
        assertThat(failures).noneMatch(x -> x.contains("CRASH"));
        assertThat(total - failures.size()).isGreaterThanOrEqualTo(EXPECTED_MINIMUM);
    }

    /** Raise this as the engine improves; see the printed failures for what remains. */
    static final int EXPECTED_MINIMUM = 150;
}

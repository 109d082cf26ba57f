package io.strato.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every template of the ARM corpus ({@code shared/arm/templates}, or {@code $STRATO_ARM_CORPUS}) against the appliance:
 * parameters built as the quickstart harness builds them, then validate and what-if in a fresh resource group, and for
 * templates that validate (all their resource types served here) a real deployment that must reach Succeeded.
 * Outcomes are compared with {@code src/test/resources/corpus-expectations.tsv}, so any change fails the test;
 * {@code -Dcorpus.update=true} rewrites that file and the report {@code docs/template-corpus.md}.
 */
class TemplateCorpusIT {
    static final String V = "?api-version=2021-04-01";
    static final int THREADS = Integer.getInteger("corpus.threads", 4);
    static final Pattern TYPE_IN_MESSAGE = Pattern.compile("for type '([^']+)'");
    static final Arm arm = new Arm();
    static final Deploy deploy = new Deploy(arm);
    static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    record Entry(int index, String path, String corpus, String scope, List<String> types, List<String> parameterFiles, String features,
                 String sourceRepo, String sourcePath, String commit) {}

    record Result(Entry entry, boolean typesServed, String validate, String validateMessage, List<String> unsupportedTypes,
                  String whatIf, String whatIfDetail, String deploy, String deployMessage, List<String> notes, long millis) {
        String key() { return validate + "\t" + whatIf + "\t" + deploy; }
    }

    record Expected(String validate, String whatIf, String deploy, String reason) {}

    static final Set<String> GUEST_TYPES = Set.of("microsoft.compute/virtualmachines", "microsoft.compute/virtualmachinescalesets");

    static boolean startsGuests(Entry e) { return e.types().stream().anyMatch(t -> GUEST_TYPES.contains(t.toLowerCase(java.util.Locale.ROOT))); }

    @Test
    void everyCorpusTemplateValidatesWhatIfsAndDeploysAsRecorded() throws Exception {
        Path corpus = corpusCandidate();
        Assumptions.assumeTrue(Files.isRegularFile(corpus.resolve("MANIFEST.tsv")),
                "no ARM template corpus at " + corpus + ": set STRATO_ARM_CORPUS (or -Dstrato.arm.corpus) to shared/arm/templates");
        List<Entry> entries = manifest(corpus);
        // -Dcorpus.only=REGEX runs the templates whose path matches, checked against their rows alone
        String only = System.getProperty("corpus.only", "");
        if (!only.isBlank()) entries = entries.stream().filter(e -> java.util.regex.Pattern.compile(only).matcher(e.path()).find()).toList();
        Set<String> served = servedTypes();
        long start = System.currentTimeMillis();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        // templates that start real QEMU guests take one lane, one template at a time, each group deleted (and its
        // guests stopped) before the next: many TCG guests booting together on a small host starve each other
        ExecutorService guests = Executors.newSingleThreadExecutor();
        List<Future<Result>> futures = new ArrayList<>();
        for (Entry e : entries) futures.add((startsGuests(e) ? guests : pool).submit(() -> run(corpus, e, served)));
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : futures) results.add(f.get());
        pool.shutdown();
        guests.shutdown();
        long elapsed = System.currentTimeMillis() - start;

        Path repo = repoRoot();
        String report = report(results, served, elapsed);
        Files.createDirectories(repo.resolve("tests/target"));
        Files.writeString(repo.resolve("tests/target/template-corpus.md"), report);
        Path expectationsFile = repo.resolve("tests/src/test/resources/corpus-expectations.tsv");
        if (Boolean.getBoolean("corpus.update") && only.isBlank()) {
            Files.createDirectories(expectationsFile.getParent());
            Files.writeString(expectationsFile, expectations(results, readExpectations(expectationsFile)));
            Files.writeString(repo.resolve("docs/template-corpus.md"), report);
        }
        Map<String, Expected> expected = readExpectations(expectationsFile);
        List<String> changes = new ArrayList<>();
        for (Result r : results) {
            Expected x = expected.get(r.entry().path());
            if (x == null) {
                changes.add(r.entry().path() + ": not in the expectations (now " + r.key().replace('\t', ' ') + ")");
                continue;
            }
            if (!x.validate().equals(r.validate())) changes.add(r.entry().path() + ": validate was " + x.validate() + ", now " + r.validate() + " " + r.validateMessage());
            if (!x.whatIf().equals(r.whatIf())) changes.add(r.entry().path() + ": whatIf was " + x.whatIf() + ", now " + r.whatIf() + " " + r.whatIfDetail());
            if (!x.deploy().equals(r.deploy())) changes.add(r.entry().path() + ": deploy was " + x.deploy() + ", now " + r.deploy() + " " + r.deployMessage());
        }
        Set<String> run = results.stream().map(r -> r.entry().path()).collect(Collectors.toSet());
        if (only.isBlank()) expected.keySet().stream().filter(p -> !run.contains(p)).forEach(p -> changes.add(p + ": expected but no longer in the corpus"));
        assertThat(changes).as("outcomes that differ from " + expectationsFile + " (rerun with -Dcorpus.update=true to accept them); report in tests/target/template-corpus.md")
                .isEmpty();
        // a template the appliance accepts must deploy
        List<String> failedDeployments = results.stream().filter(r -> !r.deploy().equals("-") && !r.deploy().equals("Succeeded"))
                .filter(r -> !expected.get(r.entry().path()).reason().startsWith("known:"))
                .map(r -> r.entry().path() + ": " + r.deploy() + " " + r.deployMessage()).toList();
        assertThat(failedDeployments).as("templates that validate but do not deploy").isEmpty();
        assertThat(elapsed).as("the corpus run time").isLessThan(10 * 60_000L);
    }

    // --- running one template ---

    Result run(Path corpus, Entry e, Set<String> served) {
        long t0 = System.currentTimeMillis();
        boolean typesServed = e.types().stream().allMatch(t -> served.contains(t.toLowerCase(Locale.ROOT)));
        String rg = e.scope().equals("resourceGroup") ? "rg-corpus-" + String.format("%03d", e.index()) + "-" + RUN : null;
        String name = "corpus-" + String.format("%03d", e.index()) + "-" + RUN;
        List<String> notes = new ArrayList<>();
        String validate, validateMessage = "", whatIf = "-", whatIfDetail = "", deployed = "-", deployMessage = "";
        List<String> unsupported = new ArrayList<>();
        try {
            JsonNode template = CorpusParameters.read(corpus.resolve(e.path()));
            CorpusParameters params = new CorpusParameters(Appliance.get().subscriptionId, rg == null ? "rg-corpus-" + RUN : rg);
            Path dir = corpus.resolve(e.path()).getParent();
            Path file = e.parameterFiles().stream().map(dir::resolve).filter(Files::isRegularFile)
                    .min(Comparator.comparing(p -> p.getFileName().toString().equals("azuredeploy.parameters.json") ? 0 : 1)).orElse(null);
            if (e.sourceRepo() != null && e.sourcePath() != null && e.sourcePath().contains("/")) {
                params.artifactsLocation = "https://raw.githubusercontent.com/" + e.sourceRepo() + "/" + e.commit() + "/"
                        + e.sourcePath().substring(0, e.sourcePath().lastIndexOf('/') + 1);
            }
            ObjectNode parameters = params.build(template, file);
            notes.addAll(params.notes);
            ObjectNode body = Deploy.body(template, parameters);
            if (!e.scope().equals("resourceGroup")) body.put("location", "local");
            if (rg != null) {
                Arm.Reply g = arm.put(arm.sub() + "/resourcegroups/" + rg + V, "{\"location\":\"local\",\"tags\":{\"suite\":\"corpus\"}}");
                if (g.status() != 201 && g.status() != 200) throw new IllegalStateException("cannot create " + rg + ": " + g.body());
            }
            String base = scopeUrl(e.scope(), rg, name);
            Arm.Reply v = deploy.finish(arm.send("POST", base + "/validate" + V, body.toString()));
            if (v.status() == 200) {
                validate = "Succeeded";
                validateMessage = v.json().path("properties").path("validatedResources").size() + " resources";
            } else {
                JsonNode err = v.json().path("error");
                JsonNode first = err.path("details").isEmpty() ? err : err.path("details").get(0);
                validate = err.path("code").asText("HTTP" + v.status()) + (err.path("details").isEmpty() ? "" : "/" + first.path("code").asText());
                validateMessage = first.path("message").asText(v.body());
                for (JsonNode d : err.path("details")) {
                    Matcher m = TYPE_IN_MESSAGE.matcher(d.path("message").asText());
                    if (d.path("code").asText().equals("NoRegisteredProviderFound") && m.find() && !unsupported.contains(m.group(1))) unsupported.add(m.group(1));
                }
            }
            Arm.Reply w = deploy.finish(arm.send("POST", base + "/whatIf" + V, body.toString()));
            if (w.status() == 200) {
                whatIf = w.json().path("status").asText("Succeeded");
                Map<String, Integer> counts = new TreeMap<>();
                w.json().path("properties").path("changes").forEach(c -> counts.merge(c.path("changeType").asText(), 1, Integer::sum));
                whatIfDetail = counts.entrySet().stream().map(x -> x.getKey() + " " + x.getValue()).collect(Collectors.joining(", "));
            } else {
                JsonNode err = w.json().path("error");
                whatIf = err.path("code").asText("HTTP" + w.status()) + (err.path("details").isEmpty() ? "" : "/" + err.path("details").get(0).path("code").asText());
                whatIfDetail = (err.path("details").isEmpty() ? err : err.path("details").get(0)).path("message").asText(w.body());
            }
            if (validate.equals("Succeeded")) {
                Arm.Reply put = arm.put(base + V, body.toString());
                if (put.status() != 201 && put.status() != 200) {
                    deployed = "Refused:" + put.errorCode();
                    deployMessage = put.json().path("error").path("message").asText(put.body());
                } else {
                    JsonNode status;
                    try {
                        // real guests boot under TCG, in one lane: give them longer than a template of records
                        status = deploy.await(put, startsGuests(e) ? 420_000 : 180_000);
                        deployed = status.path("status").asText();
                    } catch (AssertionError slow) {
                        deployed = "TimedOut";
                        deployMessage = slow.getMessage();
                    }
                    if (!deployed.equals("Succeeded") && !deployed.equals("TimedOut")) {
                        JsonNode err = arm.get(base + V).json().path("properties").path("error");
                        JsonNode first = err.path("details").isEmpty() ? err : err.path("details").get(0);
                        deployed += ":" + err.path("code").asText() + (err.path("details").isEmpty() ? "" : "/" + first.path("code").asText());
                        deployMessage = first.path("message").asText();
                    }
                }
            }
        } catch (Exception | AssertionError x) {
            validate = "ClientError";
            validateMessage = x.toString();
        } finally {
            try {
                if (rg != null) {
                    // a template may lock what it made (route-table-create does): unlock first, as its user would
                    for (JsonNode l : arm.get(arm.sub() + "/resourcegroups/" + rg + "/providers/Microsoft.Authorization/locks?api-version=2016-09-01").json().path("value")) {
                        arm.delete(l.path("id").asText() + "?api-version=2016-09-01");
                    }
                    arm.delete(arm.sub() + "/resourcegroups/" + rg + V);
                    if (startsGuests(e)) {
                        for (int i = 0; i < 120 && arm.get(arm.sub() + "/resourcegroups/" + rg + V).status() != 404; i++) Thread.sleep(1000);
                    }
                }
                else arm.delete(scopeUrl(e.scope(), null, name) + V);
            } catch (Exception ignored) {
                // clean-up is best effort
            }
        }
        return new Result(e, typesServed, validate, oneLine(validateMessage), unsupported, whatIf, oneLine(whatIfDetail), deployed, oneLine(deployMessage),
                notes, System.currentTimeMillis() - t0);
    }

    String scopeUrl(String scope, String rg, String name) {
        return switch (scope) {
            case "resourceGroup" -> deploy.url(rg, name);
            case "subscription" -> deploy.url(null, name);
            case "tenant" -> "/providers/Microsoft.Resources/deployments/" + name;
            default -> throw new IllegalArgumentException("scope " + scope);
        };
    }

    static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("[\\t\\r\\n]+", " ").trim();
        return t.length() > 400 ? t.substring(0, 400) + "…" : t;
    }

    // --- inputs ---

    static Path repoRoot() {
        Path here = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
        return Files.isDirectory(here.resolve("tests")) && Files.isRegularFile(here.resolve("pom.xml")) ? here : here.getParent();
    }

    /** {@code $STRATO_ARM_CORPUS}, {@code -Dstrato.arm.corpus}, else {@code <repo>/../shared/arm/templates}. */
    static Path corpusCandidate() {
        String env = System.getenv("STRATO_ARM_CORPUS");
        if (env == null || env.isBlank()) env = System.getProperty("strato.arm.corpus");
        return env == null || env.isBlank() ? repoRoot().resolve("../shared/arm/templates").normalize() : Path.of(env).toAbsolutePath();
    }

    static List<Entry> manifest(Path corpus) throws IOException {
        List<String> lines = Files.readAllLines(corpus.resolve("MANIFEST.tsv"));
        List<String> header = List.of(lines.get(0).split("\t", -1));
        List<Entry> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] c = lines.get(i).split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int k = 0; k < header.size() && k < c.length; k++) row.put(header.get(k), c[k]);
            String path = row.get("local_path");
            List<String> types = new ArrayList<>();
            for (String t : row.getOrDefault("resource_types", "-").split(";")) {
                if (!t.isBlank() && !t.equals("-")) types.add(t.replaceAll("x\\d+$", "").trim());
            }
            List<String> files = new ArrayList<>();
            for (String f : row.getOrDefault("parameters_file", "-").split(";")) if (!f.isBlank() && !f.equals("-")) files.add(f);
            out.add(new Entry(i, path, path.substring(0, path.indexOf('/')), row.getOrDefault("target_scope", "resourceGroup"), types, files,
                    row.getOrDefault("features", "-"), row.get("source_repo"), row.get("source_path"), row.get("commit")));
        }
        return out;
    }

    /** {@code namespace/type} (lower case) of every resource type the appliance's providers register, as /providers lists them. */
    static Set<String> servedTypes() throws Exception {
        Set<String> out = new TreeSet<>();
        for (JsonNode p : arm.get(arm.sub() + "/providers" + V).json().path("value")) {
            if (!"Registered".equalsIgnoreCase(p.path("registrationState").asText("Registered"))) continue;
            for (JsonNode t : p.path("resourceTypes")) out.add((p.path("namespace").asText() + "/" + t.path("resourceType").asText()).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    // --- expectations ---

    /** The expectations file for these results; a hand-written 'known:' reason is kept while the outcome stays the same. */
    static String expectations(List<Result> results, Map<String, Expected> before) {
        StringBuilder b = new StringBuilder("# TemplateCorpusIT expectations: one row per corpus template; regenerate with -Dcorpus.update=true.\n"
                + "# A reason starting with 'known:' (written by hand) lets a template that validates fail to deploy without failing the test.\n"
                + "template\tvalidate\twhatIf\tdeploy\treason\n");
        results.stream().sorted(Comparator.comparing(r -> r.entry().path())).forEach(r -> {
            String reason = r.validate().equals("Succeeded") ? (r.deploy().equals("Succeeded") ? "deploys" : r.deployMessage()) : r.validateMessage();
            if (!r.unsupportedTypes().isEmpty()) reason = "unsupported: " + String.join(", ", r.unsupportedTypes());
            Expected old = before.get(r.entry().path());
            if (old != null && old.reason().startsWith("known:") && old.validate().equals(r.validate()) && old.deploy().equals(r.deploy())) reason = old.reason();
            b.append(r.entry().path()).append('\t').append(r.validate()).append('\t').append(r.whatIf()).append('\t').append(r.deploy()).append('\t')
                    .append(oneLine(reason).replace('\t', ' ')).append('\n');
        });
        return b.toString();
    }

    static Map<String, Expected> readExpectations(Path file) throws IOException {
        Map<String, Expected> out = new LinkedHashMap<>();
        List<String> lines;
        if (Files.isRegularFile(file)) lines = Files.readAllLines(file);
        else {
            var in = TemplateCorpusIT.class.getResourceAsStream("/corpus-expectations.tsv");
            if (in == null) return out;
            try (in) {
                lines = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
            }
        }
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("template\t")) continue;
            String[] c = line.split("\t", -1);
            out.put(c[0], new Expected(c[1], c[2], c[3], c.length > 4 ? c[4] : ""));
        }
        return out;
    }

    // --- report ---

    static String report(List<Result> results, Set<String> served, long elapsed) {
        StringBuilder b = new StringBuilder();
        long validated = results.stream().filter(r -> r.validate().equals("Succeeded")).count();
        long whatIfOk = results.stream().filter(r -> r.whatIf().equals("Succeeded")).count();
        List<Result> deployedList = results.stream().filter(r -> !r.deploy().equals("-")).toList();
        long deployedOk = deployedList.stream().filter(r -> r.deploy().equals("Succeeded")).count();
        long served100 = results.stream().filter(Result::typesServed).count();
        b.append("# The ARM template corpus against Strato\n\n")
                .append("Generated by `TemplateCorpusIT` (").append(DateTimeFormatter.ISO_LOCAL_DATE.format(OffsetDateTime.now(ZoneOffset.UTC)))
                .append(") from the ").append(results.size()).append(" templates of `shared/arm/templates` (see its README).\n")
                .append("Regenerate with `mvn -pl tests verify -DskipE2e=false -Dstrato.bootstrap=DATA/bootstrap.env -Dit.test=TemplateCorpusIT -Dcorpus.update=true`;\n")
                .append("the same run rewrites `tests/src/test/resources/corpus-expectations.tsv`, which every other run compares against.\n\n")
                .append("For each template: parameters from its parameter file (GEN-* placeholders replaced with generated values: unique lower-case names, ")
                .append("strong passwords, an SSH public key, GUIDs) plus a value for every required parameter without a default (from its type, ")
                .append("allowedValues and bounds); then `POST validate` and `POST whatIf` in a fresh resource group (subscription-scope templates at the ")
                .append("subscription), and for every template that validates a real `PUT`, waited on until it finishes.\n\n")
                .append("The `docs-function-samples` part of the corpus is also checked offline against the outputs Microsoft documents for ")
                .append("each sample (`DocumentedOutputsTest` in `control-plane/template-engine`; the counts and the exceptions with their ")
                .append("reasons are in [template-functions-documented.md](template-functions-documented.md)).\n\n")
                .append("Resource types the appliance serves (`GET /subscriptions/{s}/providers`): `")
                .append(served.stream().filter(t -> !t.startsWith("microsoft.resources/") && !t.contains("/operations") && !t.contains("/locations")
                        && !t.endsWith("checknameavailability")).collect(Collectors.joining("`, `")))
                .append("` (and `Microsoft.Resources/deployments`).\n\n");
        b.append("## Summary\n\n| | templates |\n| --- | --- |\n")
                .append("| in the corpus | ").append(results.size()).append(" |\n")
                .append("| every declared type served (MANIFEST `resource_types`) | ").append(served100).append(" |\n")
                .append("| validate Succeeded | ").append(validated).append(" |\n")
                .append("| whatIf Succeeded | ").append(whatIfOk).append(" |\n")
                .append("| deployed (validated, so PUT) | ").append(deployedList.size()).append(" |\n")
                .append("| deployment Succeeded | ").append(deployedOk).append(" |\n")
                .append("| run time (").append(THREADS).append(" threads) | ").append(elapsed / 1000).append(" s |\n\n");
        b.append("| corpus | templates | validate OK | whatIf OK | deploy OK |\n| --- | --- | --- | --- | --- |\n");
        Map<String, List<Result>> byCorpus = results.stream().collect(Collectors.groupingBy(r -> r.entry().corpus(), TreeMap::new, Collectors.toList()));
        byCorpus.forEach((c, rs) -> b.append("| ").append(c).append(" | ").append(rs.size()).append(" | ")
                .append(rs.stream().filter(r -> r.validate().equals("Succeeded")).count()).append(" | ")
                .append(rs.stream().filter(r -> r.whatIf().equals("Succeeded")).count()).append(" | ")
                .append(rs.stream().filter(r -> r.deploy().equals("Succeeded")).count()).append(" |\n"));

        // validation failures by reason
        Map<String, List<Result>> byReason = new TreeMap<>();
        for (Result r : results) {
            if (r.validate().equals("Succeeded")) continue;
            byReason.computeIfAbsent(reason(r), k -> new ArrayList<>()).add(r);
        }
        b.append("\n## Validation failures by reason\n\n| reason | templates |\n| --- | --- |\n");
        byReason.entrySet().stream().sorted((x, y) -> y.getValue().size() - x.getValue().size())
                .forEach(x -> b.append("| ").append(md(x.getKey())).append(" | ").append(x.getValue().size()).append(" |\n"));
        Map<String, Integer> typeCounts = new TreeMap<>();
        results.forEach(r -> new HashSet<>(r.unsupportedTypes()).forEach(t -> typeCounts.merge(t, 1, Integer::sum)));
        if (!typeCounts.isEmpty()) {
            b.append("\nUnserved resource types named by NoRegisteredProviderFound (templates naming each):\n\n| type | templates |\n| --- | --- |\n");
            typeCounts.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue())
                    .forEach(x -> b.append("| `").append(x.getKey()).append("` | ").append(x.getValue()).append(" |\n"));
        }
        byReason.entrySet().stream().sorted((x, y) -> y.getValue().size() - x.getValue().size()).forEach(x -> {
            b.append("\n### ").append(x.getKey()).append(" (").append(x.getValue().size()).append(")\n\n");
            b.append("| template | error (code, first detail) | message |\n| --- | --- | --- |\n");
            x.getValue().stream().sorted(Comparator.comparing(r -> r.entry().path())).forEach(r -> b.append("| `").append(r.entry().path()).append("` | `")
                    .append(r.validate()).append("` | ").append(md(r.validateMessage())).append(" |\n"));
        });

        b.append("\n## Deployments\n\n| template | result | what-if changes | time | notes |\n| --- | --- | --- | --- | --- |\n");
        deployedList.stream().sorted(Comparator.comparing(r -> r.entry().path())).forEach(r -> b.append("| `").append(r.entry().path()).append("` | ")
                .append(r.deploy().equals("Succeeded") ? "Succeeded" : "**" + md(r.deploy()) + "** " + md(r.deployMessage())).append(" | ")
                .append(md(r.whatIfDetail())).append(" | ").append(String.format("%.1f s", r.millis() / 1000.0)).append(" | ")
                .append(md(String.join("; ", r.notes()))).append(" |\n"));

        b.append("\n## Every template\n\n| template | scope | types served | validate | whatIf | deploy |\n| --- | --- | --- | --- | --- | --- |\n");
        results.stream().sorted(Comparator.comparing(r -> r.entry().path())).forEach(r -> b.append("| `").append(r.entry().path()).append("` | ")
                .append(r.entry().scope()).append(" | ").append(r.typesServed() ? "yes" : "no").append(" | ").append(md(r.validate())).append(" | ")
                .append(md(r.whatIf())).append(" | ").append(md(r.deploy())).append(" |\n"));
        List<Result> noted = results.stream().filter(r -> !r.notes().isEmpty()).sorted(Comparator.comparing(r -> r.entry().path())).toList();
        if (!noted.isEmpty()) {
            b.append("\n## Parameter notes\n\nValues the runner generated or replaced beyond copying the parameter file:\n\n");
            noted.forEach(r -> b.append("- `").append(r.entry().path()).append("`: ").append(md(String.join("; ", r.notes()))).append('\n'));
        }
        return b.toString();
    }

    /** The group a validation failure belongs to: unserved namespaces for NoRegisteredProviderFound, else the error codes. */
    static String reason(Result r) {
        if (!r.unsupportedTypes().isEmpty()) {
            Set<String> namespaces = new TreeSet<>();
            r.unsupportedTypes().forEach(t -> namespaces.add(t.contains("/") ? t.substring(0, t.indexOf('/')) : t));
            return "NoRegisteredProviderFound: " + String.join(", ", namespaces);
        }
        return r.validate();
    }

    static String md(String s) { return s == null ? "" : s.replace("|", "\\|").replace("\n", " "); }
}

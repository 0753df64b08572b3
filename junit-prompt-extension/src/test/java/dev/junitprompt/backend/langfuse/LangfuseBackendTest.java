package dev.junitprompt.backend.langfuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.junitprompt.backend.langfuse.FakeLangfuse.Generation;
import dev.junitprompt.backend.langfuse.FakeLangfuse.Span;
import dev.junitprompt.engine.PromptExperimentTestEngine;
import dev.junitprompt.engine.fixtures.GreetingExperiments;
import dev.junitprompt.engine.fixtures.LangfuseExperiments;

/** The engine recording runs to a fake Langfuse, as a v3 and as a v4 server, and reading from it. */
class LangfuseBackendTest {

    @TempDir
    Path work;

    private FakeLangfuse langfuse;
    private final Map<String, String> environment = new HashMap<>();
    private final Map<String, String> configuration = new HashMap<>();

    @AfterEach
    void stop() {
        if (langfuse != null) {
            langfuse.close();
        }
    }

    private EngineExecutionResults run(DiscoverySelector selector, String backends) {
        return run(selector, backends, "");
    }

    private EngineExecutionResults run(DiscoverySelector selector, String backends, String required) {
        environment.put("LANGFUSE_HOST", langfuse.host());
        environment.put("LANGFUSE_PUBLIC_KEY", FakeLangfuse.PUBLIC_KEY);
        environment.put("LANGFUSE_SECRET_KEY", FakeLangfuse.SECRET_KEY);
        return EngineTestKit.engine(new PromptExperimentTestEngine(environment))
                .configurationParameters(configuration)
                .configurationParameter("prompt.experiment.datasets.dir", "src/test/resources/engine/datasets")
                .configurationParameter("prompt.experiment.targets.dir", "src/test/resources/engine/targets")
                .configurationParameter("prompt.experiment.results.dir", work.resolve("results").toString())
                .configurationParameter("prompt.experiment.cache.mode", "off")
                .configurationParameter("prompt.experiment.backends", backends)
                .configurationParameter("prompt.experiment.backends.required", required)
                .configurationParameter("prompt.experiment.retry.max-attempts", "2")
                .configurationParameter("prompt.experiment.retry.initial-backoff-ms", "1")
                .configurationParameter("prompt.experiment.retry.max-backoff-ms", "1")
                .selectors(selector).execute();
    }

    private EngineExecutionResults runGreet() {
        return run(selectMethod(GreetingExperiments.class, "greet"), "local,langfuse");
    }

    /** The folder of the one run of greet. */
    private Path runFolder() throws java.io.IOException {
        try (java.util.stream.Stream<Path> runs = java.nio.file.Files.list(work.resolve("results/greet"))) {
            return runs.filter(path -> !path.getFileName().toString().startsWith("latest")).findFirst().orElseThrow();
        }
    }

    private List<Span> roots() {
        return langfuse.spans().stream().filter(span -> span.parentSpanId() == null || span.parentSpanId().isEmpty())
                .toList();
    }

    @Test
    void aLocalDatasetIsUpsertedWithStableIdsBeforeTheRun() {
        langfuse = FakeLangfuse.start(Generation.V3);

        runGreet();

        assertThat(langfuse.dataset("greetings")).isNotNull();
        assertThat(langfuse.items("greetings")).extracting(item -> item.path("id").asText())
                .containsExactlyInAnyOrder("greetings:case-001", "greetings:case-002", "greetings:case-003");
        assertThat(langfuse.items("greetings")).anySatisfy(item -> {
            assertThat(item.path("expectedOutput").asText()).isEqualTo("Hallo, Grace!");
            assertThat(item.path("metadata").path("description").asText()).isEqualTo("German");
        });
        langfuse.assertNoViolations();
    }

    @Test
    void spansTheServerDidNotTakeAreCountedAndSaidInTheConsoleReportAndRunRecord() throws Exception {
        langfuse = FakeLangfuse.start(Generation.V3);
        // Every OTLP export fails; the exporter's own retries are spent too.
        langfuse.failNext("/api/public/otel/v1/traces", 50, 500);

        runGreet();

        Path run = runFolder();
        // Tried once more from the spool at the end, in vain: the spool keeps the run for a later upload.
        String note = "langfuse failed, its record of this run is incomplete: 9 of 9 spans not delivered to "
                + "/api/public/otel/v1/traces: HTTP 500: {\"message\":\"Injected failure 500\"}";
        assertThat(java.nio.file.Files.readString(run.resolve("report.md"))).contains(note)
                .contains("langfuse lacks 3 of the run's 3 item runs, kept in " + run.resolve("spool.jsonl"));
        assertThat(dev.junitprompt.results.Spool.read(run).undelivered("langfuse")).hasSize(3);
        assertThat(dev.junitprompt.results.RunRecord.read(run.resolve("results.jsonl")).summary())
                .hasValueSatisfying(summary -> assertThat(summary.notes()).anySatisfy(line -> assertThat(line)
                        .startsWith(note).doesNotContain(FakeLangfuse.SECRET_KEY)));
    }

    @Test
    void aServerEchoingTheAuthorizationHeaderCannotPutTheKeyInTheLogsOrTheNotes() throws Exception {
        langfuse = FakeLangfuse.start(Generation.V3);
        String basic = java.util.Base64.getEncoder().encodeToString((FakeLangfuse.PUBLIC_KEY + ":" + FakeLangfuse.SECRET_KEY)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < 50; i++) {
            langfuse.answerNext("/api/public/otel/v1/traces", 502, "text/plain",
                    "Bad gateway. Your request had: Authorization: Basic " + basic);
        }
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger exporterLog = java.util.logging.Logger.getLogger(
                "io.opentelemetry.exporter.otlp.internal.HttpExporter");
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (exporterLog.getFilter() == null || exporterLog.getFilter().isLoggable(record)) {
                    logged.add(record.getMessage() + " " + record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        exporterLog.addHandler(capture);
        try {
            runGreet();
        } finally {
            exporterLog.removeHandler(capture);
        }

        assertThat(logged).noneSatisfy(line -> assertThat(line).contains(basic));
        Path run = runFolder();
        assertThat(java.nio.file.Files.readString(run.resolve("report.md"))).contains("spans not delivered")
                .contains("HTTP 502").doesNotContain(basic).doesNotContain(FakeLangfuse.SECRET_KEY);
    }

    @Test
    void aLangfuse2ServerIsRefusedAtTheStartInOneLineAndTheOtherBackendsStillRecord() throws Exception {
        langfuse = FakeLangfuse.start(Generation.V2);

        EngineExecutionResults results = runGreet();

        results.testEvents().assertStatistics(stats -> stats.failed(2));
        assertThat(langfuse.requestCount("POST", "/api/public/otel/v1/traces")).isZero();
        assertThat(langfuse.requestCount("POST", "/api/public/dataset-run-items")).isZero();
        Path run = runFolder();
        assertThat(java.nio.file.Files.readString(run.resolve("report.md")))
                .contains("langfuse could not start the run: Langfuse at " + langfuse.host() + " is version 2.95.12; "
                        + "junit-prompt records experiment runs on Langfuse 3 and 4");
    }

    @Test
    void scoresTheServerRefusesAreSaidAndTheRunKeepsItsLinkAndOtherScores() throws Exception {
        langfuse = FakeLangfuse.start(Generation.V3);
        langfuse.rejectScoresOnRuns();

        runGreet();

        String report = java.nio.file.Files.readString(runFolder().resolve("report.md"));
        assertThat(report).contains("> Langfuse: " + langfuse.host() + "/project/fake-project/datasets/")
                .contains("langfuse: Langfuse at " + langfuse.host() + " did not take 2 of ")
                .contains("traceId is required");
        assertThat(langfuse.scores().values()).filteredOn(score -> score.path("name").asText().equals("exact_match"))
                .hasSize(3);
    }

    @Test
    void aSecondRunChangesNoItems() {
        langfuse = FakeLangfuse.start(Generation.V3);
        runGreet();
        long upserts = langfuse.requestCount("POST", "/api/public/dataset-items");

        runGreet();

        assertThat(langfuse.requestCount("POST", "/api/public/dataset-items")).isEqualTo(upserts);
        langfuse.assertNoViolations();
    }

    @Test
    void eachItemIsATraceWithAGenerationAndAnEvaluatorSpan() {
        langfuse = FakeLangfuse.start(Generation.V3);

        runGreet();

        assertThat(roots()).hasSize(3).allSatisfy(root -> {
            assertThat(root.name()).isEqualTo("greet");
            assertThat(root.attributes()).containsEntry("langfuse.trace.name", "greet")
                    .containsEntry("langfuse.observation.type", "span")
                    .containsKey("langfuse.trace.metadata.item_id")
                    .containsKey("langfuse.trace.metadata.run_name");
        });
        Span root = roots().stream().filter(span -> "case-001".equals(span.attributes()
                .get("langfuse.trace.metadata.item_id"))).findFirst().orElseThrow();
        List<Span> children = langfuse.spans().stream().filter(span -> root.spanId().equals(span.parentSpanId()))
                .toList();
        assertThat(children).anySatisfy(generation -> {
            assertThat(generation.attributes()).containsEntry("langfuse.observation.type", "generation")
                    .containsEntry("langfuse.observation.model.name", "greeting-model")
                    .containsEntry("langfuse.observation.output", "Hello, Ada!");
            assertThat((String) generation.attributes().get("langfuse.observation.usage_details"))
                    .contains("\"input\":7", "\"output\":2");
            assertThat((String) generation.attributes().get("langfuse.observation.input"))
                    .contains("Say hello to Ada in English.");
        });
        assertThat(children).anySatisfy(evaluator -> assertThat(evaluator.attributes())
                .containsEntry("langfuse.observation.type", "evaluator"));
        assertThat(root.attributes()).containsEntry("langfuse.trace.output", "Hello, Ada!");
        langfuse.assertNoViolations();
    }

    @Test
    void v3LinksEachItemWithADatasetRunItemAndScoresItsTraceAndTheRun() {
        langfuse = FakeLangfuse.start(Generation.V3);

        runGreet();

        // The server keeps a run item's metadata as the run's: the same for every item, nothing per item.
        assertThat(langfuse.runItems()).extracting(runItem -> runItem.path("metadata")).containsOnly(
                langfuse.runItems().get(0).path("metadata")).allSatisfy(metadata -> assertThat(metadata.has("repetition"))
                        .isFalse());
        // And the spans carry the experiment attributes too, as the SDK writes on every server.
        assertThat(roots()).allSatisfy(root -> assertThat(root.attributes()).containsEntry("langfuse.experiment.id",
                langfuse.runItems().get(0).path("datasetRunId").asText()));
        assertThat(langfuse.runItems()).hasSize(3).allSatisfy(runItem -> {
            assertThat(runItem.path("datasetRunName").asText()).startsWith("greet - ");
            assertThat(roots()).anySatisfy(root -> {
                assertThat(root.traceId()).isEqualTo(runItem.path("traceId").asText());
                assertThat(root.spanId()).isEqualTo(runItem.path("observationId").asText());
            });
        });
        assertThat(langfuse.runItems()).extracting(runItem -> runItem.path("datasetItemId").asText())
                .containsExactlyInAnyOrder("greetings:case-001", "greetings:case-002", "greetings:case-003");
        Map<String, JsonNode> scores = langfuse.scores();
        assertThat(scores.values()).filteredOn(score -> score.path("name").asText().equals("exact_match")
                        && score.has("traceId"))
                .hasSize(3).allSatisfy(score -> {
                    assertThat(score.path("dataType").asText()).isEqualTo("BOOLEAN");
                    assertThat(score.path("observationId").asText()).isNotEmpty();
                });
        assertThat(scores.values()).anySatisfy(score -> {
            assertThat(score.path("name").asText()).isEqualTo("pass_rate");
            assertThat(score.path("datasetRunId").asText()).isNotEmpty();
            assertThat(score.path("value").asDouble()).isEqualTo(2.0 / 3);
        });
        langfuse.assertNoViolations();
    }

    @Test
    void theLocalReportLinksToTheRunInLangfuse() throws java.io.IOException {
        langfuse = FakeLangfuse.start(Generation.V3);

        runGreet();

        assertThat(java.nio.file.Files.readString(runFolder().resolve("report.md")))
                .contains("> Langfuse: " + langfuse.host() + "/project/fake-project/datasets/");
    }

    @Test
    void v4LinksEachItemByExperimentAttributesOnItsRootSpan() {
        langfuse = FakeLangfuse.start(Generation.V4);

        runGreet();

        // As the SDK does on every server: run items too (v4 stores none), the run's id being the experiment's.
        assertThat(langfuse.requestCount("POST", "/api/public/dataset-run-items")).isEqualTo(3);
        String datasetId = langfuse.dataset("greetings").path("id").asText();
        assertThat(roots()).allSatisfy(root -> assertThat(root.attributes()).containsEntry("langfuse.experiment.id",
                "v4-run-1"));
        assertThat(roots()).hasSize(3).allSatisfy(root -> assertThat(root.attributes())
                .containsEntry("langfuse.experiment.dataset.id", datasetId)
                .containsEntry("langfuse.experiment.item.root_observation_id", root.spanId())
                .containsKey("langfuse.experiment.id")
                .containsKey("langfuse.experiment.item.id"));
        assertThat(roots()).anySatisfy(root -> assertThat(root.attributes())
                .containsEntry("langfuse.experiment.item.id", "greetings:case-003")
                .containsEntry("langfuse.experiment.item.expected_output", "\"Hallo, Grace!\""));
        assertThat(langfuse.scores().values()).filteredOn(score -> score.path("name").asText().equals("exact_match")
                && score.has("traceId")).hasSize(3);
        langfuse.assertNoViolations();
    }

    @Test
    void v4LinksEverySpanOfAnItemToTheExperimentAndEndsTheItemBeforeItsEvaluation() {
        langfuse = FakeLangfuse.start(Generation.V4);

        runGreet();

        List<Span> children = langfuse.spans().stream().filter(span -> span.parentSpanId() != null
                && !span.parentSpanId().isEmpty()).toList();
        assertThat(children).hasSize(6).allSatisfy(child -> {
            Span root = roots().stream().filter(candidate -> candidate.spanId().equals(child.parentSpanId()))
                    .findFirst().orElseThrow();
            assertThat(child.attributes()).containsEntry("langfuse.experiment.id",
                    root.attributes().get("langfuse.experiment.id"))
                    .containsEntry("langfuse.experiment.item.id", root.attributes().get("langfuse.experiment.item.id"))
                    .containsEntry("langfuse.experiment.item.root_observation_id", root.spanId())
                    .doesNotContainKey("langfuse.experiment.item.expected_output");
            if (!"generation".equals(child.attributes().get("langfuse.observation.type"))) {
                assertThat(child.start()).as("evaluation starts once the item's own span ended")
                        .isAfterOrEqualTo(root.end());
            }
        });
        langfuse.assertNoViolations();
    }

    @Test
    void eachRepetitionIsARunOfItsOwnSoNoRunItemIsOverwritten() {
        langfuse = FakeLangfuse.start(Generation.V3);
        dev.junitprompt.engine.fixtures.RepetitionExperiments.CALLS.clear();

        run(selectMethod(dev.junitprompt.engine.fixtures.RepetitionExperiments.class, "all",
                "dev.junitprompt.api.DatasetItem"), "local,langfuse");

        // Langfuse keeps one run item per dataset item and run: three repetitions of three items are three runs.
        assertThat(langfuse.runItems()).hasSize(9);
        Map<String, List<String>> itemsByRun = new java.util.TreeMap<>();
        langfuse.runItems().forEach(runItem -> itemsByRun.computeIfAbsent(runItem.path("datasetRunName").asText(),
                name -> new java.util.ArrayList<>()).add(runItem.path("datasetItemId").asText()));
        assertThat(itemsByRun).hasSize(3);
        assertThat(itemsByRun.keySet()).allSatisfy(name -> assertThat(name).matches("all - .* · rep [123]"));
        assertThat(itemsByRun.values()).allSatisfy(items -> assertThat(items).hasSize(3).doesNotHaveDuplicates());
        // Each run has its own means (every item's second run answers wrong), and the experiment's pass rate.
        Map<String, Double> exactMatchByRun = new java.util.TreeMap<>();
        langfuse.scores().values().stream().filter(score -> score.has("datasetRunId")
                && score.path("name").asText().equals("exact_match")).forEach(score -> exactMatchByRun.put(
                        score.path("datasetRunId").asText(), score.path("value").asDouble()));
        assertThat(exactMatchByRun).hasSize(3);
        assertThat(exactMatchByRun.values()).containsExactlyInAnyOrder(1.0, 0.0, 1.0);
        assertThat(langfuse.scores().values()).filteredOn(score -> score.has("datasetRunId")
                && score.path("name").asText().equals("pass_rate")).hasSize(3).allSatisfy(score -> assertThat(
                        score.path("comment").asText()).contains("over 3 repetitions (all)"));
        langfuse.assertNoViolations();
    }

    @Test
    void spansAreExportedAsTheSdksWithTheReleaseTheEnvironmentAndTheirCost() throws java.io.IOException {
        langfuse = FakeLangfuse.start(Generation.V4);
        environment.put("LANGFUSE_RELEASE", "2.4.1");
        environment.put("LANGFUSE_TRACING_ENVIRONMENT", "ci");
        configuration.put("prompt.experiment.prices", java.nio.file.Files.writeString(work.resolve("prices.yaml"),
                "greeting-model: {input: 1000, output: 2000}\n").toString());

        runGreet();

        // Under the SDK's scope the server keeps the langfuse.* attributes only, no copy in metadata.attributes.
        assertThat(langfuse.spans()).isNotEmpty().allSatisfy(span -> {
            assertThat(span.fromLangfuseSdk()).as(span.scope()).isTrue();
            assertThat(span.resource()).containsEntry("langfuse.release", "2.4.1");
            assertThat(span.attributes()).containsEntry("langfuse.environment", "ci");
        });
        // The cost as priced here, split as Langfuse shows it: 7 input tokens at 1000/M, 2 output at 2000/M.
        Span generation = langfuse.spans().stream().filter(span -> "generation".equals(span.attribute(
                "langfuse.observation.type")) && "Hello, Ada!".equals(span.attribute("langfuse.observation.output")))
                .findFirst().orElseThrow();
        JsonNode cost = new com.fasterxml.jackson.databind.ObjectMapper().readTree(generation.attribute(
                "langfuse.observation.cost_details"));
        assertThat(cost.path("input").asDouble()).isCloseTo(0.007, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(cost.path("output").asDouble()).isCloseTo(0.004, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(cost.path("total").asDouble()).isCloseTo(0.011, org.assertj.core.data.Offset.offset(1e-12));
        // The experiment's description and metadata, on every span, as the SDK propagates them.
        assertThat(langfuse.spans()).allSatisfy(span -> {
            assertThat(span.attribute("langfuse.experiment.description")).startsWith("junit-prompt run of ");
            assertThat(span.attribute("langfuse.experiment.metadata")).contains("\"test_class\"");
        });
        assertThat(roots()).anySatisfy(root -> assertThat(root.attribute("langfuse.experiment.item.metadata"))
                .contains("German"));
        assertThat(langfuse.scores().values()).isNotEmpty().allSatisfy(score -> assertThat(
                score.path("environment").asText()).isEqualTo("ci"));
        langfuse.assertNoViolations();
    }

    @Test
    void anEnvironmentNameLangfuseWouldRefuseIsSaidBeforeAnythingIsSent() throws java.io.IOException {
        langfuse = FakeLangfuse.start(Generation.V4);
        environment.put("LANGFUSE_TRACING_ENVIRONMENT", "Nightly Build");

        runGreet();

        assertThat(java.nio.file.Files.readString(runFolder().resolve("report.md"))).contains(
                "LANGFUSE_TRACING_ENVIRONMENT 'Nightly Build' is not a Langfuse environment: use up to 40 lowercase");
        assertThat(langfuse.requests()).isEmpty();
    }

    @Test
    void aScoresDetailsGoInItsMetadataAndItsReasoningStaysTheComment() {
        langfuse = FakeLangfuse.start(Generation.V3);

        run(selectMethod(dev.junitprompt.engine.fixtures.DetailedScoreExperiments.class, "greet",
                "dev.junitprompt.api.PromptResult"), "local,langfuse");

        assertThat(langfuse.scores().values()).filteredOn(score -> score.path("name").asText().equals("politeness")
                && score.has("traceId")).hasSize(3).allSatisfy(score -> {
                    assertThat(score.path("comment").asText()).isEqualTo("Greets by name, no sign-off");
                    assertThat(score.path("metadata").path("verdict").asText()).isEqualTo("mostly");
                    assertThat(score.path("metadata").path("criteria")).hasSize(3);
                });
        langfuse.assertNoViolations();
    }

    @Test
    void runEvaluatorScoresAreScoresOfTheDatasetRun() {
        langfuse = FakeLangfuse.start(Generation.V3);

        run(selectMethod(dev.junitprompt.engine.fixtures.ClassificationExperiments.class, "triage", "java.lang.String"),
                "local,langfuse");

        String runId = langfuse.runItems().get(0).path("datasetRunId").asText();
        assertThat(langfuse.scores().values()).filteredOn(score -> runId.equals(score.path("datasetRunId").asText()))
                .extracting(score -> score.path("name").asText())
                .contains("accuracy", "precision", "recall", "f1", "pass_rate");
        assertThat(langfuse.scores().values()).anySatisfy(score -> {
            assertThat(score.path("name").asText()).isEqualTo("accuracy");
            assertThat(score.path("value").asDouble()).isEqualTo(0.6);
            assertThat(score.path("metadata").path("confusion").path("refund").path("billing").asInt()).isEqualTo(1);
        });
        langfuse.assertNoViolations();
    }

    @Test
    void eachVariantIsARunOfItsOwnOnTheSameDataset() {
        langfuse = FakeLangfuse.start(Generation.V3);

        run(selectMethod(dev.junitprompt.engine.fixtures.VariantExperiments.class, "greet"), "local,langfuse");

        assertThat(langfuse.runItems()).hasSize(6);
        assertThat(langfuse.runItems()).extracting(runItem -> runItem.path("datasetRunName").asText()
                .replaceAll(" - .*", "")).containsOnly("greet · greet", "greet · greet_english");
        assertThat(langfuse.runItems()).extracting(runItem -> runItem.path("datasetItemId").asText().split(":")[0])
                .containsOnly("greetings");
        langfuse.assertNoViolations();
    }

    @Test
    void theVariantsComparisonLinksLangfusesComparisonOfTheirRuns() throws java.io.IOException {
        langfuse = FakeLangfuse.start(Generation.V3);

        run(selectMethod(dev.junitprompt.engine.fixtures.VariantExperiments.class, "greet"), "local,langfuse");

        java.util.Map<String, String> runIds = new java.util.LinkedHashMap<>();
        langfuse.runItems().forEach(runItem -> runIds.putIfAbsent(runItem.path("datasetRunName").asText()
                .replaceAll(" - .*", ""), runItem.path("datasetRunId").asText()));
        String datasetId = langfuse.dataset("greetings").path("id").asText();
        String link = "Langfuse comparison: " + langfuse.host() + "/project/" + FakeLangfuse.PROJECT_ID + "/datasets/"
                + datasetId + "/compare?runs=" + runIds.get("greet · greet") + "&runs=" + runIds.get("greet · greet_english");
        java.nio.file.Path comparison;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(work.resolve("results/greet"))) {
            comparison = files.filter(file -> file.toString().endsWith(".md")).findFirst().orElseThrow();
        }
        assertThat(java.nio.file.Files.readString(comparison)).contains("> " + link);
        assertThat(java.nio.file.Files.readString(comparison.resolveSibling(comparison.getFileName().toString()
                .replace(".md", ".html")))).contains("href=\"" + link.substring(link.indexOf("http")).replace("&", "&amp;"));
        langfuse.assertNoViolations();
    }

    @Test
    void theShardsOfOneCiRunRecordIntoOneDatasetRun() {
        langfuse = FakeLangfuse.start(Generation.V3);
        configuration.put("prompt.experiment.run-id", "ci-1234");
        for (String shard : List.of("1/2", "2/2")) {
            configuration.put("prompt.experiment.shard", shard);
            runGreet();
        }

        assertThat(langfuse.runItems()).hasSize(3).extracting(runItem -> runItem.path("datasetRunName").asText())
                .containsOnly("greet - ci-1234");
        assertThat(langfuse.runItems()).extracting(runItem -> runItem.path("datasetRunId").asText()).containsOnly(
                langfuse.runItems().get(0).path("datasetRunId").asText());
        langfuse.assertNoViolations();
    }

    @Test
    void eachRunKeepsItsOwnScoresUnderIdsDerivedFromTheRun() {
        langfuse = FakeLangfuse.start(Generation.V3);
        runGreet();
        int scores = langfuse.scores().size();

        runGreet();

        // Score ids derive from the run name, item, repetition and metric: a re-send of one run overwrites
        // its scores, and another run adds its own, never more.
        assertThat(langfuse.scores()).hasSize(scores * 2);
        assertThat(LangfuseResultSink.deterministicId("greet - t", "case-001", "1", "exact_match"))
                .isEqualTo(LangfuseResultSink.deterministicId("greet - t", "case-001", "1", "exact_match"))
                .isNotEqualTo(LangfuseResultSink.deterministicId("greet - t", "case-001", "2", "exact_match"));
    }

    @Test
    void aLangfuseDatasetsItemsBecomeTestsNamedByTheirIds() {
        langfuse = FakeLangfuse.start(Generation.V3);
        langfuse.seedDataset("remote", 3);

        EngineExecutionResults results = run(
                selectMethod(LangfuseExperiments.class, "echo", "dev.junitprompt.api.DatasetItem"), "local");

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        assertThat(results.testEvents().started().list()).map(event -> event.getTestDescriptor().getDisplayName())
                .containsExactly("item-001 · Item 1", "item-002 · Item 2", "item-003 · Item 3", "thresholds");
        langfuse.assertNoViolations();
    }

    @Test
    void anExperimentPinnedToADatasetVersionRunsTheItemsAsTheyWereThenAndRecordsTheVersion() {
        langfuse = FakeLangfuse.start(Generation.V3);
        langfuse.seedDataset("remote", 2);
        String version = langfuse.version();
        langfuse.seedItem("remote", 2, 20); // changed after the version
        langfuse.seedItem("remote", 3, 3); // added after it
        configuration.put("prompt.experiment.dataset.version", version);

        EngineExecutionResults results = run(
                selectMethod(LangfuseExperiments.class, "echo", "dev.junitprompt.api.DatasetItem"), "local,langfuse");

        // Two items, as they were: item-002 still expects {"n": 2}, which echo gives back.
        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(langfuse.requests()).contains("GET /api/public/dataset-items");
        assertThat(langfuse.runItems()).hasSize(2).allSatisfy(runItem -> assertThat(runItem.path("metadata")
                .path("dataset_version").asText()).isEqualTo(java.time.Instant.parse(version).toString()));
        assertThat(roots()).allSatisfy(root -> assertThat(root.attribute("langfuse.experiment.item.version"))
                .isEqualTo(java.time.Instant.parse(version).toString()));
        langfuse.assertNoViolations();
    }

    @Test
    void aDatasetVersionThatIsNoTimestampIsSaidWithWhatLangfuseTakes() {
        langfuse = FakeLangfuse.start(Generation.V3);
        langfuse.seedDataset("remote", 2);
        configuration.put("prompt.experiment.dataset.version", "last-tuesday");

        EngineExecutionResults results = run(
                selectMethod(LangfuseExperiments.class, "echo", "dev.junitprompt.api.DatasetItem"), "local");

        results.allEvents().assertThatEvents().haveAtLeastOne(org.junit.platform.testkit.engine.EventConditions
                .finishedWithFailure(org.junit.platform.testkit.engine.TestExecutionResultConditions.message(
                        message -> message.contains("datasetVersion 'last-tuesday' is not a Langfuse dataset version")
                                && message.contains("2026-01-21T14:35:42Z"))));
        assertThat(langfuse.requests()).doesNotContain("GET /api/public/dataset-items");
    }

    @Test
    void aLangfusePromptIsATargetWithItsMustachePlaceholdersFilled() {
        langfuse = FakeLangfuse.start(Generation.V3);
        langfuse.seedPrompt("greet", "Say hello to {{name}} in {{lang}}.", "production");

        EngineExecutionResults results = run(selectMethod(LangfuseExperiments.class, "greetFromLangfuse"),
                "local,langfuse");

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        assertThat(langfuse.spans()).anySatisfy(generation -> assertThat(generation.attributes())
                .containsEntry("langfuse.observation.prompt.name", "greet")
                .containsEntry("langfuse.observation.prompt.version", 1L));
        langfuse.assertNoViolations();
    }

    @Test
    void anUnknownLangfuseDatasetFailsTheExperimentNamingIt() {
        langfuse = FakeLangfuse.start(Generation.V3);

        EngineExecutionResults results = run(
                selectMethod(LangfuseExperiments.class, "echo", "dev.junitprompt.api.DatasetItem"), "local");

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(results.testEvents().failed().list().get(0).getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()
                .getMessage()).contains("Langfuse dataset 'remote'");
    }

    @Test
    void aLangfuseThatFailsEveryCallCostsNoLocalResultsAndFailsNoTest() {
        langfuse = FakeLangfuse.start(Generation.V3);
        langfuse.failNext("/api/public/health", 100, 500);

        EngineExecutionResults results = runGreet();

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
        assertThat(work.resolve("results/greet")).isDirectory();
    }

    @Test
    void aRequiredLangfuseThatFailsFailsTheExperimentNamingIt() {
        langfuse = FakeLangfuse.start(Generation.V3);
        langfuse.failNext("/api/public/otel/v1/traces", 100, 500);
        langfuse.failNext("/api/public/ingestion", 100, 500);

        EngineExecutionResults results = run(selectMethod(GreetingExperiments.class, "greet"), "local,langfuse",
                "langfuse");

        results.containerEvents().assertThatEvents().haveExactly(1, org.junit.platform.testkit.engine.EventConditions
                .finishedWithFailure(org.junit.platform.testkit.engine.TestExecutionResultConditions.message(
                        message -> message.contains("Required backend 'langfuse'")
                                && message.contains("prompt.experiment.backends.required"))));
        assertThat(work.resolve("results/greet")).isDirectory();
    }

    /** {@code upload-spool <folder>} with the fake's keys; returns what it printed, having checked it succeeded. */
    private String uploadSpool(Path folder) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = dev.junitprompt.sync.SyncCli.run(new String[] {"upload-spool", folder.toString()},
                Map.of("LANGFUSE_HOST", langfuse.host(), "LANGFUSE_PUBLIC_KEY", FakeLangfuse.PUBLIC_KEY,
                        "LANGFUSE_SECRET_KEY", FakeLangfuse.SECRET_KEY),
                new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        return out.toString();
    }

    @Test
    void runItemsLangfuseRefusedMidRunAreSentFromTheSpoolLaterExactlyOnce() throws Exception {
        langfuse = FakeLangfuse.start(Generation.V3);
        // Enough refusals for the run's two attempts at the first run item and its try anew at the end.
        langfuse.failNext("/api/public/dataset-run-items", 4, 503);

        EngineExecutionResults results = runGreet();

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
        Path folder = runFolder();
        assertThat(dev.junitprompt.results.Spool.read(folder).undelivered("langfuse")).hasSize(3);
        byte[] spool = java.nio.file.Files.readAllBytes(folder.resolve("spool.jsonl"));

        assertThat(uploadSpool(folder)).startsWith("langfuse: greet run " + folder.getFileName()
                + ": sent 3 item runs");
        int spans = langfuse.spans().size();
        // Sent again, as after a kill between a send and its mark: the same ids, so Langfuse overwrites.
        java.nio.file.Files.write(folder.resolve("spool.jsonl"), spool);
        uploadSpool(folder);

        assertThat(langfuse.duplicateSpans()).isEqualTo(spans).isPositive();
        // Once each: a run item, a trace, a score per item, and the run's scores.
        assertThat(langfuse.runItems()).hasSize(3);
        assertThat(langfuse.storedSpans().stream().map(Span::traceId).distinct()).hasSize(3);
        assertThat(langfuse.scores().values()).filteredOn(score -> score.hasNonNull("traceId")).hasSize(3);
        assertThat(langfuse.scores().values()).filteredOn(score -> score.hasNonNull("datasetRunId"))
                .extracting(score -> score.path("name").asText()).containsExactlyInAnyOrder("exact_match", "pass_rate");
        assertThat(langfuse.runItems()).extracting(item -> item.path("traceId").asText())
                .containsExactlyInAnyOrderElementsOf(roots().stream().map(Span::traceId).distinct().toList());
        assertThat(folder.resolve("spool.jsonl")).doesNotExist();
        langfuse.assertNoViolations();
    }

    @Test
    void aResumedRunIsRecordedInLangfuseAsTheSameRun() throws Exception {
        langfuse = FakeLangfuse.start(Generation.V3);
        runGreet();
        Path folder = runFolder();
        // As a kill leaves it: the header and the first two items, no summary, no report.
        Path record = folder.resolve("results.jsonl");
        java.nio.file.Files.write(record, java.nio.file.Files.readAllLines(record).subList(0, 3));

        configuration.put("prompt.experiment.resume", "latest");
        runGreet();

        assertThat(langfuse.runItems()).hasSize(3)
                .extracting(item -> item.path("datasetRunId").asText()).containsOnly(langfuse.runItems().get(0)
                        .path("datasetRunId").asText());
        assertThat(langfuse.storedSpans().stream().map(Span::traceId).distinct()).hasSize(3);
        assertThat(dev.junitprompt.results.RunRecord.read(record).results()).hasSize(3);
        langfuse.assertNoViolations();
    }

    @Test
    void scoresAPartial207KeepsFailingAreSpooledWhileInvalidOnesAreOnlySaid() throws Exception {
        langfuse = FakeLangfuse.start(Generation.V3);
        langfuse.failScoresNamed("exact_match", 503);

        runGreet();

        Path folder = runFolder();
        assertThat(java.nio.file.Files.readString(folder.resolve("report.md")))
                .contains("langfuse failed, its record of this run is incomplete")
                .contains("langfuse lacks 3 of the run's 3 item runs");
        assertThat(langfuse.scores().values()).noneMatch(score -> score.path("name").asText().equals("exact_match"));

        langfuse.heal();
        uploadSpool(folder);

        assertThat(langfuse.scores().values()).filteredOn(score -> score.path("name").asText().equals("exact_match"))
                .hasSize(4);
        assertThat(folder.resolve("spool.jsonl")).doesNotExist();
    }

    @Test
    void theVariantsOfAnExperimentReadItsRemoteDatasetOnce() {
        langfuse = FakeLangfuse.start(Generation.V3);
        langfuse.seedDataset("remote", 3);
        environment.put("LANGFUSE_HOST", langfuse.host());
        environment.put("LANGFUSE_PUBLIC_KEY", FakeLangfuse.PUBLIC_KEY);
        environment.put("LANGFUSE_SECRET_KEY", FakeLangfuse.SECRET_KEY);

        org.junit.platform.testkit.engine.EngineDiscoveryResults discovered = EngineTestKit
                .engine(new PromptExperimentTestEngine(environment))
                .configurationParameter("prompt.experiment.targets.dir", "src/test/resources/engine/targets")
                .selectors(selectMethod(LangfuseExperiments.class, "echoVariants")).discover();

        assertThat(discovered.getDiscoveryIssues()).isEmpty();
        assertThat(discovered.getEngineDescriptor().getDescendants()).filteredOn(descriptor -> descriptor
                .getUniqueId().toString().contains("[item:")).hasSize(6);
        assertThat(langfuse.requestCount("GET", "/api/public/dataset-items")).isEqualTo(1);
    }
}

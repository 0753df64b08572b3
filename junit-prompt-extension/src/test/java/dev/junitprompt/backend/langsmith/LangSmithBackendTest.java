package dev.junitprompt.backend.langsmith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.junitprompt.backend.langfuse.FakeLangfuseAccess;
import dev.junitprompt.engine.PromptExperimentTestEngine;
import dev.junitprompt.engine.fixtures.GreetingExperiments;
import dev.junitprompt.engine.fixtures.LangSmithExperiments;

/** The engine recording runs to a fake LangSmith, alone and next to a fake Langfuse, and reading from it. */
class LangSmithBackendTest {

    @TempDir
    Path work;

    private FakeLangSmith langsmith;
    private FakeLangfuseAccess langfuse;
    private final Map<String, String> configuration = new HashMap<>();

    @AfterEach
    void stop() {
        if (langsmith != null) {
            langsmith.close();
        }
        if (langfuse != null) {
            langfuse.close();
        }
    }

    private EngineExecutionResults run(DiscoverySelector selector, String backends) {
        Map<String, String> environment = new HashMap<>();
        environment.put("LANGSMITH_ENDPOINT", langsmith.endpoint());
        environment.put("LANGSMITH_API_KEY", FakeLangSmith.API_KEY);
        if (langfuse != null) {
            environment.putAll(langfuse.environment());
        }
        return EngineTestKit.engine(new PromptExperimentTestEngine(environment))
                .configurationParameters(configuration)
                .configurationParameter("prompt.experiment.datasets.dir", "src/test/resources/engine/datasets")
                .configurationParameter("prompt.experiment.targets.dir", "src/test/resources/engine/targets")
                .configurationParameter("prompt.experiment.results.dir", work.resolve("results").toString())
                .configurationParameter("prompt.experiment.cache.mode", "off")
                .configurationParameter("prompt.experiment.backends", backends)
                .configurationParameter("prompt.experiment.retry.max-attempts", "2")
                .configurationParameter("prompt.experiment.retry.initial-backoff-ms", "1")
                .configurationParameter("prompt.experiment.retry.max-backoff-ms", "1")
                .selectors(selector).execute();
    }

    private EngineExecutionResults runGreet(String backends) {
        return run(selectMethod(GreetingExperiments.class, "greet"), backends);
    }

    /** The item runs: root runs of the experiment, not the evaluators' own traces. */
    private List<JsonNode> roots() {
        return langsmith.runs().values().stream().filter(run -> (run.path("parent_run_id").isMissingNode()
                || run.path("parent_run_id").isNull()) && !isEvaluatorRun(run)).toList();
    }

    private static boolean isEvaluatorRun(JsonNode run) {
        return "evaluators".equals(run.path("session_name").asText());
    }

    @Test
    void eachVariantIsAnExperimentOnTheDatasetAndTheComparisonLinksLangSmithsComparisonOfThem() throws java.io.IOException {
        langsmith = FakeLangSmith.start();

        run(selectMethod(dev.junitprompt.engine.fixtures.VariantExperiments.class, "greet"), "local,langsmith");

        String datasetId = langsmith.datasetByName("greetings").path("id").asText();
        List<JsonNode> sessions = List.copyOf(langsmith.sessions().values());
        assertThat(sessions).hasSize(2).allSatisfy(session -> assertThat(session.path("reference_dataset_id")
                .asText()).isEqualTo(datasetId));
        java.util.Map<String, String> byTarget = new java.util.HashMap<>();
        sessions.forEach(session -> byTarget.put(session.path("extra").path("metadata").path("target").asText(),
                session.path("id").asText()));
        Path comparison;
        try (Stream<Path> files = Files.list(work.resolve("results/greet"))) {
            comparison = files.filter(file -> file.toString().endsWith(".md")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(comparison)).contains("> LangSmith comparison: http://localhost/o/"
                + FakeLangSmith.TENANT_ID + "/datasets/" + datasetId + "/compare?selectedSessions="
                + byTarget.get("greet") + "%2C" + byTarget.get("greet_english"));
        langsmith.assertNoViolations();
    }

    @Test
    void aLocalDatasetBecomesADatasetWithStableExampleIds() {
        langsmith = FakeLangSmith.start();

        runGreet("local,langsmith");
        runGreet("local,langsmith");

        String datasetId = langsmith.datasetByName("greetings").path("id").asText();
        assertThat(langsmith.examples(datasetId)).hasSize(3).extracting(example -> example.path("id").asText())
                .contains(LangSmithExample.localId("greetings", "case-001"));
        langsmith.assertNoViolations();
    }

    @Test
    void theExperimentIsASessionOnTheDatasetWithARootRunPerItemAndChildRuns() {
        langsmith = FakeLangSmith.start();

        runGreet("local,langsmith");

        String datasetId = langsmith.datasetByName("greetings").path("id").asText();
        assertThat(langsmith.sessions().values()).singleElement().satisfies(session -> {
            assertThat(session.path("reference_dataset_id").asText()).isEqualTo(datasetId);
            assertThat(session.path("end_time").isNull()).isFalse();
            assertThat(session.path("extra").path("metadata").path("target").asText()).isEqualTo("greet");
            // What the compare view reads: repetitions, and the commit as revision_id when there is one.
            assertThat(session.path("extra").path("metadata").path("num_repetitions").asInt()).isEqualTo(1);
            assertThat(session.path("extra").path("metadata").path("revision_id").asText())
                    .isEqualTo(dev.junitprompt.internal.GitCommit.current().orElse(""));
        });
        assertThat(roots()).hasSize(3).allSatisfy(root -> {
            assertThat(root.path("reference_example_id").asText()).isNotEmpty();
            assertThat(root.path("run_type").asText()).isEqualTo("chain");
            assertThat(langsmith.children(root.path("id").asText())).anySatisfy(child -> {
                assertThat(child.path("run_type").asText()).isEqualTo("llm");
                assertThat(child.path("outputs").path("usage_metadata").path("input_tokens").asInt()).isEqualTo(7);
            });
        });
        langsmith.assertNoViolations();
    }

    @Test
    void feedbackPerEvaluatorPerRunAndSummaryFeedbackOnTheExperiment() {
        langsmith = FakeLangSmith.start();

        runGreet("local,langsmith");

        assertThat(langsmith.feedback().values()).filteredOn(feedback -> feedback.has("run_id"))
                .hasSize(3).allSatisfy(feedback -> assertThat(feedback.path("key").asText()).isEqualTo("exact_match"));
        assertThat(langsmith.feedback().values()).anySatisfy(feedback -> {
            assertThat(feedback.path("key").asText()).isEqualTo("pass_rate");
            assertThat(feedback.has("run_id")).isFalse();
            assertThat(feedback.path("session_id").asText()).isNotEmpty();
        });
        langsmith.assertNoViolations();
    }

    @Test
    void evaluatorsAreTracesOfTheirOwnLinkedFromTheFeedbackAndTheItemRunEndsBeforeThem() {
        langsmith = FakeLangSmith.start();

        runGreet("local,langsmith");

        List<JsonNode> evaluators = langsmith.runs().values().stream().filter(LangSmithBackendTest::isEvaluatorRun)
                .toList();
        assertThat(evaluators).hasSize(3).allSatisfy(evaluator -> {
            assertThat(evaluator.path("name").asText()).isEqualTo("exact_match");
            assertThat(evaluator.has("parent_run_id")).isFalse();
            assertThat(evaluator.has("session_id")).isFalse();
            JsonNode judged = langsmith.runs().get(evaluator.path("extra").path("metadata").path("reference_run_id")
                    .asText());
            assertThat(judged).as("the run it judged").isNotNull();
            assertThat(evaluator.path("extra").path("metadata").path("reference_example_id").asText())
                    .isEqualTo(judged.path("reference_example_id").asText());
            assertThat(java.time.OffsetDateTime.parse(judged.path("end_time").asText()))
                    .isBeforeOrEqualTo(java.time.OffsetDateTime.parse(evaluator.path("start_time").asText()));
        });
        assertThat(langsmith.feedback().values()).filteredOn(feedback -> feedback.has("run_id")).hasSize(3)
                .allSatisfy(feedback -> assertThat(evaluators).extracting(run -> run.path("id").asText())
                        .contains(feedback.path("feedback_source").path("metadata").path("__run").path("run_id")
                                .asText()));
        langsmith.assertNoViolations();
    }

    @Test
    void modelCallsAreLlmRunsInTheOpenAiShapeWithTheirCost() throws java.io.IOException {
        langsmith = FakeLangSmith.start();

        configuration.put("prompt.experiment.prices", java.nio.file.Files.writeString(work.resolve("prices.yaml"),
                "greeting-model: {input: 1000, output: 2000}\n").toString());

        runGreet("local,langsmith");

        JsonNode llm = langsmith.runs().values().stream().filter(run -> "llm".equals(run.path("run_type").asText())
                && run.path("outputs").toString().contains("Hello, Ada!")).findFirst().orElseThrow();
        assertThat(llm.path("inputs").path("messages").get(0).path("role").asText()).isNotEmpty();
        assertThat(llm.path("inputs").path("model").asText()).isEqualTo("greeting-model");
        assertThat(llm.path("outputs").path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("Hello, Ada!");
        JsonNode usage = llm.path("outputs").path("usage_metadata");
        assertThat(usage.path("input_tokens").asInt()).isEqualTo(7);
        assertThat(usage.path("total_cost").asDouble()).isCloseTo(0.011, org.assertj.core.data.Offset.offset(1e-12));
        JsonNode metadata = llm.path("extra").path("metadata");
        assertThat(metadata.path("ls_model_type").asText()).isEqualTo("chat");
        assertThat(metadata.path("ls_model_name").asText()).isEqualTo("greeting-model");
        assertThat(metadata.path("ls_temperature").asDouble()).isZero();
        langsmith.assertNoViolations();
    }

    @Test
    void aLangSmithDatasetsExamplesOfASplitBecomeTests() {
        langsmith = FakeLangSmith.start();
        langsmith.seedDataset("qa", 6, "train", "test");

        EngineExecutionResults results = run(
                selectMethod(LangSmithExperiments.class, "answer", "dev.junitprompt.api.DatasetItem"), "local");

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        langsmith.assertNoViolations();
    }

    @Test
    void anExperimentPinnedToATaggedVersionRunsTheExamplesOfThenAndTheExperimentSaysWhich() {
        langsmith = FakeLangSmith.start();
        langsmith.seedDataset("qa", 2);
        langsmith.tagVersion("qa", "v1");
        langsmith.addExamples("qa", 3, 4); // after the tag

        EngineExecutionResults results = run(
                selectMethod(LangSmithExperiments.class, "answerAtV1", "dev.junitprompt.api.DatasetItem"),
                "local,langsmith");

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(langsmith.requests()).anySatisfy(request -> assertThat(request).contains("/examples"));
        assertThat(langsmith.sessions().values()).singleElement().satisfies(session -> assertThat(session
                .path("extra").path("metadata").path("dataset_version").asText()).isEqualTo("v1"));
        langsmith.assertNoViolations();
    }

    @Test
    void anUnpinnedExperimentRecordsTheDatasetsLastChangeAsItsVersion() {
        langsmith = FakeLangSmith.start();
        langsmith.seedDataset("qa", 2, "test");
        String modified = langsmith.datasetByName("qa").path("modified_at").asText();

        run(selectMethod(LangSmithExperiments.class, "answer", "dev.junitprompt.api.DatasetItem"), "local,langsmith");

        assertThat(modified).isNotEmpty();
        assertThat(langsmith.sessions().values()).singleElement().satisfies(session -> assertThat(session
                .path("extra").path("metadata").path("dataset_version").asText()).isEqualTo(modified));
        langsmith.assertNoViolations();
    }

    @Test
    void runEvaluatorScoresAreSummaryFeedbackOnTheExperiment() {
        langsmith = FakeLangSmith.start();

        run(selectMethod(dev.junitprompt.engine.fixtures.ClassificationExperiments.class, "triage", "java.lang.String"),
                "local,langsmith");

        assertThat(langsmith.feedback().values()).filteredOn(feedback -> !feedback.has("run_id"))
                .extracting(feedback -> feedback.path("key").asText())
                .contains("accuracy", "precision", "recall", "f1", "pass_rate");
        langsmith.assertNoViolations();
    }

    @Test
    void theShardsOfOneCiRunJoinOneExperiment() {
        langsmith = FakeLangSmith.start();
        configuration.put("prompt.experiment.run-id", "ci-1234");
        for (String shard : List.of("1/2", "2/2")) {
            configuration.put("prompt.experiment.shard", shard);
            runGreet("local,langsmith");
        }

        assertThat(langsmith.sessions().values()).singleElement().satisfies(session -> assertThat(
                session.path("name").asText()).isEqualTo("greet-ci-1234"));
        assertThat(roots()).hasSize(3);
        langsmith.assertNoViolations();
    }

    @Test
    void bothBackendsAtOnceEachGetEverything() {
        langsmith = FakeLangSmith.start();
        langfuse = FakeLangfuseAccess.start(false);

        runGreet("local,langfuse,langsmith");

        assertThat(roots()).hasSize(3);
        assertThat(langfuse.spanCount()).isGreaterThanOrEqualTo(3 * 3);
        assertThat(langfuse.scoreCount()).isGreaterThanOrEqualTo(3);
        langsmith.assertNoViolations();
        langfuse.assertNoViolations();
    }

    @Test
    void oneBackendFailingEveryCallCostsTheOtherNothingAndFailsNoTest() throws Exception {
        langsmith = FakeLangSmith.start();
        langsmith.failEverything();
        langfuse = FakeLangfuseAccess.start(false);

        EngineExecutionResults results = runGreet("local,langfuse,langsmith");

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
        results.containerEvents().assertStatistics(stats -> stats.failed(0));
        assertThat(langfuse.spanCount()).isGreaterThanOrEqualTo(3 * 3);
        assertThat(langfuse.scoreCount()).isGreaterThanOrEqualTo(3);
        Path runFolder;
        try (Stream<Path> runs = Files.list(work.resolve("results/greet"))) {
            runFolder = runs.findFirst().orElseThrow();
        }
        assertThat(dev.junitprompt.results.RunRecord.read(runFolder.resolve("results.jsonl")).results()).hasSize(3);
        assertThat(Files.readString(runFolder.resolve("report.md"))).contains("Langfuse: ");
    }

    @Test
    void aRunLangSmithMissedIsSentFromItsSpoolLaterExactlyOnce() throws Exception {
        langsmith = FakeLangSmith.start();
        langsmith.failEverything();

        EngineExecutionResults results = runGreet("local,langsmith");

        // The outage costs LangSmith's record, not the run: the items' verdicts stand, the local record is whole.
        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
        Path folder;
        try (java.util.stream.Stream<Path> runs = java.nio.file.Files.list(work.resolve("results/greet"))) {
            folder = runs.filter(path -> !path.getFileName().toString().startsWith("latest")).findFirst().orElseThrow();
        }
        assertThat(dev.junitprompt.results.Spool.read(folder).undelivered("langsmith")).hasSize(3);
        assertThat(java.nio.file.Files.readString(folder.resolve("report.md")))
                .contains("langsmith lacks 3 of the run's 3 item runs, kept in " + folder.resolve("spool.jsonl"));

        langsmith.recover();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = dev.junitprompt.sync.SyncCli.run(new String[] {"upload-spool", work.resolve("results").toString()},
                Map.of("LANGSMITH_ENDPOINT", langsmith.endpoint(), "LANGSMITH_API_KEY", FakeLangSmith.API_KEY),
                new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("langsmith: greet run " + folder.getFileName()
                + ": sent 3 item runs and the run's end — LangSmith: ");
        assertThat(roots()).hasSize(3);
        assertThat(langsmith.feedback().values()).filteredOn(feedback -> feedback.hasNonNull("run_id")).hasSize(3);
        assertThat(langsmith.sessions().values()).filteredOn(session -> session.hasNonNull("end_time")).hasSize(1);
        langsmith.assertNoViolations();
        assertThat(folder.resolve("spool.jsonl")).doesNotExist();
    }
}

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

    private List<JsonNode> roots() {
        return langsmith.runs().values().stream().filter(run -> run.path("parent_run_id").isMissingNode()
                || run.path("parent_run_id").isNull()).toList();
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
    void aLangSmithDatasetsExamplesOfASplitBecomeTests() {
        langsmith = FakeLangSmith.start();
        langsmith.seedDataset("qa", 6, "train", "test");

        EngineExecutionResults results = run(
                selectMethod(LangSmithExperiments.class, "answer", "dev.junitprompt.api.DatasetItem"), "local");

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
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
}

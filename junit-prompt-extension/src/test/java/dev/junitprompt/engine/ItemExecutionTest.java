package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.opentest4j.AssertionFailedError;

import dev.junitprompt.engine.fixtures.GreetingExperiments;
import dev.junitprompt.results.RunRecord;

class ItemExecutionTest {

    @TempDir
    Path work;

    private EngineExecutionResults run(org.junit.platform.engine.DiscoverySelector selector) {
        return EngineKit.engine(work).selectors(selector).execute();
    }

    @Test
    void eachItemIsATestThatPassesOrFailsOnItsThreshold() {
        EngineExecutionResults results = run(selectMethod(GreetingExperiments.class, "greet"));

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("case-001"), displayName("case-001 · English"), finishedSuccessfully()))
                .haveExactly(1, event(test("case-002"), finishedSuccessfully()))
                .haveExactly(1, event(test("case-003"), finishedWithFailure(instanceOf(AssertionFailedError.class),
                        message(m -> m.contains("exact_match = 0.00 < min 1.00") && m.contains("Hallo, Grace!")
                                && m.contains("Hello, Grace!") && m.contains("\"lang\":\"German\"")))));
    }

    @Test
    void failingExperimentThresholdListsTheItemsThatDraggedItDown() {
        EngineExecutionResults results = run(selectMethod(GreetingExperiments.class, "greet"));

        results.testEvents().assertThatEvents().haveExactly(1, event(test("thresholds"), finishedWithFailure(
                message(m -> m.contains("✗ mean exact_match 0.67 < 0.90") && m.contains("case-003 0.00")
                        && !m.contains("case-001") && m.contains("✓ pass rate 0.67 ≥ 0.50")))));
    }

    @Test
    void aThrowingTaskErrorsOnlyItsItem() {
        EngineExecutionResults results = run(selectMethod(GreetingExperiments.class, "flaky", "dev.junitprompt.api.DatasetItem"));

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(3).failed(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("case-002"),
                finishedWithFailure(instanceOf(ExperimentExecution.ItemErroredException.class),
                        message(m -> m.contains("service unavailable for Jean")))));
    }

    @Test
    void aTaskMethodReceivesInputsByName() {
        EngineExecutionResults results = run(selectMethod(GreetingExperiments.class, "shout", "java.lang.String"));

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
    }

    @Test
    void itemTestsPublishScoresOutputAndUsage() {
        EngineExecutionResults results = run(selectMethod(GreetingExperiments.class, "greet"));

        Map<String, String> entry = results.allEvents().reportingEntryPublished()
                .filter(event -> event.getTestDescriptor().getUniqueId().toString().endsWith("[item:case-001]"))
                .map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                .findFirst().orElseThrow();
        assertThat(entry).containsEntry("score.exact_match", "true").containsEntry("output", "Hello, Ada!")
                .containsEntry("status", "passed").containsEntry("model", "greeting-model").containsKey("latency_ms")
                .containsEntry("tokens.output", "2");
    }

    @Test
    void surefireSeesEachItemUnderTheExperimentMethod() {
        EngineExecutionResults results = run(selectClass(GreetingExperiments.class));

        List<Event> tests = results.testEvents().started().list();
        assertThat(tests).hasSize(12).allSatisfy(event -> assertThat(event.getTestDescriptor().getSource())
                .hasValueSatisfying(source -> assertThat(source.toString()).contains("GreetingExperiments")));
        assertThat(tests).map(event -> event.getTestDescriptor().getLegacyReportingName())
                .contains("greet · case-001 · English", "greet · thresholds", "shout · case-003 · German");
    }

    @Test
    void packageSelectorFindsExperimentClasses() {
        // ParallelExperiments waits for its twin, which only runs alongside with parallel-experiments on.
        EngineExecutionResults results = EngineKit.engine(work)
                .selectors(selectPackage("dev.junitprompt.engine.fixtures"))
                .filters(org.junit.platform.engine.discovery.ClassNameFilter
                        .excludeClassNamePatterns(".*ParallelExperiments"))
                .execute();

        assertThat(results.containerEvents().started().list())
                .map(event -> event.getTestDescriptor().getDisplayName())
                .contains("GreetingExperiments", "BadInputExperiments", "greet [greetings ▸ greet]");
    }

    @Test
    void itemsConfigurationSelectsItemsFromTheCommandLine() {
        EngineExecutionResults results = EngineKit.engine(work)
                .configurationParameter("prompt.experiment.items", "case-002, case-003")
                .selectors(selectMethod(GreetingExperiments.class, "shout", "java.lang.String")).execute();

        assertThat(results.testEvents().started().list()).map(event -> event.getTestDescriptor().getDisplayName())
                .containsExactly("case-002 · French", "case-003 · German", "thresholds");
    }

    @Test
    void localSinkWritesResultsAndReportPerRun() throws IOException {
        run(selectMethod(GreetingExperiments.class, "greet"));

        Path runFolder;
        try (Stream<Path> runs = Files.list(work.resolve("results/greet"))) {
            runFolder = runs.findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(runFolder.resolve("results.jsonl"));
        assertThat(lines).hasSize(1 + 3 + 1);
        assertThat(lines.get(3)).contains("\"item\":\"case-003\"", "\"status\":\"failed\"", "\"output\":\"Hello, Grace!\"",
                "\"prompt\":[{\"role\":\"user\",\"content\":\"Say hello to Grace in German.\\n\"}]");
        RunRecord record = RunRecord.read(runFolder.resolve("results.jsonl"));
        assertThat(record.run().experiment()).isEqualTo("greet");
        assertThat(record.run().prompt().hash()).hasSize(64);
        assertThat(record.results()).extracting(result -> result.status().label())
                .containsExactly("passed", "passed", "failed");
        assertThat(record.results().get(2).failures()).singleElement()
                .satisfies(failure -> assertThat(failure.threshold()).isEqualTo(1.0));
        assertThat(record.summary()).hasValueSatisfying(summary -> assertThat(summary.thresholds())
                .contains("✗ mean exact_match 0.67 < 0.90"));
        String report = Files.readString(runFolder.resolve("report.md"));
        assertThat(report.indexOf("case-003")).isLessThan(report.indexOf("case-001"));
        assertThat(report).contains("✗ mean exact_match 0.67 < 0.90");
    }

    @Test
    void experimentContainerSucceedsWhenItsItemsFail() {
        EngineExecutionResults results = run(selectMethod(GreetingExperiments.class, "greet"));

        assertThat(results.containerEvents().finished().list())
                .map(event -> event.getRequiredPayload(TestExecutionResult.class).getStatus())
                .containsOnly(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(results.allEvents().filter(event -> event.getType() == EventType.SKIPPED)).isEmpty();
    }
}

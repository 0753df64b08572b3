package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.engine.fixtures.ConcurrencyExperiments;
import dev.junitprompt.engine.fixtures.GreetingExperiments;
import dev.junitprompt.engine.fixtures.RepetitionExperiments;

/** Concurrency, repetitions and sampling: how many times and how many at once items run. */
class RunsTest {

    @TempDir
    Path work;

    @BeforeEach
    void resetFixtures() {
        RepetitionExperiments.CALLS.clear();
        ConcurrencyExperiments.IN_FLIGHT.set(0);
        ConcurrencyExperiments.MAX_IN_FLIGHT.set(0);
        ConcurrencyExperiments.gate = new CountDownLatch(1);
    }

    @Test
    void itemsRunConcurrentlyUpToTheConfiguredBound() throws IOException {
        Path datasets = manyItems(20);
        ConcurrencyExperiments.bound = 4;

        EngineExecutionResults results = EngineKit.engine(work)
                .configurationParameter("prompt.experiment.datasets.dir", datasets.toString())
                .configurationParameter("prompt.experiment.concurrency", "4")
                .selectors(selectMethod(ConcurrencyExperiments.class, "hold", "dev.junitprompt.api.DatasetItem"))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.started(21).succeeded(21));
        assertThat(ConcurrencyExperiments.MAX_IN_FLIGHT).hasValue(4);
    }

    @Test
    void itemsAreReportedInDatasetOrderWhateverOrderTheyFinishIn() throws IOException {
        Path datasets = manyItems(20);
        ConcurrencyExperiments.bound = 4;

        EngineExecutionResults results = EngineKit.engine(work)
                .configurationParameter("prompt.experiment.datasets.dir", datasets.toString())
                .configurationParameter("prompt.experiment.concurrency", "4")
                .selectors(selectMethod(ConcurrencyExperiments.class, "hold", "dev.junitprompt.api.DatasetItem"))
                .execute();

        assertThat(results.testEvents().finished().list()).map(e -> e.getTestDescriptor().getDisplayName())
                .startsWith("item-01", "item-02", "item-03", "item-04", "item-05").endsWith("item-20", "thresholds");
    }

    @Test
    void experimentsOfAClassRunSideBySideWhenAllowed() {
        dev.junitprompt.engine.fixtures.ParallelExperiments.RUNNING.clear();
        dev.junitprompt.engine.fixtures.ParallelExperiments.bothRunning = new CountDownLatch(2);

        EngineExecutionResults results = EngineKit.engine(work)
                .configurationParameter("prompt.experiment.parallel-experiments", "true")
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(
                        dev.junitprompt.engine.fixtures.ParallelExperiments.class))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.started(8).succeeded(8));
        // Reported one experiment after the other all the same: the experiment changes once in the report.
        List<String> experiments = results.testEvents().finished().list().stream()
                .map(e -> e.getTestDescriptor().getUniqueId().getSegments().get(2).getValue()).toList();
        long changes = java.util.stream.IntStream.range(1, experiments.size())
                .filter(i -> !experiments.get(i).equals(experiments.get(i - 1))).count();
        assertThat(experiments).containsOnly("first", "second");
        assertThat(changes).isEqualTo(1);
    }

    @Test
    void eachRepetitionIsATestAndTheMajorityRuleToleratesOneShortRun() {
        EngineExecutionResults results = EngineKit.engine(work)
                .selectors(selectMethod(RepetitionExperiments.class, "majority", "dev.junitprompt.api.DatasetItem"))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.started(10).succeeded(7).aborted(3).failed(0));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("repetition:1"), displayName("case-001 [1/3]"),
                        finishedSuccessfully()))
                .haveExactly(1, event(test("repetition:2"),
                        abortedWithReason(message(m -> m.contains("case-001 passed 2 of 3 repetitions; rule majority")))));
    }

    @Test
    void theAllRuleFailsAnItemWithOneShortRun() {
        EngineExecutionResults results = EngineKit.engine(work)
                .selectors(selectMethod(RepetitionExperiments.class, "all", "dev.junitprompt.api.DatasetItem"))
                .execute();

        results.testEvents().assertThatEvents()
                .haveExactly(3, event(test("repetition:2"), finishedWithFailure(
                        message(m -> m.contains("passed 2 of 3 repetitions; rule all")))))
                .haveExactly(1, event(test("thresholds"), finishedWithFailure(
                        message(m -> m.contains("✗ pass rate 0.00 < 0.50")))));
    }

    @Test
    void anAtLeastRuleAskingForMoreRunsThanThereAreIsAConfigurationError() {
        EngineExecutionResults results = EngineKit.engine(work)
                .selectors(selectMethod(RepetitionExperiments.class, "atLeastTooMany", "dev.junitprompt.api.DatasetItem"))
                .execute();

        results.testEvents().assertThatEvents().haveExactly(1, event(test("atLeastTooMany"), finishedWithFailure(
                message(m -> m.contains("atLeast between 1 and repetitions (3) but atLeast = 4")))));
    }

    @Test
    void aRepetitionIsReselectableByItsUniqueId() {
        List<TestDescriptor> tests = EngineKit.engine(work)
                .selectors(selectMethod(RepetitionExperiments.class, "majority", "dev.junitprompt.api.DatasetItem"))
                .discover().getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .map(TestDescriptor.class::cast).toList();
        TestDescriptor third = tests.stream().filter(t -> t.getDisplayName().equals("case-002 [3/3]")).findFirst()
                .orElseThrow();

        EngineExecutionResults results = EngineKit.engine(work)
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(third.getUniqueId()))
                .execute();

        assertThat(results.testEvents().started().list()).singleElement()
                .satisfies(event -> assertThat(event.getTestDescriptor().getUniqueId()).isEqualTo(third.getUniqueId()));
    }

    @Test
    void samplingRunsADeterministicSubsetAndSaysSo() {
        List<String> first = sampledItems("0");
        List<String> again = sampledItems("0");

        assertThat(first).hasSize(2).isEqualTo(again);
        assertThat(List.of(sampledItems("1"), sampledItems("2"), sampledItems("3"), sampledItems("4")))
                .as("other seeds pick other items").anySatisfy(other -> assertThat(other).isNotEqualTo(first));
    }

    private List<String> sampledItems(String seed) {
        return EngineKit.engine(work)
                .configurationParameter("prompt.experiment.sample", "2")
                .configurationParameter("prompt.experiment.sample.seed", seed)
                .selectors(selectMethod(GreetingExperiments.class, "shout", "java.lang.String"))
                .discover().getEngineDescriptor().getDescendants().stream()
                .filter(TestDescriptor::isTest).map(TestDescriptor::getDisplayName)
                .filter(name -> !name.equals("thresholds")).toList();
    }

    private Path manyItems(int count) throws IOException {
        Path folder = Files.createDirectories(work.resolve("datasets/many"));
        StringBuilder json = new StringBuilder("[");
        for (int i = 1; i <= count; i++) {
            json.append(i > 1 ? "," : "").append(String.format("{\"id\":\"item-%02d\",\"inputs\":{}}", i));
        }
        Files.writeString(folder.resolve("test_cases.json"), json.append("]").toString());
        return work.resolve("datasets");
    }
}

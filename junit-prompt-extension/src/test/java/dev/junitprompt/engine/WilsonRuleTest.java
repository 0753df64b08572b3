package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.junitprompt.engine.fixtures.WilsonExperiments;

/** The WILSON pass rule: verdicts by the interval of an item's pass rate, inconclusive ones said, early stopping. */
class WilsonRuleTest {

    @TempDir
    Path work;

    @BeforeEach
    void reset() {
        WilsonExperiments.CALLS.clear();
    }

    private EngineExecutionResults run(String experiment, String inconclusive) {
        return EngineKit.engine(work).configurationParameter("prompt.experiment.inconclusive", inconclusive)
                .selectors(selectMethod(WilsonExperiments.class, experiment, "dev.junitprompt.api.DatasetItem"))
                .execute();
    }

    private static String message(Event event) {
        return event.getRequiredPayload(TestExecutionResult.class).getThrowable().map(Throwable::getMessage)
                .orElse("");
    }

    private static List<Event> items(EngineExecutionResults results, String id) {
        return results.testEvents().finished().list().stream().filter(event -> event.getTestDescriptor()
                .getUniqueId().toString().contains("[item:" + id + "]")).toList();
    }

    @Test
    void withStopEarlyAnItemRunsOnlyUntilItsVerdictIsClear() {
        EngineExecutionResults results = run("early", "abort");

        assertThat(WilsonExperiments.CALLS.get("early/case-001")).hasValue(4);
        assertThat(WilsonExperiments.CALLS.get("early/case-003")).hasValue(4);
        assertThat(items(results, "case-001")).hasSize(5).last().satisfies(event -> {
            assertThat(event.getRequiredPayload(TestExecutionResult.class).getStatus())
                    .isEqualTo(TestExecutionResult.Status.ABORTED);
            assertThat(message(event)).contains("Not run: the item passed after 4 of its runs (4 passed; 95% "
                    + "interval [0.51, 1.00], target 0.5)");
        });
        assertThat(items(results, "case-003")).filteredOn(event -> event.getRequiredPayload(TestExecutionResult.class)
                .getStatus() == TestExecutionResult.Status.FAILED).hasSize(4).allSatisfy(event -> assertThat(
                        message(event)).contains("case-003 passed 0 of 4 runs; 95% interval [0.00, 0.49] against a "
                                + "target of 0.50: the item fails"));
    }

    @Test
    void aPassRateThresholdUnderTheWilsonRuleIsJudgedByItsIntervalToo() {
        EngineExecutionResults results = run("early", "abort");

        assertThat(results.testEvents().finished().list()).filteredOn(event -> event.getTestDescriptor()
                .getDisplayName().equals("thresholds")).singleElement().satisfies(event -> {
                    assertThat(event.getRequiredPayload(TestExecutionResult.class).getStatus())
                            .isEqualTo(TestExecutionResult.Status.ABORTED);
                    assertThat(message(event)).contains("is inconclusive", "? pass rate 0.67 (95% interval "
                            + "[0.21, 0.94]) spans 0.50: inconclusive over 3 items");
                });
    }

    @Test
    void anItemTheIntervalCannotDecideIsAbortedWithTheRunsThatWouldDecide() {
        EngineExecutionResults results = run("unsure", "abort");

        assertThat(items(results, "case-001")).hasSize(3).last().satisfies(event -> {
            assertThat(event.getRequiredPayload(TestExecutionResult.class).getStatus())
                    .isEqualTo(TestExecutionResult.Status.ABORTED);
            assertThat(message(event)).contains("Inconclusive: case-001 passed 3 of 3 runs; 95% interval [0.44, 1.00] "
                    + "against a target of 0.80; about 16 runs at this rate would decide");
        });
        assertThat(items(results, "case-001").get(0).getRequiredPayload(TestExecutionResult.class).getStatus())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    @Test
    void inconclusiveCanBeMadeToFail() {
        EngineExecutionResults results = run("unsure", "fail");

        assertThat(items(results, "case-001")).last().satisfies(event -> {
            assertThat(event.getRequiredPayload(TestExecutionResult.class).getStatus())
                    .isEqualTo(TestExecutionResult.Status.FAILED);
            assertThat(message(event)).contains("Inconclusive: case-001 passed 3 of 3 runs");
        });
    }

    @Test
    void stopEarlyNeedsTheWilsonRule() {
        EngineExecutionResults results = run("stopEarlyWithoutWilson", "abort");

        assertThat(results.allEvents().failed().list()).anySatisfy(event -> assertThat(message(event))
                .contains("stopEarly = true needs passRule = WILSON"));
    }
}

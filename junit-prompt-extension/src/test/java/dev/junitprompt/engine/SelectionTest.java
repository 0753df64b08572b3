package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.junitprompt.engine.fixtures.SelectionExperiments;

/** Selecting items by id: the experiments left with none skip their thresholds, a typo is said. */
class SelectionTest {

    @TempDir
    Path work;

    @Test
    void anExperimentWithNoSelectedItemSkipsItsThresholdsWithTheReasonAndWritesNoRun() {
        EngineExecutionResults results = EngineKit.engine(work).configurationParameter("prompt.experiment.items", "case-002")
                .selectors(selectMethod(SelectionExperiments.class, "greetings", "dev.junitprompt.api.DatasetItem"),
                        selectMethod(SelectionExperiments.class, "others", "dev.junitprompt.api.DatasetItem"))
                .execute();

        assertThat(results.testEvents().skipped().list()).singleElement().satisfies(event -> {
            assertThat(event.getTestDescriptor().getUniqueId().toString()).contains("[experiment:others]");
            assertThat(event.getPayload(String.class)).hasValueSatisfying(reason -> assertThat(reason)
                    .contains("No item of experiment others was selected").contains("prompt.experiment.items"));
        });
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));
        assertThat(work.resolve("results/others")).doesNotExist();
        assertThat(Files.exists(work.resolve("results/greetings"))).isTrue();
    }

    @Test
    void anItemIdNoExperimentHasIsADiscoveryWarningWithTheClosestIds() {
        var discovery = EngineKit.engine(work).configurationParameter("prompt.experiment.items", "case-02")
                .selectors(selectClass(SelectionExperiments.class)).discover();

        assertThat(discovery.getDiscoveryIssues()).anySatisfy(issue -> assertThat(issue.message())
                .contains("prompt.experiment.items names item 'case-02'").contains("closest: [case-002"));
    }

    @Test
    void whenEveryItemErroredTheThresholdsSaySoInsteadOfReportingAPassRateOfZero() {
        EngineExecutionResults results = EngineKit.engine(work)
                .selectors(selectMethod(SelectionExperiments.class, "broken", "dev.junitprompt.api.DatasetItem"))
                .execute();

        Event thresholds = results.testEvents().finished().list().stream()
                .filter(event -> event.getTestDescriptor().getUniqueId().toString().contains("[thresholds:"))
                .findFirst().orElseThrow();
        assertThat(thresholds.getRequiredPayload(TestExecutionResult.class).getThrowable())
                .hasValueSatisfying(thrown -> assertThat(thrown).hasMessageContaining("all 3 item runs errored")
                        .hasMessageContaining("service down").hasMessageNotContaining("pass rate 0.00"));
    }
}

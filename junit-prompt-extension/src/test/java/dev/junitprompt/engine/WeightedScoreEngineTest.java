package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.engine.fixtures.WeightedExperiments;

class WeightedScoreEngineTest {

    @TempDir
    Path work;

    @Test
    void anOverallScoreWeighsTheItemsOtherScoresAndFailsItBelowItsMin() {
        EngineExecutionResults results = EngineKit.engine(work).selectors(selectMethod(WeightedExperiments.class,
                "greet", "dev.junitprompt.api.PromptResult")).execute();

        // The German item: exact_match false (0 × 3), regex true (1 × 1): overall 0.25 < 0.5.
        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(3).failed(1));
        assertThat(results.testEvents().failed().list()).singleElement().satisfies(event -> assertThat(event
                .getRequiredPayload(TestExecutionResult.class).getThrowable()).hasValueSatisfying(thrown -> assertThat(
                        thrown).hasMessageContaining("overall = 0.25 < min 0.50")
                        .hasMessageContaining("(exact_match false × 3 + regex true × 1) / 4")));
    }
}

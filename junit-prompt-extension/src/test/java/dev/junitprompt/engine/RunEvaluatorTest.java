package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.api.Score;
import dev.junitprompt.engine.fixtures.ClassificationExperiments;
import dev.junitprompt.results.RunRecord;

/** Run evaluators: scored once the items are done, held to thresholds, kept in the record and the report. */
class RunEvaluatorTest {

    @TempDir
    Path work;

    private EngineExecutionResults runTriage() {
        return EngineKit.engine(work).selectors(selectMethod(ClassificationExperiments.class, "triage",
                "java.lang.String")).execute();
    }

    private Path runFolder() throws IOException {
        try (Stream<Path> runs = Files.list(work.resolve("results/triage"))) {
            return runs.filter(path -> !path.getFileName().toString().startsWith("latest")).findFirst().orElseThrow();
        }
    }

    @Test
    void aRunScoreIsHeldToItsThresholdAndTheFailureSaysWhy() {
        EngineExecutionResults results = runTriage();

        results.testEvents().assertThatEvents().anySatisfy(event -> {
            assertThat(event.getTestDescriptor().getDisplayName()).isEqualTo("thresholds");
            assertThat(event.getPayload(TestExecutionResult.class)).hasValueSatisfying(result -> assertThat(
                    result.getThrowable()).hasValueSatisfying(thrown -> assertThat(thrown)
                            .hasMessageContaining("✗ f1 0.43 < 0.80")
                            .hasMessageContaining("3 of 5 labelled right; macro average over 3 labels")
                            .hasMessageContaining("✓ accuracy 0.60 ≥ 0.50")));
        });
    }

    @Test
    void runScoresAreInTheRunRecordAndTheReport() throws IOException {
        runTriage();

        Path run = runFolder();
        assertThat(RunRecord.read(run.resolve("results.jsonl")).summary()).hasValueSatisfying(summary -> {
            assertThat(summary.runScores()).extracting(Score::name).containsExactly("accuracy", "precision", "recall",
                    "f1");
            assertThat(summary.runScore("accuracy")).hasValueSatisfying(score -> assertThat(score.value())
                    .isEqualTo(0.6));
        });
        assertThat(Files.readString(run.resolve("report.md"))).contains("| run score | value | why |",
                "| accuracy | 0.60 | 3 of 5 labelled right; macro average over 3 labels |");
    }
}

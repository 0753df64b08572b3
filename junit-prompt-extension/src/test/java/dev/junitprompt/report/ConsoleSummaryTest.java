package dev.junitprompt.report;

import static dev.junitprompt.results.TestResults.errored;
import static dev.junitprompt.results.TestResults.failed;
import static dev.junitprompt.results.TestResults.passed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.api.Score;
import dev.junitprompt.results.ExperimentSummary;

class ConsoleSummaryTest {

    private static final ExperimentSummary SUMMARY = ExperimentSummary.builder("prepGenerate").results(List.of(
            passed("a", 40, Score.of("judge", 0.9), Score.category("tone", "friendly")),
            failed("b", 10, Score.of("judge", 0.4)),
            errored("c", 30),
            passed("d", 20, Score.of("judge", 0.8))))
            .thresholds(List.of("✓ pass rate 50% ≥ 50%")).passRule(PassRule.ALL, 0).notes(List.of("2 items replayed"))
            .links(List.of("target/prompt-experiments/prepGenerate/run-1/report.md")).build();

    private final String text = ConsoleSummary.render(SUMMARY);

    @Test
    void startsWithTheExperimentsName() {
        assertThat(text.lines().findFirst()).hasValueSatisfying(
                header -> assertThat(header).startsWith("── prompt experiment prepGenerate ─"));
    }

    @Test
    void showsCountsAndPassRate() {
        assertThat(text)
                .containsPattern("(?m)^  items +4$")
                .containsPattern("(?m)^  passed / failed / errored +2 / 1 / 1$")
                .containsPattern("(?m)^  pass rate +50%$");
    }

    @Test
    void showsTheMeanOfEachNumericMetricOnly() {
        assertThat(text).containsPattern("(?m)^  mean judge +0\\.70$").doesNotContain("mean tone");
    }

    @Test
    void showsLatencyPercentilesAndTokens() {
        assertThat(text)
                .containsPattern("(?m)^  latency p50 / p95 +20 ms / 40 ms$")
                .containsPattern("(?m)^  tokens in / out +40 / 16$");
    }

    @Test
    void showsThresholdsNotesAndLinks() {
        assertThat(text)
                .containsPattern("(?m)^  ✓ pass rate 50% ≥ 50%$")
                .containsPattern("(?m)^  note: 2 items replayed$")
                .containsPattern("(?m)^  → target/prompt-experiments/prepGenerate/run-1/report.md$");
    }

    @Test
    void alignsTheValuesInOneColumnAfterTheLongestLabel() {
        int column = "  passed / failed / errored  ".length();
        List<String> rows = text.lines().skip(1).limit(6).toList();

        assertThat(rows).hasSize(6).first().asString().startsWith("  items ");
        assertThat(rows).extracting(row -> row.substring(column - 2, column + 1))
                .allSatisfy(boundary -> assertThat(boundary).matches("  \\S"));
    }
}

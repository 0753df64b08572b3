package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.junitprompt.engine.fixtures.BaselineExperiments;

/** A run against its baseline: written, compared item by item, and gated only on regressions beyond noise. */
class BaselineTest {

    @TempDir
    Path work;

    @BeforeEach
    void dataset() throws IOException {
        Path pairs = Files.createDirectories(work.resolve("datasets/pairs"));
        Files.writeString(pairs.resolve("test_cases.json"), IntStream.rangeClosed(1, 8)
                .mapToObj(i -> "{\"id\": \"p" + i + "\", \"inputs\": {\"n\": " + i + "}}")
                .collect(Collectors.joining(",\n", "[\n", "\n]\n")));
        Files.writeString(pairs.resolve("expected.json"), IntStream.rangeClosed(1, 8)
                .mapToObj(i -> "\"p" + i + "\": \"ok " + i + "\"").collect(Collectors.joining(", ", "{", "}")));
    }

    @AfterEach
    void reset() {
        BaselineExperiments.WRONG = Set.of();
    }

    private EngineExecutionResults run(Set<String> wrong, String... settings) {
        BaselineExperiments.WRONG = wrong;
        var engine = EngineKit.engine(work)
                .configurationParameter("prompt.experiment.datasets.dir", work.resolve("datasets").toString())
                .configurationParameter("prompt.experiment.baselines.dir", work.resolve("baselines").toString());
        for (int i = 0; i < settings.length; i += 2) {
            engine.configurationParameter(settings[i], settings[i + 1]);
        }
        return engine.selectors(selectMethod(BaselineExperiments.class, "answer", "dev.junitprompt.api.DatasetItem"))
                .execute();
    }

    private static Event thresholds(EngineExecutionResults results) {
        return results.testEvents().finished().list().stream()
                .filter(event -> event.getTestDescriptor().getDisplayName().equals("thresholds")).findFirst()
                .orElseThrow();
    }

    private static String message(Event event) {
        return event.getRequiredPayload(TestExecutionResult.class).getThrowable().map(Throwable::getMessage)
                .orElse("");
    }

    private String lastReport() throws IOException {
        try (Stream<Path> runs = Files.list(work.resolve("results/answer"))) {
            Path run = runs.filter(path -> !path.getFileName().toString().startsWith("latest")).sorted()
                    .reduce((first, second) -> second).orElseThrow();
            return Files.readString(run.resolve("report.md"));
        }
    }

    @Test
    void aCommittedBaselineIsWrittenOnRequestAndARunWithoutOneSaysSo() throws IOException {
        EngineExecutionResults first = run(Set.of("p8"), "prompt.experiment.baseline.update", "true");

        assertThat(work.resolve("baselines/answer.jsonl")).isRegularFile();
        assertThat(thresholds(first).getRequiredPayload(TestExecutionResult.class).getStatus())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(first.allEvents().reportingEntryPublished().list()).isNotEmpty();
    }

    @Test
    void flipsBothWaysAreWithinNoiseAndTheReportShowsThemSideBySide() throws IOException {
        run(Set.of("p8"), "prompt.experiment.baseline.update", "true");

        EngineExecutionResults second = run(Set.of("p1"));

        // One regressed (p1), one improved (p8): McNemar p = 1, so the gates hold.
        assertThat(thresholds(second).getRequiredPayload(TestExecutionResult.class).getStatus())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        String report = lastReport();
        assertThat(report).contains("## Against the baseline", "pass rate 0.88 → 0.88, 1 regressed, 1 improved",
                "### Regressed (passed in the baseline, fail now)", "| p1 | ok 1 | wrong |",
                "### Improved (failed in the baseline, pass now)", "| p8 | wrong | ok 8 |");
    }

    @Test
    void aRegressionBeyondTheMarginAndBeyondNoiseFailsTheGateNamingTheItems() throws IOException {
        run(Set.of(), "prompt.experiment.baseline.update", "true");

        EngineExecutionResults worse = run(Set.of("p1", "p2", "p3", "p4", "p5", "p6", "p7"));

        Event gate = thresholds(worse);
        assertThat(gate.getRequiredPayload(TestExecutionResult.class).getStatus())
                .isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(message(gate)).contains("✗ pass rate 1.00 → 0.13, 7 regressed / 0 improved, McNemar p = 0.016",
                "p1 passed in the baseline, fails now", "✗ mean exact_match 1.00 → 0.13 (-0.875, 95% interval");
    }

    @Test
    void aSmallDropIsWithinNoise() throws IOException {
        run(Set.of(), "prompt.experiment.baseline.update", "true");

        EngineExecutionResults slightlyWorse = run(Set.of("p3"));

        Event gate = thresholds(slightlyWorse);
        assertThat(gate.getRequiredPayload(TestExecutionResult.class).getStatus())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(lastReport()).contains("1 regressed, 0 improved (within noise, p = 1.00)");
    }

    @Test
    void theLastRunCanBeTheBaselineAndNewAndRemovedItemsAreListed() throws IOException {
        run(Set.of());
        Files.writeString(work.resolve("datasets/pairs/test_cases.json"), "[{\"id\": \"p1\", \"inputs\": {}},"
                + " {\"id\": \"p9\", \"inputs\": {}}]");
        Files.writeString(work.resolve("datasets/pairs/expected.json"), "{\"p1\": \"ok 1\", \"p9\": \"ok 9\"}");

        run(Set.of(), "prompt.experiment.baseline", "last");

        assertThat(lastReport()).contains("vs run ", "New items: p9", "Items only the baseline has: p2, p3");
    }

    @Test
    void aPairwiseJudgeWeighsEachOutputAgainstTheBaselines() throws IOException {
        run(Set.of("p2"), "prompt.experiment.baseline.update", "true");
        BaselineExperiments.WRONG = Set.of("p1");

        EngineExecutionResults judged = EngineKit.engine(work)
                .configurationParameter("prompt.experiment.datasets.dir", work.resolve("datasets").toString())
                .configurationParameter("prompt.experiment.baselines.dir", work.resolve("baselines").toString())
                .selectors(selectMethod(BaselineExperiments.class, "judged", "dev.junitprompt.api.DatasetItem"))
                .execute();

        judged.testEvents().assertStatistics(stats -> stats.failed(0).aborted(0));
        String report = lastReport();
        // p1 got worse (0), p2 better (1), the others tie (0.5): a mean of 0.5 over 8.
        assertThat(report).contains("| preferred | 0.50 |");
    }
}

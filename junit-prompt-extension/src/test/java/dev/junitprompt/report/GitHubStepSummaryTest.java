package dev.junitprompt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.api.Score;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.TestResults;

class GitHubStepSummaryTest {

    @TempDir
    Path folder;

    private final ExperimentSummary summary = ReportFixtures.summary(List.of(ReportFixtures.passed(),
            ReportFixtures.failedByJudge(), ReportFixtures.errored(), ReportFixtures.hostile()));

    @Test
    void headsEachExperimentWithItsPassRateAndFigures() {
        assertThat(GitHubStepSummary.render(summary))
                .startsWith("### ✗ prepGenerate: 1 of 4 items passed (25%)\n\n"
                        + "latency p95 250 ms · tokens 90 / 29 · cost $0.0007\n\n");
    }

    @Test
    void listsTheItemsThatDidNotPassWithTheirTopFailingCheck() {
        assertThat(GitHubStepSummary.render(summary)).contains("| item | verdict | top failing check |\n|---|---|---|\n"
                + "| case-002 · Designer | failed | judge = 0.20 < min 0.70 |\n"
                + "| case-003 · Data engineer | errored | errored: HTTP 500 from openai: upstream failed |\n");
    }

    @Test
    void listsTheThresholdsAndLinksTheBackendsRuns() {
        assertThat(GitHubStepSummary.render(summary))
                .contains("- ✓ mean judge 0.68 ≥ 0.60\n- ✗ pass rate 25% < 90%\n")
                .contains("[Langfuse run](<https://cloud.langfuse.example/project/p/datasets/d/runs/r>) · "
                        + "`Evil: javascript:window.hacked=6`");
    }

    @Test
    void keepsHostileTextFromBreakingTheTable() {
        assertThat(GitHubStepSummary.render(summary)).contains("| case-004 · &lt;b>bold&lt;/b> \"quoted\" & co | failed | "
                + "valid: &lt;script>window.hacked=5&lt;/script> |");
    }

    @Test
    void namesTheCheckThatFailedMostRunsOfARepeatedItem() {
        ItemResult judged = ItemResult.builder(TestResults.item("case-001")).repetition(1)
                .failure(new ItemResult.Failure("judge", 0.6, 0.7, "judge = 0.60 < min 0.70")).build();
        ItemResult judgedWorse = ItemResult.builder(TestResults.item("case-001")).repetition(2)
                .failure(new ItemResult.Failure("judge", 0.1, 0.7, "judge = 0.10 < min 0.70"))
                .failure(new ItemResult.Failure("length", 0.0, 1.0, "length = 0.00 < min 1.00")).build();
        ItemResult passed = ItemResult.builder(TestResults.item("case-001")).repetition(3).build();
        ExperimentSummary repeated = ExperimentSummary.builder("questions").results(List.of(judged, judgedWorse, passed))
                .passRule(PassRule.ALL, 0).build();

        assertThat(GitHubStepSummary.render(repeated)).startsWith("### ✗ questions: 0 of 1 items passed (0%)\n\n3 runs · ")
                .contains("| case-001 | failed | judge = 0.10 < min 0.70 (2 of 3 runs) |");
    }

    @Test
    void staysShortWhenManyItemsFail() {
        List<ItemResult> results = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            results.add(TestResults.failed("case-" + i, 10, Score.of("judge", 0.1)));
        }

        String markdown = GitHubStepSummary.render(ExperimentSummary.builder("big").results(results).build());

        assertThat(markdown.lines().filter(line -> line.startsWith("| case-"))).hasSize(GitHubStepSummary.MAX_ITEMS);
        assertThat(markdown).contains("… and 15 more; report.html lists them all.");
    }

    @Test
    void aPassingExperimentIsOneLineOfFigures() {
        assertThat(GitHubStepSummary.render(TestResults.summary("questions", TestResults.passed("case-001", 5))))
                .isEqualTo("### ✓ questions: 1 of 1 items passed (100%)\n\n"
                        + "latency p95 5 ms · tokens 10 / 4 · cost no price for gpt-4o-mini (add it to the price table)\n\n");
    }

    @Test
    void appendsToTheFileTheVariableNamesAndOnlyThen() throws Exception {
        Path file = folder.resolve("step-summary.md");
        Files.writeString(file, "earlier step\n");

        assertThat(GitHubStepSummary.appendTo(Map.of(), summary)).isEmpty();
        assertThat(GitHubStepSummary.appendTo(Map.of("GITHUB_STEP_SUMMARY", " "), summary)).isEmpty();
        assertThat(GitHubStepSummary.appendTo(Map.of("GITHUB_STEP_SUMMARY", file.toString()), summary)).contains(file);
        GitHubStepSummary.appendTo(Map.of("GITHUB_STEP_SUMMARY", file.toString()),
                TestResults.summary("questions", TestResults.passed("case-001", 5)));

        String written = Files.readString(file);
        assertThat(written).startsWith("earlier step\n### ✗ prepGenerate").contains("### ✓ questions");
    }

    @Test
    void saysHowTheRunComparesWithItsBaselineInOneLine() {
        ItemResult before = TestResults.passed("case-002", 10);
        ItemResult now = TestResults.failed("case-002", 10);
        ExperimentSummary compared = ExperimentSummary.builder("questions").results(List.of(now))
                .comparison(dev.junitprompt.results.Comparison.of(new dev.junitprompt.results.RunRecord(
                        TestResults.run("questions", "r0").build(), List.of(before), java.util.Optional.empty()),
                        "run r0", TestResults.summary("questions", now))).build();

        assertThat(GitHubStepSummary.render(compared)).contains("\n\nvs run r0: pass rate 1.00 → 0.00, 1 regressed, "
                + "0 improved (within noise, p = 1.00)\n\n");
    }

    @Test
    void theVariantsComparisonIsALinePerVariantWithTheBoundsAndTheBackendsComparisons() throws Exception {
        Path file = folder.resolve("variants-summary.md");

        GitHubStepSummary.appendTo(Map.of("GITHUB_STEP_SUMMARY", file.toString()), ReportFixtures.comparison());

        assertThat(Files.readString(file)).startsWith("### ✗ prepGenerate: 2 variants compared\n\n"
                        + "- **v2** vs variant v1 (a1b2c3d): pass rate 0.25 → 0.50, 1 regressed, 2 improved")
                .contains("- ✗ v2 vs v1: pass rate 0.25 → 0.50 is worse\n")
                .contains("[Langfuse comparison](<https://cloud.langfuse.example/project/p/datasets/d/compare?runs=r1"
                        + "&runs=r2>) · `Evil: javascript:window.hacked=7`");
    }
}

package dev.junitprompt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.RunInfo;
import dev.junitprompt.results.TestResults;

class MarkdownReportTest {

    private static final RunInfo RUN = TestResults.run("prepGenerate", "20250101T120000Z").build();

    private static ItemResult item(String id, String description, String output, List<String> failures, String error,
            Score... scores) {
        DatasetItem item = new DatasetItem("prep_generate", id, description,
                JsonNodeFactory.instance.objectNode().put("job_title", "SRE"), JsonNodeFactory.instance.textNode("Q1: why"),
                null);
        return ItemResult.builder(item).output(output).scores(List.of(scores))
                .failures(failures.stream().map(failure -> ItemResult.Failure.of("judge", failure)).toList()).error(error)
                .latency(Duration.ofMillis(25)).usage(new Usage(7, 3, 10)).model("gpt-4o-mini").build();
    }

    private static final ExperimentSummary SUMMARY = ExperimentSummary.builder("prepGenerate").results(List.of(
            item("case-001", "Backend", "Q1: ok", List.of(), "", Score.of("judge", 0.9).withComment("Covers the role.")),
            item("case-002", "Designer", "nonsense", List.of("judge 0.20 < min 0.70"), "",
                    Score.of("judge", 0.2).withComment("Off topic:\nasks about cooking.")),
            item("case-003", "", "", List.of(), "model timed out")))
            .thresholds(List.of("✗ mean judge 0.55 < 0.80")).build();

    private final String report = MarkdownReport.render(RUN, SUMMARY);

    @Test
    void titlesTheReportWithExperimentAndRun() {
        assertThat(report).startsWith("# prepGenerate — run 20250101T120000Z\n")
                .contains("Dataset `prep_generate` · target `prep_generate` · test class `com.example.PrepTest`");
    }

    @Test
    void summarisesCountsPassRateLatencyAndTokens() {
        assertThat(report).contains("| items | runs | runs passed | failed | errored | items' pass rate |")
                .contains("| 3 | 3 | 1 | 1 | 1 | 33.3% | 25 ms | 25 ms | 21 / 9 |");
    }

    @Test
    void tablesTheMeanOfEachMetric() {
        assertThat(report).contains("| judge | 0.55 |");
    }

    @Test
    void listsTheThresholdVerdicts() {
        assertThat(report).contains("## Thresholds\n\n- ✗ mean judge 0.55 < 0.80\n");
    }

    @Test
    void listsFailedAndErroredItemsBeforePassedOnes() {
        int failed = report.indexOf("### ✗ case-002 · Designer");
        int errored = report.indexOf("### ‼ case-003");
        int passed = report.indexOf("### ✓ case-001 · Backend");

        assertThat(failed).isPositive();
        assertThat(errored).isGreaterThan(failed);
        assertThat(passed).isGreaterThan(errored);
    }

    @Test
    void showsScoreCommentsFailuresAndErrors() {
        assertThat(report)
                .contains("- **judge**: 0.90 — Covers the role.")
                .contains("- **judge**: 0.20 — Off topic:\n  asks about cooking.")
                .contains("- ✗ judge 0.20 < min 0.70")
                .contains("- error: model timed out");
    }

    @Test
    void showsInputExpectedAndOutputOnlyForItemsThatDidNotPass() {
        String passedSection = report.substring(report.indexOf("### ✓ case-001"));
        String failedSection = report.substring(report.indexOf("### ✗ case-002"), report.indexOf("### ‼ case-003"));

        assertThat(failedSection).contains("<details>").contains("\"job_title\" : \"SRE\"").contains("Q1: why")
                .contains("```\nnonsense\n```");
        assertThat(passedSection).doesNotContain("<details>");
    }

    @Test
    void hostileOutputsAndIdsKeepTheReportsStructure() {
        String hostile = "```\n# Not a heading\n</details>\n<script>alert(1)</script>\n````";
        DatasetItem item = new DatasetItem("prep_generate", "case|9\n# evil", "desc | with\npipe", null,
                JsonNodeFactory.instance.textNode("```"), null);
        ExperimentSummary summary = ExperimentSummary.builder("prepGenerate").results(List.of(
                ItemResult.builder(item).output(hostile).score(Score.of("judge", 0.1).withComment("```\nfence"))
                        .failure(ItemResult.Failure.of("judge", "judge 0.10 < min 0.70\n# boom")).build()))
                .build();

        String markdown = MarkdownReport.render(RUN, summary);

        assertThat(markdown).contains("### ✗ case|9 # evil · desc | with pipe\n")
                .contains("`````\n" + hostile + "\n`````\n")
                .contains("- **judge**: 0.10 — \\```\n  fence")
                .contains("- ✗ judge 0.10 < min 0.70\n  \\# boom")
                .contains("````\n```\n````\n");
        // Nothing outside the fences starts a heading or closes the details.
        String outsideFences = markdown.replace("`````\n" + hostile + "\n`````\n", "");
        assertThat(outsideFences).doesNotContain("\n# Not a heading").doesNotContain("<script>");
        assertThat(outsideFences.lines().filter(line -> line.startsWith("#")))
                .allMatch(line -> line.startsWith("# prepGenerate") || line.startsWith("## ") || line.startsWith("### "));
    }

    @Test
    void hostileIdsInTablesStayInTheirCells() {
        ExperimentSummary summary = ExperimentSummary.builder("prepGenerate").results(List.of(
                        ItemResult.builder(new DatasetItem("ds", "a|b\nc", "", null, null, null)).repetition(1)
                                .score(Score.of("m|x", 1.0)).build(),
                        ItemResult.builder(new DatasetItem("ds", "a|b\nc", "", null, null, null)).repetition(2)
                                .score(Score.of("m|x", 1.0)).build()))
                .runScores(List.of(Score.category("label", "a|b").withComment("x\n| y"))).build();

        String markdown = MarkdownReport.render(RUN, summary);

        assertThat(markdown).contains("| m\\|x | 1.00 |").contains("| a\\|b c | ✓ passed | 2 / 2 |")
                .contains("| label | a\\|b | x \\| y |");
    }

    @Test
    void hostileOutputsInTheComparisonStayInTheirCells() {
        ItemResult before = ItemResult.builder(new DatasetItem("ds", "case-1", "", null, null, null))
                .output("ok | fine\n# heading <script>x</script>").build();
        ItemResult now = ItemResult.builder(new DatasetItem("ds", "case-1", "", null, null, null)).output("bad")
                .failure(ItemResult.Failure.of("judge", "judge 0.1 < 0.7")).build();
        ExperimentSummary summary = ExperimentSummary.builder("prepGenerate").results(List.of(now))
                .comparison(dev.junitprompt.results.Comparison.of(new dev.junitprompt.results.RunRecord(RUN,
                        List.of(before), java.util.Optional.empty()), "run r0", ExperimentSummary.builder("prepGenerate")
                        .results(List.of(now)).build())).build();

        assertThat(MarkdownReport.render(RUN, summary))
                .contains("| case-1 | ok \\| fine # heading &lt;script>x&lt;/script> | bad |");
    }

    @Test
    void theVariantsComparisonTablesEachVariantThenEachPairAndTheBoundsWithHostileOutputsInTheirCells() {
        String markdown = MarkdownReport.variants(ReportFixtures.comparison());

        assertThat(markdown).startsWith("# prepGenerate — variants compared\n\n")
                .contains("| v1 | prep_generate sha256:0123456789ab v3 | gpt-4o-mini | 4 | 25% |")
                .contains("| ../prepGenerate___v1/20250101T120000Z/report.html |")
                .contains("> Langfuse comparison: https://cloud.langfuse.example/project/p/datasets/d/compare?runs=r1&runs=r2")
                .contains("## v2 against v1\n\nvs variant v1 (a1b2c3d): pass rate 0.25 → 0.50")
                .contains("| metric | v1 | v2 | change | 95% interval | |")
                .contains("### Regressed (passed in v1, fail in v2)\n\n| item | v1 output | v2 output |")
                .contains("| case-001 | Q1: How do you design an idempotent API? | Q1: What is your favourite colour? |")
                .contains("## Bounds\n\n- ✓ v2 vs v1: mean judge 0.63 → 0.58")
                .doesNotContain("<script>");
    }
}

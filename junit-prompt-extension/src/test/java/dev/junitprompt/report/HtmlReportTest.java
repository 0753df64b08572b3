package dev.junitprompt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.api.Score;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.RunRecord;

class HtmlReportTest {

    private final String html = HtmlReport.render(ReportFixtures.record());

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /** The detail view of the item with this display-name fragment. */
    private String detail(String name) {
        int start = html.indexOf("<section class=\"detail\"", html.indexOf("aria-label=\"" + name) - 60);
        return html.substring(start, html.indexOf("</section>", start));
    }

    @Test
    void headsThePageWithTheRunsDatasetPromptModelCommitAndSettings() {
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<title>prepGenerate — run 20250101T120000Z</title>")
                .contains("<dt>dataset</dt><dd>prep_generate (local)</dd>")
                .contains("<code title=\"0123456789abcdef0123456789abcdef\">0123456789ab</code> ")
                .contains("<span class=\"chip\">version 3</span><span class=\"chip\">label production</span>")
                .contains("openai gpt-4o-mini").contains("<span class=\"chip\">temperature 0.2</span>")
                .contains(">a1b2c3d4e5f6</code>")
                .contains("<span class=\"chip\">sample 0.5</span><span class=\"chip\">sample.seed 7</span>")
                .contains("<li>sampled 4 of 8 items (prompt.experiment.sample)</li>");
    }

    @Test
    void summarisesPassRateLatencyTokensAndCostWithTheJudgesShareApart() {
        assertThat(html).contains("<span class=\"label\">pass rate</span><span class=\"value\">25%</span>"
                        + "<span class=\"sub\">1 of 4 items passed</span>")
                .contains("<span class=\"value\">90 ms / 250 ms</span>")
                .contains("<span class=\"value\">90 / 29</span>")
                .contains("<span class=\"value\">$0.0007</span><span class=\"sub\">target $0.0004 · judges $0.0003</span>");
    }

    @Test
    void tablesTheMeansWithAHistogramRunScoresAndThresholds() {
        assertThat(html).contains("<td>judge</td><td class=\"num\">0.63</td>")
                .contains("<svg class=\"histogram\"").contains("aria-label=\"distribution of judge\"")
                .contains("<title>0.2–0.3: 1 run</title>").contains("<title>0.8–0.9: 1 run</title>")
                .contains("<td>f1</td><td class=\"num\">0.50</td><td><div class=\"comment\">two labels confused</div>")
                .contains("<li class=\"pass\">✓ mean judge 0.68 ≥ 0.60</li>")
                .contains("<li class=\"fail\">✗ pass rate 25% &lt; 90%</li>");
    }

    @Test
    void histogramsCountEachRunInItsTenthOfTheScale() {
        assertThat(count(html, "<svg class=\"histogram\"")).isEqualTo(2);
        assertThat(html).contains("<title>0.9–1.0: 2 runs</title>"); // valid: true twice; judge 0.9 in its own
    }

    @Test
    void listsEveryRunInTheItemTableWithItsStatusScoresLatencyAndCost() {
        String table = html.substring(html.indexOf("<table id=\"item-table\">"), html.indexOf("</table>",
                html.indexOf("<table id=\"item-table\">")));

        assertThat(count(table, "<tr data-status=")).isEqualTo(4);
        assertThat(table).contains("<tr data-status=\"failed\" data-detail=\"item-2\">")
                .contains("<a href=\"#item-2\">case-002 · Designer</a>")
                .contains("<td class=\"num below\" data-value=\"0.2\">0.20</td>")
                .contains("<td class=\"num\" data-value=\"250\">250 ms</td>")
                .contains("<td class=\"num\" data-value=\"4.0E-4\">$0.00040</td>")
                .contains("<td class=\"status errored\">errored</td>");
        assertThat(html).contains("<button type=\"button\" data-filter=\"failed\" aria-pressed=\"false\">failed (2)</button>");
    }

    @Test
    void anItemsDetailShowsItsInputPromptExpectedOutputAndTheWordDiff() {
        String detail = detail("case-002");

        assertThat(detail).contains("&quot;job_title&quot; : &quot;Designer&quot;")
                .contains("<div class=\"role\">system</div><pre>You write interview questions.</pre>")
                .contains("<pre class=\"expected\">Q1: Walk me through your design portfolio?</pre>")
                .contains("<pre class=\"diff\">Q1: <del>Walk me through</del><ins>What is</ins> your "
                        + "<del>design portfolio</del><ins>favourite cooking recipe</ins>?</pre>");
    }

    @Test
    void anItemsDetailShowsEachScoreWithItsCommentAndAJudgesReasoningFailedItemsAndSuggestions() {
        String detail = detail("case-002");

        assertThat(detail).contains("<div class=\"score below\"><strong>judge</strong> 0.20<div class=\"comment\">Off topic.</div>")
                .contains("<dt>reasoning</dt><dd>" + ReportFixtures.REASONING + "</dd>")
                .contains("<dt>failed</dt><dd><ul><li>asks about design work</li></ul></dd>")
                .contains("<dt>suggestions</dt><dd><ul><li>Ask about a portfolio</li></ul></dd>")
                .contains("<li class=\"fail\">judge = 0.20 &lt; min 0.70</li>");
    }

    @Test
    void anItemsTraceIsATimelineOfModelCallsAndEvaluatorsWithTheirCalls() {
        String detail = detail("case-002");

        assertThat(detail).contains("<table class=\"timeline\">")
                .contains("model call openai gpt-4o-mini<span class=\"muted\"> 250 ms · 2 attempts · tokens 40 / 12 · $0.00020</span>")
                .contains("evaluator judge · 0.20<span class=\"muted\"> 330 ms</span>")
                .contains("<tr class=\"nested\"><td>judge call openai gpt-4o-mini")
                .contains("<div class=\"bar judge\" style=\"margin-left:43.3%;width:55.0%\"></div>")
                .contains("<pre>{&quot;score&quot;: 0.2}</pre>");
        // The target's call sent the prompt shown above: its messages are not repeated.
        assertThat(count(detail, "You write interview questions.")).isEqualTo(1);
    }

    @Test
    void anErroredItemShowsItsError() {
        assertThat(detail("case-003")).contains("<pre class=\"error\">HTTP 500 from openai: upstream failed</pre>");
    }

    @Test
    void repetitionsOfAnItemStandSideBySideInItsDetail() {
        ItemResult first = ItemResult.builder(ReportFixtures.item("case-001", "Backend", "yes")).repetition(1)
                .output("yes").score(Score.of("judge", 1.0)).build();
        ItemResult second = ItemResult.builder(ReportFixtures.item("case-001", "Backend", "yes")).repetition(2)
                .output("no").score(Score.of("judge", 0.0))
                .failure(new ItemResult.Failure("judge", 0, 0.5, "judge = 0.00 < min 0.50")).build();
        ExperimentSummary summary = ExperimentSummary.builder("prepGenerate").results(List.of(first, second))
                .passRule(PassRule.AT_LEAST, 1).build();

        String page = HtmlReport.render(new RunRecord(ReportFixtures.run(), List.of(first, second), Optional.of(summary)));

        String runs = page.substring(page.indexOf("<div class=\"runs\">"));
        assertThat(count(runs, "<div class=\"run-col\">")).isEqualTo(2);
        assertThat(runs.indexOf("run 1 · ")).isLessThan(runs.indexOf("run 2 · "));
        assertThat(page).contains("passed by the at_least rule: 1 of 2 runs passed")
                .contains("<th data-type=\"number\" class=\"num\">run</th>");
    }

    @Test
    void linksToTheBackendsRunsButNeverToAnythingButHttp() {
        assertThat(html).contains("<a href=\"https://cloud.langfuse.example/project/p/datasets/d/runs/r\" "
                        + "rel=\"noopener noreferrer\" target=\"_blank\">Langfuse run</a>")
                .contains("<li>Evil: javascript:window.hacked=6</li>")
                .doesNotContain("href=\"javascript:");
    }

    @Test
    void valuesFromDatasetsModelsAndEvaluatorsRenderAsInertText() {
        assertThat(html).doesNotContain("<script>window").doesNotContain("<img src=x").doesNotContain("</textarea>")
                .doesNotContain("<b>bold</b>").doesNotContain("href=\"javascript:")
                .contains("&lt;script&gt;window.hacked=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.hacked=2&quot;&gt;"
                        + "&lt;/textarea&gt;&lt;/script&gt;&lt;a href=&quot;javascript:window.hacked=3&quot;&gt;click&lt;/a&gt; "
                        + "&#39;quoted&#39; &quot;double&quot;\n```\nfence")
                .contains("case-004 · &lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot; &amp; co");
        // The only script is the page's own, and the only elements are the report's.
        assertThat(count(html, "<script")).isEqualTo(1);
        assertThat(html).doesNotContain("<img").doesNotContain("<textarea").doesNotContain("<b>");
    }

    @Test
    void isSelfContainedAndRunsOnlyItsOwnScript() throws Exception {
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(script.find()).isTrue();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.group(1).getBytes(StandardCharsets.UTF_8)));

        assertThat(html).contains("content=\"default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; "
                + "script-src &#39;sha256-" + hash + "&#39;\"");
        assertThat(html).doesNotContain("<link").doesNotContain(" src=\"").doesNotContain("@import")
                .doesNotContain("url(");
    }

    @Test
    void passedItemsBeyondTheLimitHaveARowButNoDetail() {
        List<ItemResult> results = new ArrayList<>();
        for (int i = 1; i <= HtmlReport.DETAILED_PASSED_ITEMS + 2; i++) {
            results.add(ItemResult.builder(ReportFixtures.item("case-" + i, "", null)).output("ok").build());
        }
        results.add(ReportFixtures.failedByJudge());
        ExperimentSummary summary = ExperimentSummary.builder("prepGenerate").results(results).build();

        String page = HtmlReport.render(new RunRecord(ReportFixtures.run(), results, Optional.of(summary)));

        assertThat(count(page, "<tr data-status=")).isEqualTo(results.size());
        assertThat(count(page, "<section class=\"detail\"")).isEqualTo(HtmlReport.DETAILED_PASSED_ITEMS + 1);
        assertThat(page).contains("2 passed items have no detail view here")
                .contains("aria-label=\"case-002 · Designer\"");
    }

    @Test
    void aRunThatEndedBeforeItsSummaryIsReportedFromItsItems() {
        String page = HtmlReport.render(new RunRecord(ReportFixtures.run(), List.of(ReportFixtures.passed()),
                Optional.empty()));

        assertThat(page).contains("<li>the run ended before its summary was written</li>")
                .contains("<span class=\"value\">100%</span>");
    }

    @Test
    void setsTheRunAgainstItsBaselineWhenItHasOne() {
        List<ItemResult> now = ReportFixtures.record().results();
        ItemResult passedBefore = ItemResult.builder(ReportFixtures.item("case-002", "Designer", null))
                .output("Q1: <i>Walk me</i> through your portfolio?").score(Score.of("judge", 0.9)).build();
        RunRecord baseline = new RunRecord(ReportFixtures.run(), List.of(ReportFixtures.passed(), passedBefore),
                Optional.empty());
        ExperimentSummary summary = ExperimentSummary.builder("prepGenerate").results(now)
                .comparison(dev.junitprompt.results.Comparison.of(baseline, "run 20241231T120000Z",
                        ReportFixtures.summary(now))).build();

        String page = HtmlReport.render(new RunRecord(ReportFixtures.run(), now, Optional.of(summary)));

        String comparison = page.substring(page.indexOf("<section id=\"comparison\">"),
                page.indexOf("</section>", page.indexOf("<section id=\"comparison\">")));
        assertThat(page.indexOf("id=\"comparison\"")).isBetween(page.indexOf("id=\"summary\""),
                page.indexOf("id=\"items\""));
        assertThat(comparison).contains("<h2>Against the baseline</h2><p class=\"fail\">vs run 20241231T120000Z (a1b2c3d)")
                .contains("<tr><th>git commit</th><td class=\"mono\">a1b2c3d4e5f6</td><td class=\"mono\">a1b2c3d4e5f6</td></tr>")
                .contains("<td>judge</td><td class=\"num\">0.90</td><td class=\"num\">0.55</td>")
                .contains("<h3>Regressed: passed in the baseline, fail now</h3>")
                .contains("<td><a href=\"#item-2\">case-002</a></td><td><pre>Q1: &lt;i&gt;Walk me&lt;/i&gt; through your "
                        + "portfolio?</pre></td><td><pre>Q1: What is your favourite cooking recipe?</pre></td>")
                .contains("<p>New items: case-003, case-004</p>");
    }

    @Test
    void aRunWithoutABaselineHasNoComparison() {
        assertThat(html).doesNotContain("id=\"comparison\"");
    }
}

package dev.junitprompt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The variants' comparison page on a fixed comparison: its figures, each pair, the bounds and the items. */
class ComparisonReportTest {

    private final String html = ComparisonReport.render(ReportFixtures.comparison());

    private String section(String id) {
        int start = html.indexOf("<section id=\"" + id + "\"");
        return html.substring(start, html.indexOf("</section>", start));
    }

    private List<String> rows() {
        Matcher row = Pattern.compile("<tr id=\"(row-\\d+)\" data-status=\"(\\w+)\"><td[^>]*>\\d+</td><td>([^<]*)</td>")
                .matcher(section("items"));
        List<String> rows = new java.util.ArrayList<>();
        while (row.find()) {
            rows.add(row.group(1) + " " + row.group(2) + " " + row.group(3));
        }
        return rows;
    }

    @Test
    void tablesEachVariantsFiguresWithALinkToItsReport() {
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>prepGenerate — variants compared</title>")
                .contains("<span class=\"muted\">variants compared 2025-01-01T12:00:00Z</span>");
        assertThat(section("variants"))
                .contains("<th>variant</th><th>prompt</th><th>model</th><th class=\"num\">items</th>"
                        + "<th class=\"num\">pass rate</th><th class=\"num\">judge</th><th class=\"num\">valid</th>")
                .contains("<tr data-variant=\"v1\"><th>v1</th><td class=\"mono\">prep_generate sha256:0123456789ab v3</td>"
                        + "<td>gpt-4o-mini</td><td class=\"num\">4</td><td class=\"num\">25%</td>"
                        + "<td class=\"num\">0.63</td>")
                .contains("<a href=\"../prepGenerate___v1/20250101T120000Z/report.html\">report</a>")
                .contains("<tr data-variant=\"v2\"><th>v2</th><td class=\"mono\">prep_generate sha256:fedcba987654 v4</td>"
                        + "<td>gpt-4o</td><td class=\"num\">4</td><td class=\"num\">50%</td>");
    }

    @Test
    void setsEachVariantAgainstItsReferenceWithIntervalsAndTheFlippedItemsSideBySide() {
        String pair = html.substring(html.indexOf("<section class=\"pair\" id=\"pair-1\">"),
                html.indexOf("</section>", html.indexOf("id=\"pair-1\"")));

        assertThat(pair).contains("<h2>v2 against v1</h2><p>vs variant v1 (a1b2c3d): pass rate 0.25 → 0.50, 1 regressed, 2 improved (within noise, p = 1.00)</p>")
                .contains("<thead><tr><th></th><th>v1</th><th>v2</th></tr></thead>")
                .contains("<th>metric</th><th class=\"num\">v1</th><th class=\"num\">v2</th>"
                        + "<th class=\"num\">change</th><th>95% interval</th>")
                .containsPattern("<tr data-metric=\"judge\"><td>judge</td><td class=\"num\">0\\.63</td>"
                        + "<td class=\"num\">0\\.58</td><td class=\"num \">-0\\.050</td><td>\\[-0\\.\\d{3}, \\+0\\.\\d{3}\\]</td>"
                        + "<td class=\"muted\">within noise</td>")
                .contains("<h3>Regressed: passed in v1, fail in v2</h3>")
                .contains("<th>item</th><th>v1 output</th><th>v2 output</th>")
                .contains("<td><a href=\"#row-1\">case-001</a></td><td><pre>Q1: How do you design an idempotent API?</pre>"
                        + "</td><td><pre>Q1: What is your favourite colour?</pre></td>")
                .contains("<h3>Improved: failed in v1, pass in v2</h3>");
    }

    @Test
    void listsTheBoundsAndTheBackendsComparisonsLinkingOnlyWebAddresses() {
        assertThat(section("bounds")).contains("<li class=\"pass\">✓ v2 vs v1: mean judge")
                .contains("<li class=\"fail\">✗ v2 vs v1: pass rate 0.25 → 0.50 is worse</li>");
        assertThat(html).contains("<a href=\"https://cloud.langfuse.example/project/p/datasets/d/compare?runs=r1&amp;runs=r2\""
                        + " rel=\"noopener noreferrer\" target=\"_blank\">Langfuse comparison</a>")
                .contains("<li>Evil: javascript:window.hacked=7</li>").doesNotContain("href=\"javascript:");
    }

    @Test
    void putsTheItemsWhoseVerdictDiffersFirstThenThoseWhoseScoresDifferWithEachVariantsOutputSideBySide() {
        assertThat(rows()).containsExactly("row-1 flipped case-001 · Backend engineer", "row-2 flipped case-002 · Designer",
                "row-3 flipped case-003 · Data engineer", "row-4 scores case-004 · &lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot; &amp; co");
        assertThat(section("items")).contains("<button type=\"button\" data-filter=\"flipped\" aria-pressed=\"false\">"
                        + "verdict differs (3)</button>")
                .contains("<button type=\"button\" data-filter=\"scores\" aria-pressed=\"false\">scores differ (1)"
                        + "</button><button type=\"button\" data-filter=\"same\" aria-pressed=\"false\">same (0)</button>")
                .contains("<th data-type=\"text\">v1</th><th data-type=\"text\">v2</th>")
                .contains("<td class=\"status fail\">✓ ✗</td><td class=\"output\" data-variant=\"v1\">"
                        + "<span class=\"status passed\">passed</span><span class=\"muted\"> judge 0.90 · valid true</span>"
                        + "<pre>Q1: How do you design an idempotent API?</pre></td><td class=\"output\" data-variant=\"v2\">"
                        + "<span class=\"status failed\">failed</span>")
                .contains("<pre>HTTP 500 from openai: upstream failed</pre>");
    }

    @Test
    void aHostileOutputIsEscapedAndThePageRunsOnlyItsOwnScript() {
        assertThat(html).contains("&lt;script&gt;window.hacked=1&lt;/script&gt;").doesNotContain("<script>window")
                .doesNotContain("<img").contains("Content-Security-Policy");
        assertThat(Pattern.compile("<script>").matcher(html).results().count()).isEqualTo(1);
    }

    @Test
    void linksAReportRelativeToThePageWithEachSegmentEncoded() {
        assertThat(ComparisonReport.link(Path.of("/r/greet"), Path.of("/r/greet · v2/20250101T120000Z/report.html")))
                .isEqualTo("../greet%20%C2%B7%20v2/20250101T120000Z/report.html");
    }
}

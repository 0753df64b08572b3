package dev.junitprompt.report;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.junitprompt.results.Comparison;
import dev.junitprompt.results.RunInfo;

/**
 * One comparison as HTML, for report.html (a run against its baseline) and the variants' comparison page alike:
 * the headline, what each side ran, each metric's change with its interval, the items that flipped with both
 * outputs side by side, and the items only one side has.
 */
final class ComparisonHtml {

    private ComparisonHtml() {
    }

    /**
     * Writes {@code comparison} of {@code run} (the later side) into an open section.
     *
     * @param itemLink the page's link to an item's detail by its id, or null when it has none
     */
    static void write(HtmlWriter html, Comparison comparison, RunInfo run, ComparedSides sides,
            Function<String, String> itemLink) {
        html.element("p", comparison.headline(), "class", comparison.regressed().size() > comparison.improved().size()
                ? "fail" : null);
        RunInfo before = comparison.baselineRun();
        html.open("table", "class", "sides").open("thead").open("tr").element("th", "").element("th", sides.before())
                .element("th", sides.after()).close("tr").close("thead").open("tbody");
        side(html, "git commit", abbreviated(before.gitCommit()), abbreviated(run.gitCommit()));
        side(html, "prompt", MarkdownReport.prompt(before), MarkdownReport.prompt(run));
        side(html, "model", before.model().name(), run.model().name());
        html.close("tbody").close("table");
        if (!comparison.metrics().isEmpty()) {
            html.open("table", "class", "changes").open("thead").open("tr").element("th", "metric")
                    .element("th", sides.before(), "class", "num").element("th", sides.after(), "class", "num")
                    .element("th", "change", "class", "num").element("th", "95% interval").element("th", "")
                    .close("tr").close("thead").open("tbody");
            for (Comparison.MetricChange change : comparison.metrics()) {
                html.open("tr", "data-metric", change.metric()).element("td", change.metric())
                        .element("td", dev.junitprompt.results.Format.score(change.baseline()), "class", "num")
                        .element("td", dev.junitprompt.results.Format.score(change.current()), "class", "num")
                        .element("td", String.format(Locale.ROOT, "%+.3f", change.delta()), "class", "num "
                                + (!change.significant() ? "" : change.delta() < 0 ? "fail" : "pass"))
                        .element("td", String.format(Locale.ROOT, "[%+.3f, %+.3f]", change.low(), change.high()))
                        .element("td", change.significant() ? "" : "within noise", "class", "muted").close("tr");
            }
            html.close("tbody").close("table");
        }
        if (!comparison.pairwise().isEmpty()) {
            html.open("table", "class", "pairwise").open("thead").open("tr").element("th", "pairwise judge")
                    .element("th", sides.after() + " preferred", "class", "num").element("th", "ties", "class", "num")
                    .element("th", sides.before() + " preferred", "class", "num").close("tr").close("thead")
                    .open("tbody");
            for (Comparison.Pairwise judge : comparison.pairwise()) {
                html.open("tr", "data-judge", judge.judge()).element("td", judge.judge())
                        .element("td", String.valueOf(judge.wins()), "class", "num")
                        .element("td", String.valueOf(judge.ties()), "class", "num")
                        .element("td", String.valueOf(judge.losses()), "class", "num").close("tr");
            }
            html.close("tbody").close("table");
        }
        flips(html, "Regressed: " + sides.regressed(), "regressed", comparison.regressed(), sides, itemLink);
        flips(html, "Improved: " + sides.improved(), "improved", comparison.improved(), sides, itemLink);
        if (!comparison.added().isEmpty()) {
            html.element("p", sides.added() + ": " + String.join(", ", comparison.added()));
        }
        if (!comparison.removed().isEmpty()) {
            html.element("p", sides.removed() + ": " + String.join(", ", comparison.removed()));
        }
    }

    private static void side(HtmlWriter html, String what, String before, String after) {
        html.open("tr").element("th", what).element("td", before.isEmpty() ? "–" : before, "class", "mono")
                .element("td", after.isEmpty() ? "–" : after, "class", "mono").close("tr");
    }

    private static void flips(HtmlWriter html, String title, String kind, List<Comparison.Flip> flips,
            ComparedSides sides, Function<String, String> itemLink) {
        if (flips.isEmpty()) {
            return;
        }
        html.element("h3", title).open("table", "class", "flips " + kind).open("thead").open("tr")
                .element("th", "item").element("th", sides.before() + " output")
                .element("th", sides.after() + " output").close("tr").close("thead").open("tbody");
        for (Comparison.Flip flip : flips) {
            String link = itemLink.apply(flip.id());
            html.open("tr").open("td");
            if (link == null) {
                html.text(flip.id());
            } else {
                html.element("a", flip.id(), "href", link);
            }
            html.close("td").open("td").element("pre", flip.before()).close("td")
                    .open("td").element("pre", flip.after()).close("td").close("tr");
        }
        html.close("tbody").close("table");
    }

    /** A hash as far as people read it: its first twelve characters. */
    static String abbreviated(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}

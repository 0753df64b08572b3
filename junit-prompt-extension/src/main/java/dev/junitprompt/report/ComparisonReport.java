package dev.junitprompt.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apiguardian.api.API;

import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.Format;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.VariantComparison;

/**
 * {@code comparison-<time>.html}: an experiment's variants on one self-contained page — each variant's figures
 * with a link to its report, the backends' views of the variants side by side, each variant against its reference
 * (per metric the difference with its interval, the pass rate with the McNemar test, the items that flipped with
 * both outputs), the bounds' verdicts, and every item's outputs side by side, the flipped items first, then those
 * whose scores differ. The item
 * table filters and searches with report.html's script.
 *
 * <pre>{@code
 * try (Writer out = Files.newBufferedWriter(folder.resolve("comparison-20261201T120000Z.html"))) {
 *     ComparisonReport.write(compared, out);
 * }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class ComparisonReport {

    private static final String SCRIPT = HtmlPage.resource("report.js");

    private ComparisonReport() {
    }

    /** Writes the page of {@code compared}. */
    public static void write(VariantComparison compared, Writer out) throws IOException {
        try {
            render(compared, new HtmlWriter(out));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The page as a string, for tests. */
    public static String render(VariantComparison compared) {
        StringWriter out = new StringWriter();
        render(compared, new HtmlWriter(out));
        return out.toString();
    }

    /** A relative address of {@code file} from a page in {@code folder}, each path segment URL-encoded. */
    public static String link(java.nio.file.Path folder, java.nio.file.Path file) {
        java.nio.file.Path relative = folder.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        List<String> segments = new ArrayList<>();
        relative.forEach(segment -> segments.add(RunIndex.segment(segment.toString())));
        return String.join("/", segments);
    }

    private static void render(VariantComparison compared, HtmlWriter html) {
        HtmlPage.start(html, compared.experiment() + " — variants compared", SCRIPT);
        html.open("header").open("h1").text(compared.experiment()).text(" ")
                .element("span", "variants compared " + compared.time().truncatedTo(java.time.temporal.ChronoUnit
                        .SECONDS), "class", "muted").close("h1");
        HtmlPage.links(html, compared.links(), RunLink::name);
        html.close("header");
        variants(html, compared.variants());
        Map<String, Row> rows = rows(compared);
        int index = 0;
        for (VariantComparison.Pair pair : compared.pairs()) {
            html.open("section", "class", "pair", "id", "pair-" + ++index).element("h2", pair.title());
            ComparisonHtml.write(html, pair.comparison(), compared.variant(pair.variant()).orElseThrow().run(),
                    ComparedSides.variants(pair.reference(), pair.variant()), id -> rows.containsKey(id)
                            ? "#" + rows.get(id).rowId() : null);
            html.close("section");
        }
        if (!compared.bounds().isEmpty()) {
            html.open("section", "id", "bounds").element("h2", "Bounds").open("ul", "class", "thresholds");
            compared.bounds().forEach(line -> html.element("li", line, "class", line.startsWith("✓") ? "pass"
                    : line.startsWith("✗") ? "fail" : null));
            html.close("ul").close("section");
        }
        items(html, compared, rows);
        HtmlPage.end(html, SCRIPT);
    }

    /** Each variant's figures, the metrics' means over its items, and its report. */
    private static void variants(HtmlWriter html, List<VariantComparison.Variant> variants) {
        Set<String> metrics = new LinkedHashSet<>();
        variants.forEach(variant -> metrics.addAll(variant.summary().means().keySet()));
        html.open("section", "id", "variants").element("h2", "Variants").open("table", "class", "variants")
                .open("thead").open("tr").element("th", "variant").element("th", "prompt").element("th", "model")
                .element("th", "items", "class", "num").element("th", "pass rate", "class", "num");
        metrics.forEach(metric -> html.element("th", metric, "class", "num"));
        html.element("th", "latency p50 / p95", "class", "num").element("th", "tokens in / out", "class", "num")
                .element("th", "cost", "class", "num").element("th", "report").close("tr").close("thead")
                .open("tbody");
        for (VariantComparison.Variant variant : variants) {
            ExperimentSummary summary = variant.summary();
            html.open("tr", "data-variant", variant.name()).element("th", variant.name())
                    .element("td", MarkdownReport.prompt(variant.run()), "class", "mono")
                    .element("td", variant.run().model().name())
                    .element("td", String.valueOf(summary.itemIds().size()), "class", "num")
                    .element("td", Format.percent(summary.passRate()), "class", "num");
            metrics.forEach(metric -> {
                Double mean = summary.means().get(metric);
                html.element("td", mean == null ? "–" : Format.score(mean), "class", "num");
            });
            html.element("td", Format.millis(summary.latencyPercentile(50)) + " / "
                            + Format.millis(summary.latencyPercentile(95)), "class", "num")
                    .element("td", summary.usage().inputTokens() + " / " + summary.usage().outputTokens(), "class",
                            "num")
                    .element("td", Format.cost(summary), "class", "num").open("td");
            if (!variant.report().isEmpty()) {
                html.element("a", "report", "href", variant.report());
            }
            html.close("td").close("tr");
        }
        html.close("tbody").close("table").close("section");
    }

    /**
     * One item's row: its id in the page, and how the variants differ on it — {@code flipped} (their verdicts
     * differ), {@code scores} (the verdict is the same, a score is not) or {@code same}.
     */
    private record Row(String id, String rowId, String difference) {
    }

    /**
     * Each item's row: the items whose verdict differs between variants first, then those whose scores differ,
     * then the others, each in the order the reference ran them.
     */
    private static Map<String, Row> rows(VariantComparison compared) {
        Map<String, Map<String, ItemResult>> firstRuns = firstRuns(compared);
        Set<String> ids = new LinkedHashSet<>();
        compared.variants().forEach(variant -> ids.addAll(variant.summary().itemIds()));
        Map<String, String> differences = new LinkedHashMap<>();
        for (String id : ids) {
            boolean flipped = compared.variants().stream().map(variant -> variant.summary().verdicts().get(id))
                    .filter(java.util.Objects::nonNull).distinct().count() > 1;
            boolean scores = firstRuns.values().stream().map(runs -> runs.get(id)).filter(java.util.Objects::nonNull)
                    .map(result -> result.scores().stream().map(score -> score.name() + "=" + score.formattedValue())
                            .sorted().toList()).distinct().count() > 1;
            differences.put(id, flipped ? "flipped" : scores ? "scores" : "same");
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String difference : List.of("flipped", "scores", "same")) {
            differences.forEach((id, found) -> {
                if (found.equals(difference)) {
                    rows.put(id, new Row(id, "row-" + (rows.size() + 1), difference));
                }
            });
        }
        return rows;
    }

    /** Each variant's first run of each item, by variant name and item id. */
    private static Map<String, Map<String, ItemResult>> firstRuns(VariantComparison compared) {
        Map<String, Map<String, ItemResult>> firstRuns = new LinkedHashMap<>();
        for (VariantComparison.Variant variant : compared.variants()) {
            Map<String, ItemResult> runs = new LinkedHashMap<>();
            variant.summary().results().forEach(result -> runs.putIfAbsent(result.item().id(), result));
            firstRuns.put(variant.name(), runs);
        }
        return firstRuns;
    }

    /** Every item's outputs side by side, one column per variant. */
    private static void items(HtmlWriter html, VariantComparison compared, Map<String, Row> rows) {
        Map<String, Map<String, ItemResult>> firstRuns = firstRuns(compared);
        html.open("section", "id", "items").element("h2", "Items side by side").open("div", "class", "controls");
        HtmlPage.filterButton(html, "all", "all", rows.size());
        HtmlPage.filterButton(html, "flipped", "verdict differs", count(rows, "flipped"));
        HtmlPage.filterButton(html, "scores", "scores differ", count(rows, "scores"));
        HtmlPage.filterButton(html, "same", "same", count(rows, "same"));
        html.open("input", "type", "search", "id", "search", "placeholder", "search ids and outputs", "aria-label",
                "search the items").element("span", "", "id", "shown", "class", "muted").close("div");
        html.open("table", "id", "item-table", "class", "side-by-side").open("thead").open("tr")
                .element("th", "#", "data-type", "number", "class", "num").element("th", "item", "data-type", "text")
                .element("th", "verdicts", "data-type", "text");
        compared.variants().forEach(variant -> html.element("th", variant.name(), "data-type", "text"));
        html.close("tr").close("thead").open("tbody");
        int number = 0;
        for (Row row : rows.values()) {
            String id = row.id();
            html.open("tr", "id", row.rowId(), "data-status", row.difference())
                    .element("td", String.valueOf(++number), "class", "num", "data-value", String.valueOf(number))
                    .element("td", displayName(firstRuns, id));
            List<String> verdicts = new ArrayList<>();
            for (VariantComparison.Variant variant : compared.variants()) {
                Boolean verdict = variant.summary().verdicts().get(id);
                verdicts.add(verdict == null ? "–" : verdict ? "✓" : "✗");
            }
            html.element("td", String.join(" ", verdicts), "class", row.difference().equals("flipped") ? "status fail"
                    : "status");
            for (VariantComparison.Variant variant : compared.variants()) {
                ItemResult result = firstRuns.get(variant.name()).get(id);
                html.open("td", "class", "output", "data-variant", variant.name());
                if (result == null) {
                    html.text("–");
                } else {
                    html.element("span", result.status().label(), "class", "status " + result.status().label());
                    String scores = String.join(" · ", result.scores().stream().map(score -> score.name() + " "
                            + score.formattedValue()).toList());
                    if (!scores.isEmpty()) {
                        html.element("span", " " + scores, "class", "muted");
                    }
                    html.element("pre", result.error().isEmpty() ? result.output() : result.error());
                }
                html.close("td");
            }
            html.close("tr");
        }
        html.close("tbody").close("table").close("section");
    }

    private static long count(Map<String, Row> rows, String difference) {
        return rows.values().stream().filter(row -> row.difference().equals(difference)).count();
    }

    private static String displayName(Map<String, Map<String, ItemResult>> firstRuns, String id) {
        return firstRuns.values().stream().map(runs -> runs.get(id)).filter(java.util.Objects::nonNull)
                .map(result -> result.item().displayName()).findFirst().orElse(id);
    }
}

package dev.junitprompt.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.api.Score;
import dev.junitprompt.results.Comparison;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.Format;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.RunInfo;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.results.Trace;
import dev.junitprompt.target.PromptMessage;

/**
 * {@code report.html}: one self-contained page per run, rendered from its {@link RunRecord} — the run's header,
 * the summary with a histogram per metric, the item table (filter by status, search, sort by column) and a
 * detail view per item (input, prompt, expected against output word by word, scores with their reasoning,
 * the trace as a timeline, repetitions side by side), and the run against its baseline when it has one. Style
 * and script are inline; it fetches nothing.
 *
 * <pre>{@code
 * try (Writer out = Files.newBufferedWriter(folder.resolve("report.html"))) {
 *     HtmlReport.write(RunRecord.read(folder.resolve("results.jsonl")), out);
 * }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class HtmlReport {

    /** The file name of the report in its run folder. */
    public static final String FILE_NAME = "report.html";

    /**
     * Passed items beyond this many get a row but no detail view, so a run of ten thousand items still opens
     * quickly (and is written in a tenth of a second); items that failed, errored or were inconclusive always
     * have one.
     */
    static final int DETAILED_PASSED_ITEMS = 200;

    private static final String SCRIPT = HtmlPage.resource("report.js");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Score metadata an LLM judge gives, shown first, in this order. */
    private static final List<String> JUDGE_METADATA = List.of("reasoning", "failed_items", "suggestions");

    private HtmlReport() {
    }

    /** Writes the report of {@code record}. */
    public static void write(RunRecord record, Writer out) throws IOException {
        write(record, null, out);
    }

    /**
     * Writes the report of a run as it ends, from its summary, whose results are {@linkplain ItemResult#compact
     * compact}: the items the page details (prompt, trace) are read whole from the run record file it wrote, so a
     * large run's results need not all be in memory whole.
     */
    public static void write(RunInfo run, ExperimentSummary summary, java.nio.file.Path recordFile, Writer out)
            throws IOException {
        write(new RunRecord(run, summary.results(), java.util.Optional.of(summary)), recordFile, out);
    }

    private static void write(RunRecord record, java.nio.file.Path recordFile, Writer out) throws IOException {
        try {
            new HtmlReport.Page(record, recordFile, new HtmlWriter(out)).render();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The report as a string, for tests and small runs. */
    public static String render(RunRecord record) {
        java.io.StringWriter out = new java.io.StringWriter();
        try {
            write(record, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** One rendering of one record. */
    private static final class Page {

        private final RunInfo run;
        private final ExperimentSummary summary;
        private final HtmlWriter html;
        private final Map<String, List<ItemResult>> byItem = new LinkedHashMap<>();
        private final Map<String, String> detailIds = new LinkedHashMap<>();
        private final List<String> metrics;
        private final int undetailed;
        /** Where the detailed items' whole results are read from; null when the record's results are whole. */
        private final java.nio.file.Path recordFile;

        Page(RunRecord record, java.nio.file.Path recordFile, HtmlWriter html) {
            this.run = record.run();
            this.recordFile = recordFile;
            // An interrupted run has no summary line: its figures come from the item runs it recorded.
            this.summary = record.summary().orElseGet(() -> ExperimentSummary.builder(run.experiment())
                    .results(record.results()).notes(List.of("the run ended before its summary was written"))
                    .build());
            this.html = html;
            summary.results().forEach(result -> byItem.computeIfAbsent(result.item().id(), id -> new ArrayList<>())
                    .add(result));
            Set<String> metricNames = new LinkedHashSet<>();
            summary.results().forEach(result -> result.scores().forEach(score -> metricNames.add(score.name())));
            this.metrics = List.copyOf(metricNames);
            int passedDetailed = 0;
            int left = 0;
            int index = 0;
            for (Map.Entry<String, List<ItemResult>> item : byItem.entrySet()) {
                index++;
                boolean passed = summary.decisions().get(item.getKey()) == PassRule.Decision.PASSED
                        && item.getValue().stream().allMatch(ItemResult::passed);
                if (!passed || passedDetailed++ < DETAILED_PASSED_ITEMS) {
                    detailIds.put(item.getKey(), "item-" + index);
                } else {
                    left++;
                }
            }
            this.undetailed = left;
        }

        void render() {
            HtmlPage.start(html, run.experiment() + " — run " + run.runId(), SCRIPT);
            header();
            summarySection();
            summary.comparison().ifPresent(this::comparisonSection);
            itemTable();
            html.open("div", "id", "details");
            Map<String, List<ItemResult>> detailed = byItem;
            if (recordFile != null) {
                detailed = new LinkedHashMap<>();
                for (ItemResult result : RunRecord.readResults(recordFile, detailIds::containsKey)) {
                    detailed.computeIfAbsent(result.item().id(), id -> new ArrayList<>()).add(result);
                }
            }
            detailed.forEach((id, runs) -> {
                if (detailIds.containsKey(id)) {
                    detail(detailIds.get(id), runs);
                }
            });
            html.close("div");
            HtmlPage.end(html, SCRIPT);
        }

        private void header() {
            html.open("header").open("h1").text(run.experiment()).text(" ")
                    .element("span", "run " + run.runId(), "class", "muted").close("h1");
            html.open("dl", "class", "run");
            term("dataset", run.dataset() + (run.datasetVersion().isEmpty() ? "" : " @ " + run.datasetVersion())
                    + " (" + run.datasetSource() + ")");
            term("target", run.target());
            if (!run.prompt().hash().isEmpty()) {
                html.element("dt", "prompt").open("dd").open("code", "title", run.prompt().hash())
                        .text(ComparisonHtml.abbreviated(run.prompt().hash())).close("code").text(" ");
                chip("version", run.prompt().version());
                chip("label", run.prompt().label());
                html.close("dd");
            }
            if (!run.model().name().isEmpty()) {
                html.element("dt", "model").open("dd").text(run.model().provider() + " " + run.model().name())
                        .text(" ");
                run.model().parameters().forEach((key, value) -> chip(key, String.valueOf(value)));
                html.close("dd");
            }
            if (!run.gitCommit().isEmpty()) {
                html.element("dt", "git commit").open("dd").element("code", ComparisonHtml.abbreviated(run.gitCommit()), "title",
                        run.gitCommit()).close("dd");
            }
            term("test class", run.testClass());
            term("started", run.startedAt().equals(Instant.EPOCH) ? "" : run.startedAt().toString());
            if (!run.settings().isEmpty()) {
                html.element("dt", "settings").open("dd");
                run.settings().forEach(this::chip);
                html.close("dd");
            }
            html.close("dl");
            HtmlPage.links(html, summary.links(), RunLink::title);
            if (!summary.notes().isEmpty()) {
                html.open("ul", "class", "notes");
                summary.notes().forEach(note -> html.element("li", note));
                html.close("ul");
            }
            html.close("header");
        }

        private void summarySection() {
            html.open("section", "id", "summary").element("h2", "Summary").open("div", "class", "cards");
            boolean repeated = summary.results().size() > summary.itemIds().size();
            card("items", String.valueOf(summary.itemIds().size()), repeated ? summary.results().size() + " runs" : "");
            long passedItems = summary.verdicts().values().stream().filter(Boolean::booleanValue).count();
            card("pass rate", Format.percent(summary.passRate()), passedItems + " of " + summary.itemIds().size()
                    + " items passed");
            card(repeated ? "runs failed / errored" : "failed / errored", summary.count(ItemResult.Status.FAILED) + " / "
                    + summary.count(ItemResult.Status.ERRORED), "");
            card("latency p50 / p95", Format.millis(summary.latencyPercentile(50)) + " / "
                    + Format.millis(summary.latencyPercentile(95)), "");
            card("tokens in / out", summary.usage().inputTokens() + " / " + summary.usage().outputTokens(), "");
            card("cost", Format.cost(summary), judgesShare());
            html.close("div");
            if (!summary.means().isEmpty()) {
                html.open("table", "class", "metrics").open("thead").open("tr").element("th", "metric")
                        .element("th", "mean", "class", "num").element("th", "distribution over runs")
                        .close("tr").close("thead").open("tbody");
                summary.means().forEach((metric, mean) -> {
                    html.open("tr").element("td", metric).element("td", Format.score(mean), "class", "num").open("td");
                    histogram(metric);
                    html.close("td").close("tr");
                });
                html.close("tbody").close("table");
            }
            if (!summary.runScores().isEmpty()) {
                html.element("h3", "Run scores").open("table", "class", "run-scores").open("thead").open("tr")
                        .element("th", "score").element("th", "value", "class", "num").element("th", "why")
                        .close("tr").close("thead").open("tbody");
                for (Score score : summary.runScores()) {
                    html.open("tr").element("td", score.name()).element("td", score.formattedValue(), "class", "num")
                            .open("td").element("div", score.comment(), "class", "comment");
                    metadata(score.metadata());
                    html.close("td").close("tr");
                }
                html.close("tbody").close("table");
            }
            if (!summary.thresholds().isEmpty()) {
                html.element("h3", "Thresholds").open("ul", "class", "thresholds");
                summary.thresholds().forEach(line -> html.element("li", line, "class",
                        line.startsWith("✓") ? "pass" : line.startsWith("✗") ? "fail" : null));
                html.close("ul");
            }
            html.close("section");
        }

        /**
         * The run against its baseline: what each side ran, each metric's change with its interval, and the
         * items whose verdict flipped with both outputs.
         */
        private void comparisonSection(Comparison comparison) {
            html.open("section", "id", "comparison").element("h2", "Against the baseline");
            ComparisonHtml.write(html, comparison, run, ComparedSides.BASELINE, id -> detailIds.containsKey(id)
                    ? "#" + detailIds.get(id) : null);
            html.close("section");
        }

        /**
         * What the judges' model calls cost, apart from the target's: the calls evaluators made are in each
         * trace; unknown when one of them has no price.
         */
        private String judgesShare() {
            List<Trace.ModelCall> judged = summary.results().stream().flatMap(result -> result.trace().evaluations()
                    .stream()).flatMap(evaluation -> evaluation.calls().stream()).toList();
            if (judged.isEmpty()) {
                return "";
            }
            if (judged.stream().anyMatch(call -> Double.isNaN(call.cost()))) {
                return judged.size() + " judge calls, their share unknown (unpriced)";
            }
            double judges = judged.stream().mapToDouble(Trace.ModelCall::cost).sum();
            return String.format(Locale.ROOT, "target $%.4f · judges $%.4f", Math.max(0, summary.cost() - judges),
                    judges);
        }

        /** Ten bins over 0..1 of the metric's value in each run, as bars. */
        private void histogram(String metric) {
            int[] bins = new int[10];
            for (ItemResult result : summary.results()) {
                result.score(metric).filter(Score::isNumeric)
                        .ifPresent(score -> bins[Math.min(9, (int) Math.floor(score.value() * 10))]++);
            }
            int most = Math.max(1, java.util.Arrays.stream(bins).max().orElse(1));
            html.open("svg", "class", "histogram", "width", "210", "height", "50", "viewBox", "0 0 210 50",
                    "role", "img", "aria-label", "distribution of " + metric);
            for (int bin = 0; bin < bins.length; bin++) {
                int height = bins[bin] == 0 ? 0 : Math.max(1, Math.round(36f * bins[bin] / most));
                html.open("rect", "x", String.valueOf(5 + bin * 20), "y", String.valueOf(38 - height), "width", "18",
                        "height", String.valueOf(height)).element("title", String.format(Locale.ROOT,
                                "%.1f–%.1f: %d %s", bin / 10.0, (bin + 1) / 10.0, bins[bin], bins[bin] == 1 ? "run" : "runs"))
                        .close("rect");
            }
            html.element("text", "0", "x", "3", "y", "48").element("text", "1", "x", "200", "y", "48").close("svg");
        }

        private void itemTable() {
            html.open("section", "id", "items").element("h2", "Items").open("div", "class", "controls");
            HtmlPage.filterButton(html, "all", "all", summary.results().size());
            HtmlPage.filterButton(html, "failed", "failed", summary.count(ItemResult.Status.FAILED));
            HtmlPage.filterButton(html, "errored", "errored", summary.count(ItemResult.Status.ERRORED));
            html.open("input", "type", "search", "id", "search", "placeholder", "search ids, inputs, outputs, reasoning",
                    "aria-label", "search the items").element("span", "", "id", "shown", "class", "muted").close("div");
            if (undetailed > 0) {
                html.element("p", undetailed + " passed items have no detail view here, to keep the page light; "
                        + "results.jsonl has them whole.", "class", "muted");
            }
            boolean repeated = summary.results().size() > summary.itemIds().size();
            html.open("table", "id", "item-table").open("thead").open("tr").element("th", "#", "data-type", "number",
                    "class", "num").element("th", "item", "data-type", "text");
            if (repeated) {
                html.element("th", "run", "data-type", "number", "class", "num");
            }
            html.element("th", "status", "data-type", "text");
            metrics.forEach(metric -> html.element("th", metric, "data-type", "number", "class", "num"));
            html.element("th", "latency", "data-type", "number", "class", "num")
                    .element("th", "tokens", "data-type", "number", "class", "num")
                    .element("th", "cost", "data-type", "number", "class", "num")
                    .close("tr").close("thead").open("tbody");
            int row = 0;
            for (ItemResult result : summary.results()) {
                String detail = detailIds.get(result.item().id());
                html.open("tr", "data-status", result.status().label(), "data-detail", detail);
                number(String.valueOf(++row), String.valueOf(row));
                html.open("td", "data-value", result.item().id());
                if (detail == null) {
                    html.text(result.item().displayName());
                } else {
                    html.element("a", result.item().displayName(), "href", "#" + detail);
                }
                html.close("td");
                if (repeated) {
                    number(String.valueOf(result.repetition()), String.valueOf(result.repetition()));
                }
                html.element("td", result.status().label(), "class", "status " + result.status().label());
                for (String metric : metrics) {
                    Score score = result.score(metric).orElse(null);
                    boolean below = result.failures().stream().anyMatch(failure -> failure.evaluator().equals(metric));
                    html.element("td", score == null ? "–" : score.formattedValue(), "class", below ? "num below" : "num",
                            "data-value", score == null || !score.isNumeric() ? "" : String.valueOf(score.value()));
                }
                number(Format.millis(result.latency()), String.valueOf(result.latency().toMillis()));
                number(String.valueOf(result.usage().totalTokens()), String.valueOf(result.usage().totalTokens()));
                number(result.costKnown() ? cost(result.cost()) : "–", result.costKnown() ? String.valueOf(result.cost()) : "");
                html.close("tr");
            }
            html.close("tbody").close("table").close("section");
        }

        /** One item: what went in once, then each of its runs side by side. */
        private void detail(String id, List<ItemResult> runs) {
            ItemResult first = runs.get(0);
            html.open("section", "class", "detail", "id", id, "aria-label", first.item().displayName())
                    .element("a", "×", "class", "close", "href", "#items", "title", "close (Esc)")
                    .element("h2", first.item().displayName());
            PassRule.Decision decision = summary.decisions().get(first.item().id());
            if (runs.size() > 1 && decision != null) {
                long passed = runs.stream().filter(ItemResult::passed).count();
                html.element("p", decision.name().toLowerCase(Locale.ROOT) + " by the " + summary.rule().name()
                        .toLowerCase(Locale.ROOT) + " rule: " + passed + " of " + runs.size() + " runs passed",
                        "class", "status " + decision.name().toLowerCase(Locale.ROOT));
            }
            html.element("h3", "Input").element("pre", first.item().inputs().toPrettyString());
            if (!first.prompt().isEmpty()) {
                html.element("h3", "Prompt");
                messages(first.prompt());
            }
            String expected = first.item().expectedOutput().map(HtmlReport::text).orElse(null);
            if (expected != null) {
                html.element("h3", "Expected").element("pre", expected, "class", "expected");
            }
            html.open("div", "class", "runs");
            for (ItemResult result : runs) {
                runColumn(result, runs.size());
            }
            html.close("div").close("section");
        }

        private void runColumn(ItemResult result, int runs) {
            html.open("div", "class", "run-col").open("h3");
            if (runs > 1) {
                html.text("run " + result.repetition() + " · ");
            }
            html.element("span", result.status().label(), "class", "status " + result.status().label())
                    .element("span", " · " + Format.millis(result.latency()) + " · tokens " + result.usage().inputTokens()
                            + " / " + result.usage().outputTokens() + " · " + cost(result.cost())
                            + (result.model().isEmpty() ? "" : " · " + result.model())
                            + (result.trace().retries() > 0 ? " · " + Format.retries(result.trace().retries()) : ""),
                            "class", "muted")
                    .close("h3");
            if (!result.error().isEmpty()) {
                html.element("h4", "Error").element("pre", result.error(), "class", "error");
            }
            html.element("h4", "Output").element("pre", result.output().isEmpty() ? "(none)" : result.output(),
                    "class", "output");
            result.item().expectedOutput().ifPresent(expected -> diff(expected, result.output()));
            if (!result.failures().isEmpty()) {
                html.element("h4", "Failures").open("ul", "class", "failures");
                result.failures().forEach(failure -> html.element("li", failure.message(), "class", "fail"));
                html.close("ul");
            }
            if (!result.scores().isEmpty()) {
                html.element("h4", "Scores");
                for (Score score : result.scores()) {
                    boolean failed = result.failures().stream().anyMatch(f -> f.evaluator().equals(score.name()));
                    html.open("div", "class", failed ? "score below" : "score").open("strong").text(score.name())
                            .close("strong").text(" " + score.formattedValue());
                    if (!score.comment().isBlank()) {
                        html.element("div", score.comment().strip(), "class", "comment");
                    }
                    metadata(score.metadata());
                    html.close("div");
                }
            }
            timeline(result);
            html.close("div");
        }

        /**
         * Expected against output, word by word; JSON against JSON output both pretty-printed alike, so the diff
         * is of their content rather than their layout.
         */
        private void diff(JsonNode expected, String output) {
            String actual = output;
            if (!expected.isTextual()) {
                try {
                    actual = JSON.readTree(output).toPrettyString();
                } catch (JsonProcessingException notJson) {
                    // compared as the text it is
                }
            }
            html.element("h4", "Expected → output").open("pre", "class", "diff");
            for (WordDiff.Segment segment : WordDiff.between(text(expected), actual)) {
                switch (segment.kind()) {
                    case SAME -> html.text(segment.text());
                    case REMOVED -> html.element("del", segment.text());
                    case ADDED -> html.element("ins", segment.text());
                }
            }
            html.close("pre");
        }

        /** A score's metadata: a judge's reasoning, failed items and suggestions first, the rest as JSON. */
        private void metadata(Map<String, Object> metadata) {
            if (metadata.isEmpty()) {
                return;
            }
            html.open("dl");
            Stream.concat(JUDGE_METADATA.stream().filter(metadata::containsKey),
                            metadata.keySet().stream().sorted().filter(key -> !JUDGE_METADATA.contains(key)))
                    .forEach(key -> {
                        html.element("dt", key.equals("failed_items") ? "failed" : key).open("dd");
                        value(metadata.get(key));
                        html.close("dd");
                    });
            html.close("dl");
        }

        private void value(Object value) {
            if (value instanceof List<?> list && list.stream().allMatch(element -> element instanceof String)) {
                if (list.isEmpty()) {
                    html.text("none");
                    return;
                }
                html.open("ul");
                list.forEach(element -> html.element("li", (String) element));
                html.close("ul");
            } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
                try {
                    html.element("pre", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
                } catch (JsonProcessingException e) {
                    html.text(String.valueOf(value));
                }
            } else {
                html.text(String.valueOf(value));
            }
        }

        /**
         * The trace: each model call and evaluation as a bar over the run's time, the calls an evaluator made
         * (a judge's) under it, with their messages and answers one click away.
         */
        private void timeline(ItemResult result) {
            Trace trace = result.trace();
            if (trace.calls().isEmpty() && trace.evaluations().isEmpty()) {
                return;
            }
            Instant start = Stream.concat(Stream.of(trace.start()), trace.allCalls().stream().map(Trace.ModelCall::start))
                    .filter(instant -> !instant.equals(Instant.EPOCH)).min(Instant::compareTo).orElse(trace.start());
            Instant end = Stream.concat(Stream.of(trace.end()), Stream.concat(trace.allCalls().stream()
                            .map(Trace.ModelCall::end), trace.evaluations().stream().map(Trace.Evaluation::end)))
                    .max(Instant::compareTo).orElse(trace.end());
            long total = Math.max(1, Duration.between(start, end).toMillis());
            html.element("h4", "Trace").open("table", "class", "timeline").open("tbody");
            for (Trace.ModelCall call : trace.calls()) {
                callRow(call, start, total, "bar", false, result);
            }
            for (Trace.Evaluation evaluation : trace.evaluations()) {
                String outcome = evaluation.score() != null ? evaluation.score().formattedValue()
                        : "no score: " + evaluation.error();
                html.open("tr").open("td").text("evaluator " + evaluation.evaluator() + " · " + outcome)
                        .element("span", " " + Duration.between(evaluation.start(), evaluation.end()).toMillis() + " ms",
                                "class", "muted").close("td");
                bar(evaluation.start(), evaluation.end(), start, total, "bar evaluation");
                html.close("tr");
                evaluation.calls().forEach(call -> callRow(call, start, total, "bar judge", true, result));
            }
            html.close("tbody").close("table");
        }

        private void callRow(Trace.ModelCall call, Instant start, long total, String barClass, boolean nested,
                ItemResult result) {
            html.open("tr", "class", nested ? "nested" : null).open("td")
                    .text((nested ? "judge call " : "model call ") + call.provider() + " " + call.model())
                    .element("span", " " + Duration.between(call.start(), call.end()).toMillis() + " ms · "
                            + (call.attempts() == 1 ? "1 attempt" : call.attempts() + " attempts") + " · tokens "
                            + call.usage().inputTokens() + " / " + call.usage().outputTokens() + " · " + cost(call.cost())
                            + (call.replayed() ? " · replayed" : ""), "class", "muted");
            // The target's call sent the prompt above and answered the output: shown once, not twice.
            boolean sameAsItem = !nested && call.messages().equals(result.prompt()) && call.output().equals(result.output());
            if (!sameAsItem) {
                html.open("details").element("summary", "messages and answer");
                messages(call.messages());
                html.element("div", "answer", "class", "role").element("pre", call.output()).close("details");
            }
            html.close("td");
            bar(call.start(), call.end(), start, total, barClass);
            html.close("tr");
        }

        private void bar(Instant from, Instant to, Instant start, long total, String barClass) {
            double offset = 100.0 * Math.max(0, Duration.between(start, from).toMillis()) / total;
            double width = 100.0 * Math.max(0, Duration.between(from, to).toMillis()) / total;
            html.open("td", "class", "lane").element("div", "", "class", barClass, "style", String.format(Locale.ROOT,
                    "margin-left:%.1f%%;width:%.1f%%", Math.min(offset, 99.5), Math.max(0.5, Math.min(width, 100 - offset))))
                    .close("td");
        }

        private void messages(List<PromptMessage> messages) {
            for (PromptMessage message : messages) {
                html.open("div", "class", "message").element("div", message.role(), "class", "role")
                        .element("pre", message.content()).close("div");
            }
        }

        private void term(String name, String value) {
            if (!value.isEmpty()) {
                html.element("dt", name).element("dd", value);
            }
        }

        private void chip(String name, String value) {
            if (!value.isEmpty()) {
                html.element("span", name + " " + value, "class", "chip");
            }
        }

        private void card(String label, String value, String sub) {
            html.open("div", "class", "card").element("span", label, "class", "label")
                    .element("span", value, "class", "value");
            if (!sub.isEmpty()) {
                html.element("span", sub, "class", "sub");
            }
            html.close("div");
        }

        private void number(String text, String value) {
            html.element("td", text, "class", "num", "data-value", value);
        }
    }

    /** An expected output as text: a string as it is, anything else as pretty JSON. */
    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : node.toPrettyString();
    }

    private static String cost(double cost) {
        return Double.isNaN(cost) ? "cost unknown" : String.format(Locale.ROOT, "$%.5f", cost);
    }
}

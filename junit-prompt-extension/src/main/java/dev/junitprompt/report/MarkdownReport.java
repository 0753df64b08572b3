package dev.junitprompt.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

import dev.junitprompt.api.Score;
import dev.junitprompt.results.Comparison;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.Format;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.RunInfo;
import dev.junitprompt.results.VariantComparison;

/** {@code report.md}: a summary table, then the failed and errored items first, each with its reasoning. */
@API(status = API.Status.INTERNAL)
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String render(RunInfo run, ExperimentSummary summary) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(MarkdownText.heading(run.experiment() + " — run " + run.runId())).append("\n\n");
        md.append("Dataset ").append(MarkdownText.code(run.dataset())).append(" · target ")
                .append(MarkdownText.code(run.target())).append(" · test class ")
                .append(MarkdownText.code(run.testClass())).append("\n\n");
        // Items and runs apart: with repetitions, passed/failed/errored count runs, the pass rate items.
        md.append("| items | runs | runs passed | failed | errored | items' pass rate | latency p50 | latency p95 "
                + "| tokens in/out | cost |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append("| ").append(summary.itemIds().size())
                .append(" | ").append(summary.results().size())
                .append(" | ").append(summary.count(ItemResult.Status.PASSED))
                .append(" | ").append(summary.count(ItemResult.Status.FAILED))
                .append(" | ").append(summary.count(ItemResult.Status.ERRORED))
                .append(" | ").append(Format.percent(summary.passRate()))
                .append(" | ").append(Format.millis(summary.latencyPercentile(50)))
                .append(" | ").append(Format.millis(summary.latencyPercentile(95)))
                .append(" | ").append(summary.usage().inputTokens()).append(" / ").append(summary.usage().outputTokens())
                .append(" | ").append(Format.cost(summary))
                .append(" |\n\n");
        summary.notes().forEach(note -> md.append("> ").append(quoted(note)).append("\n"));
        summary.links().forEach(link -> md.append("> ").append(quoted(link)).append("\n"));
        if (!summary.notes().isEmpty() || !summary.links().isEmpty()) {
            md.append('\n');
        }
        Map<String, Double> means = summary.means();
        if (!means.isEmpty()) {
            md.append("| metric | mean |\n|---|---:|\n");
            means.forEach((name, mean) -> md.append("| ").append(MarkdownText.cell(name)).append(" | ").append(Format.score(mean)).append(" |\n"));
            md.append('\n');
        }
        if (!summary.runScores().isEmpty()) {
            md.append("| run score | value | why |\n|---|---:|---|\n");
            summary.runScores().forEach(score -> md.append("| ").append(MarkdownText.cell(score.name())).append(" | ")
                    .append(MarkdownText.cell(score.formattedValue())).append(" | ")
                    .append(MarkdownText.cell(score.comment())).append(" |\n"));
            md.append('\n');
        }
        summary.comparison().ifPresent(comparison -> against(md, run, comparison));
        if (!summary.thresholds().isEmpty()) {
            md.append("## Thresholds\n\n");
            summary.thresholds().forEach(line -> md.append("- ").append(listed(line)).append('\n'));
            md.append('\n');
        }
        if (summary.results().size() > summary.itemIds().size()) {
            perItem(md, summary);
        }
        md.append("## Items\n\n");
        // Failures first: that is what a reader opened the report for.
        List<ItemResult> ordered = summary.results().stream()
                .sorted(Comparator.comparing(item -> item.status() == ItemResult.Status.PASSED)).toList();
        boolean repeated = summary.results().size() > summary.itemIds().size();
        for (ItemResult item : ordered) {
            md.append("### ").append(statusMark(item)).append(' ').append(MarkdownText.heading(item.item().displayName()))
                    .append(repeated ? " [" + item.repetition() + "]" : "").append("\n\n");
            for (Score score : item.scores()) {
                md.append("- **").append(MarkdownText.heading(score.name())).append("**: ")
                        .append(MarkdownText.heading(score.formattedValue()));
                if (!score.comment().isBlank()) {
                    md.append(" — ").append(listed(score.comment().strip()));
                }
                md.append('\n');
            }
            item.failures().forEach(failure -> md.append("- ✗ ").append(listed(failure.message())).append('\n'));
            if (!item.error().isEmpty()) {
                md.append("- error: ").append(listed(item.error())).append('\n');
            }
            md.append("- latency ").append(Format.millis(item.latency())).append(", tokens ")
                    .append(item.usage().inputTokens()).append(" / ").append(item.usage().outputTokens())
                    .append(item.trace().retries() > 0 ? ", " + Format.retries(item.trace().retries()) : "")
                    .append("\n\n");
            if (item.status() != ItemResult.Status.PASSED) {
                md.append("<details><summary>input, expected, output</summary>\n\n");
                md.append("Input:\n\n").append(MarkdownText.fence(item.item().inputs().toPrettyString(), "json"))
                        .append('\n');
                md.append("Expected:\n\n").append(MarkdownText.fence(item.item().expectedOutput().map(e -> e.isTextual()
                        ? e.textValue() : e.toPrettyString()).orElse("(none)"), "")).append('\n');
                md.append("Output:\n\n").append(MarkdownText.fence(item.output(), "")).append("\n</details>\n\n");
            }
        }
        return md.toString();
    }

    /**
     * An experiment's variants compared, as Markdown ({@code comparison-<time>.md}): each variant's figures, the
     * backends' views of them side by side, each variant against its reference, and the bounds' verdicts.
     */
    public static String variants(VariantComparison compared) {
        StringBuilder md = new StringBuilder("# ").append(MarkdownText.heading(compared.experiment()
                + " — variants compared")).append("\n\n");
        md.append("| variant | prompt | model | items | pass rate | latency p50 | cost | report |\n")
                .append("|---|---|---|---:|---:|---:|---:|---|\n");
        for (VariantComparison.Variant variant : compared.variants()) {
            ExperimentSummary summary = variant.summary();
            md.append("| ").append(cell(variant.name())).append(" | ").append(cell(prompt(variant.run())))
                    .append(" | ").append(cell(variant.run().model().name())).append(" | ")
                    .append(summary.itemIds().size()).append(" | ").append(Format.percent(summary.passRate()))
                    .append(" | ").append(Format.millis(summary.latencyPercentile(50))).append(" | ")
                    .append(Format.cost(summary)).append(" | ").append(cell(variant.report())).append(" |\n");
        }
        md.append('\n');
        compared.links().forEach(link -> md.append("> ").append(quoted(link)).append("\n"));
        if (!compared.links().isEmpty()) {
            md.append('\n');
        }
        for (VariantComparison.Pair pair : compared.pairs()) {
            RunInfo run = compared.variant(pair.variant()).map(VariantComparison.Variant::run).orElseThrow();
            against(md, pair.title(), run, pair.comparison(), ComparedSides.variants(pair.reference(),
                    pair.variant()));
        }
        if (!compared.bounds().isEmpty()) {
            md.append("## Bounds\n\n");
            compared.bounds().forEach(line -> md.append("- ").append(listed(line)).append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    /** The run against its baseline: what each side was, the metric changes, and the items that flipped. */
    private static void against(StringBuilder md, RunInfo run, Comparison comparison) {
        against(md, "Against the baseline", run, comparison, ComparedSides.BASELINE);
    }

    /** {@code after} against {@code before}: what each side was, the metric changes, and the items that flipped. */
    private static void against(StringBuilder md, String title, RunInfo run, Comparison comparison,
            ComparedSides sides) {
        md.append("## ").append(MarkdownText.heading(title)).append("\n\n").append(MarkdownText.inline(
                comparison.headline())).append("\n\n");
        RunInfo then = comparison.baselineRun();
        md.append("| | ").append(cell(sides.before())).append(" | ").append(cell(sides.after())).append(" |\n|---|---|---|\n")
                .append("| git commit | ").append(cell(then.gitCommit())).append(" | ").append(cell(run.gitCommit()))
                .append(" |\n| prompt | ").append(cell(prompt(then))).append(" | ").append(cell(prompt(run)))
                .append(" |\n| model | ").append(cell(then.model().name())).append(" | ")
                .append(cell(run.model().name())).append(" |\n\n");
        if (!comparison.metrics().isEmpty()) {
            md.append("| metric | ").append(cell(sides.before())).append(" | ").append(cell(sides.after()))
                    .append(" | change | 95% interval | |\n|---|---:|---:|---:|---|---|\n");
            comparison.metrics().forEach(change -> md.append("| ").append(cell(change.metric())).append(" | ")
                    .append(Format.score(change.baseline())).append(" | ").append(Format.score(change.current()))
                    .append(String.format(java.util.Locale.ROOT, " | %+.3f | [%+.3f, %+.3f] | %s |\n", change.delta(),
                            change.low(), change.high(), change.significant() ? "" : "within noise")));
            md.append('\n');
        }
        if (!comparison.pairwise().isEmpty()) {
            md.append("| pairwise judge | ").append(cell(sides.after())).append(" preferred | ties | ")
                    .append(cell(sides.before())).append(" preferred |\n|---|---:|---:|---:|\n");
            comparison.pairwise().forEach(judge -> md.append("| ").append(cell(judge.judge())).append(" | ")
                    .append(judge.wins()).append(" | ").append(judge.ties()).append(" | ").append(judge.losses())
                    .append(" |\n"));
            md.append('\n');
        }
        flips(md, "Regressed (" + sides.regressed() + ")", comparison.regressed(), sides);
        flips(md, "Improved (" + sides.improved() + ")", comparison.improved(), sides);
        if (!comparison.added().isEmpty()) {
            md.append(MarkdownText.inline(sides.added())).append(": ")
                    .append(cell(String.join(", ", comparison.added()))).append("\n\n");
        }
        if (!comparison.removed().isEmpty()) {
            md.append(MarkdownText.inline(sides.removed())).append(": ")
                    .append(cell(String.join(", ", comparison.removed()))).append("\n\n");
        }
    }

    private static void flips(StringBuilder md, String title, java.util.List<Comparison.Flip> flips,
            ComparedSides sides) {
        if (flips.isEmpty()) {
            return;
        }
        md.append("### ").append(MarkdownText.heading(title)).append("\n\n| item | ").append(cell(sides.before()))
                .append(" output | ").append(cell(sides.after())).append(" output |\n|---|---|---|\n");
        flips.forEach(flip -> md.append("| ").append(cell(flip.id())).append(" | ").append(cell(abbreviate(flip.before())))
                .append(" | ").append(cell(abbreviate(flip.after()))).append(" |\n"));
        md.append('\n');
    }

    /** Which prompt a run ran: its target, the prompt's hash abbreviated and its version. */
    static String prompt(RunInfo run) {
        RunInfo.Prompt prompt = run.prompt();
        return prompt.hash().isEmpty() ? run.target() : run.target() + " sha256:" + prompt.hash().substring(0,
                Math.min(12, prompt.hash().length())) + (prompt.version().isEmpty() ? "" : " v" + prompt.version());
    }

    /** A value in a table cell, {@code –} when empty. */
    private static String cell(String text) {
        return MarkdownText.cell(text == null || text.isEmpty() ? "–" : text);
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.strip();
        return flat.length() <= 160 ? flat : flat.substring(0, 160) + "…";
    }

    /** Items that ran several times: runs passed, and each metric's mean and min over the runs. */
    private static void perItem(StringBuilder md, ExperimentSummary summary) {
        List<String> metrics = List.copyOf(summary.means().keySet());
        md.append("## Per item\n\n| item | verdict | runs passed |");
        metrics.forEach(metric -> md.append(' ').append(MarkdownText.cell(metric)).append(" mean / min |"));
        md.append("\n|---|---|---:|").append("---:|".repeat(metrics.size())).append('\n');
        Map<String, List<ItemResult>> runs = new LinkedHashMap<>();
        summary.results().forEach(result -> runs.computeIfAbsent(result.item().id(), id -> new ArrayList<>()).add(result));
        Map<String, Boolean> verdicts = summary.verdicts();
        runs.forEach((id, itemRuns) -> {
            md.append("| ").append(MarkdownText.cell(id)).append(" | ").append(verdicts.get(id) ? "✓ passed" : "✗ failed").append(" | ")
                    .append(itemRuns.stream().filter(ItemResult::passed).count()).append(" / ").append(itemRuns.size())
                    .append(" |");
            for (String metric : metrics) {
                DoubleSummaryStatistics stats = itemRuns.stream().flatMap(run -> run.score(metric).stream())
                        .filter(Score::isNumeric).mapToDouble(Score::value).summaryStatistics();
                md.append(' ').append(stats.getCount() == 0 ? "–"
                        : Format.score(stats.getAverage()) + " / " + Format.score(stats.getMin())).append(" |");
            }
            md.append('\n');
        });
        md.append('\n');
    }

    /** Text in a list item: its later lines indented under it. */
    private static String listed(String text) {
        return MarkdownText.inline(text).replace("\n", "\n  ");
    }

    /** Text in a quote: every line of it quoted. */
    private static String quoted(String text) {
        return MarkdownText.inline(text).replace("\n", "\n> ");
    }

    private static String statusMark(ItemResult item) {
        return switch (item.status()) {
            case PASSED -> "✓";
            case FAILED -> "✗";
            case ERRORED -> "‼";
        };
    }
}

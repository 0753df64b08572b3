package dev.junitprompt.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apiguardian.api.API;

import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.results.Comparison;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.Format;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.VariantComparison;

/**
 * A GitHub Actions step summary: a few lines of Markdown per experiment — its pass rate, how it compares with its
 * baseline, the items that did not pass with the check that failed them most, its thresholds, where to see more —
 * appended to the file
 * {@code GITHUB_STEP_SUMMARY} names, when it names one.
 *
 * <pre>{@code
 * GitHubStepSummary.appendTo(environment, summary);   // nothing outside GitHub Actions
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class GitHubStepSummary {

    /** The variable GitHub Actions sets to the file a step's summary goes to. */
    public static final String VARIABLE = "GITHUB_STEP_SUMMARY";

    /** The most items listed: a step summary is read at a glance; the reports have them all. */
    static final int MAX_ITEMS = 10;

    /** The most characters of a failure's message shown. */
    private static final int MAX_MESSAGE = 160;

    /** Experiments that finish together append one after the other, never into each other. */
    private static final Object APPEND = new Object();

    private GitHubStepSummary() {
    }

    /**
     * Appends the summary of one experiment to the file {@code environment} names under {@link #VARIABLE}; does
     * nothing when it names none.
     *
     * @return the file appended to, empty when there was none
     */
    public static Optional<Path> appendTo(Map<String, String> environment, ExperimentSummary summary)
            throws IOException {
        return append(environment, () -> render(summary));
    }

    /**
     * Appends an experiment's comparison of its variants to the file {@code environment} names under
     * {@link #VARIABLE}; does nothing when it names none.
     *
     * @return the file appended to, empty when there was none
     */
    public static Optional<Path> appendTo(Map<String, String> environment, VariantComparison compared)
            throws IOException {
        return append(environment, () -> render(compared));
    }

    private static Optional<Path> append(Map<String, String> environment, java.util.function.Supplier<String> markdown)
            throws IOException {
        String file = environment.getOrDefault(VARIABLE, "").strip();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(file);
        String text = markdown.get();
        synchronized (APPEND) {
            Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return Optional.of(path);
    }

    /** The Markdown of one experiment's summary. */
    public static String render(ExperimentSummary summary) {
        Map<String, List<ItemResult>> notPassed = new LinkedHashMap<>();
        summary.decisions().forEach((id, decision) -> {
            if (decision != PassRule.Decision.PASSED) {
                notPassed.put(id, new ArrayList<>());
            }
        });
        summary.results().stream().filter(result -> notPassed.containsKey(result.item().id()))
                .forEach(result -> notPassed.get(result.item().id()).add(result));
        boolean missedThreshold = summary.thresholds().stream().anyMatch(line -> line.startsWith("✗"));
        long passed = summary.itemIds().size() - notPassed.size();

        StringBuilder md = new StringBuilder("### ").append(notPassed.isEmpty() && !missedThreshold ? "✓" : "✗")
                .append(' ').append(MarkdownText.heading(summary.experiment())).append(": ").append(passed)
                .append(" of ").append(summary.itemIds().size()).append(" items passed (")
                .append(Format.percent(summary.passRate())).append(")\n\n");
        md.append(summary.results().size() > summary.itemIds().size() ? summary.results().size() + " runs · " : "")
                .append("latency p95 ").append(Format.millis(summary.latencyPercentile(95)))
                .append(" · tokens ").append(summary.usage().inputTokens()).append(" / ")
                .append(summary.usage().outputTokens()).append(" · cost ").append(MarkdownText.inline(Format.cost(summary)))
                .append("\n\n");
        summary.comparison().ifPresent(comparison -> md.append(MarkdownText.heading(comparison.headline())).append("\n\n"));
        if (!notPassed.isEmpty()) {
            md.append("| item | verdict | top failing check |\n|---|---|---|\n");
            notPassed.entrySet().stream().limit(MAX_ITEMS).forEach(item -> md.append("| ")
                    .append(MarkdownText.cell(item.getValue().isEmpty() ? item.getKey()
                            : item.getValue().get(0).item().displayName()))
                    .append(" | ").append(verdict(summary.decisions().get(item.getKey()), item.getValue()))
                    .append(" | ").append(MarkdownText.cell(topFailure(item.getValue()))).append(" |\n"));
            if (notPassed.size() > MAX_ITEMS) {
                md.append("\n… and ").append(notPassed.size() - MAX_ITEMS).append(" more; report.html lists them all.\n");
            }
            md.append('\n');
        }
        summary.thresholds().forEach(line -> md.append("- ").append(MarkdownText.heading(line)).append('\n'));
        if (!summary.thresholds().isEmpty()) {
            md.append('\n');
        }
        if (!summary.links().isEmpty()) {
            md.append(summary.links().stream().map(GitHubStepSummary::link).collect(Collectors.joining(" · ")))
                    .append("\n\n");
        }
        return md.toString();
    }

    /**
     * The Markdown of an experiment's comparison of its variants: each variant against its reference in a line, the
     * metrics that changed beyond noise, the pairwise judges' counts, the bounds and the backends' comparisons.
     */
    public static String render(VariantComparison compared) {
        boolean missed = compared.bounds().stream().anyMatch(line -> line.startsWith("✗"));
        StringBuilder md = new StringBuilder("### ").append(missed ? "✗" : "✓").append(' ')
                .append(MarkdownText.heading(compared.experiment())).append(": ").append(compared.variants().size())
                .append(" variants compared\n\n");
        for (VariantComparison.Pair pair : compared.pairs()) {
            Comparison comparison = pair.comparison();
            md.append("- **").append(MarkdownText.heading(pair.variant())).append("** ")
                    .append(MarkdownText.heading(comparison.headline()));
            comparison.metrics().stream().filter(Comparison.MetricChange::significant).forEach(change -> md
                    .append("; ").append(MarkdownText.heading(change.metric())).append(String.format(
                            java.util.Locale.ROOT, " %+.3f [%+.3f, %+.3f]", change.delta(), change.low(), change.high())));
            comparison.pairwise().forEach(judge -> md.append("; ").append(MarkdownText.heading(judge.judge()))
                    .append(' ').append(judge.counts()));
            md.append('\n');
        }
        compared.bounds().forEach(line -> md.append("- ").append(MarkdownText.heading(line)).append('\n'));
        md.append('\n');
        if (!compared.links().isEmpty()) {
            md.append(compared.links().stream().map(line -> link(line, RunLink::name)).collect(Collectors.joining(
                    " · ")))
                    .append("\n\n");
        }
        return md.toString();
    }

    /** {@code failed}, {@code inconclusive}, or {@code errored} for an item whose every run errored. */
    private static String verdict(PassRule.Decision decision, List<ItemResult> runs) {
        boolean errored = !runs.isEmpty() && runs.stream().allMatch(run -> run.status() == ItemResult.Status.ERRORED);
        return errored ? "errored" : decision.name().toLowerCase(Locale.ROOT);
    }

    /**
     * What failed an item: the check that failed most of its runs (the one furthest below its threshold among
     * equals), its message and how many runs it failed; or the error of an item whose runs only errored.
     */
    private static String topFailure(List<ItemResult> runs) {
        Map<String, List<ItemResult.Failure>> byCheck = runs.stream().flatMap(run -> run.failures().stream())
                .collect(Collectors.groupingBy(ItemResult.Failure::evaluator, LinkedHashMap::new, Collectors.toList()));
        if (byCheck.isEmpty()) {
            return runs.stream().map(ItemResult::error).filter(error -> !error.isEmpty()).findFirst()
                    .map(error -> "errored: " + shortened(error)).orElse("no run failed a check");
        }
        Function<ItemResult.Failure, Double> shortfall = failure -> Double.isNaN(failure.threshold() - failure.score())
                ? 0.0 : failure.threshold() - failure.score();
        List<ItemResult.Failure> top = byCheck.values().stream()
                .max(Comparator.<List<ItemResult.Failure>>comparingInt(List::size)
                        .thenComparingDouble(failures -> failures.stream().mapToDouble(shortfall::apply).max().orElse(0)))
                .orElseThrow();
        ItemResult.Failure worst = top.stream().max(Comparator.comparing(shortfall)).orElseThrow();
        return shortened(worst.message()) + (runs.size() > 1 ? " (" + top.size() + " of " + runs.size() + " runs)" : "");
    }

    private static String shortened(String message) {
        String firstLine = message.strip().lines().findFirst().orElse("");
        return firstLine.length() <= MAX_MESSAGE ? firstLine : firstLine.substring(0, MAX_MESSAGE - 1) + "…";
    }

    /** A backend's run as a link, when it is an http(s) address; anything else (a local path) as code. */
    private static String link(String line) {
        return link(line, RunLink::title);
    }

    /** A link line as a Markdown link named by {@code title}, or as code when it is no web address. */
    private static String link(String line, java.util.function.Function<RunLink, String> title) {
        RunLink link = RunLink.parse(line);
        if (link.isWebAddress()) {
            return "[" + MarkdownText.cell(title.apply(link)).replace("[", "\\[").replace("]", "\\]") + "](<"
                    + link.target() + ">)";
        }
        return MarkdownText.code(line);
    }
}

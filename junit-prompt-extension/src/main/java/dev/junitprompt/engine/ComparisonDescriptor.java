package dev.junitprompt.engine;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.FileEntry;
import org.opentest4j.AssertionFailedError;

import dev.junitprompt.api.Threshold;
import dev.junitprompt.report.ComparisonReport;
import dev.junitprompt.report.GitHubStepSummary;
import dev.junitprompt.report.MarkdownReport;
import dev.junitprompt.report.RunIndex;
import dev.junitprompt.results.Comparison;
import dev.junitprompt.results.Format;
import dev.junitprompt.results.RunFolders;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.results.VariantComparison;

/**
 * The last test of an experiment with variants: each variant beside the first (the reference), per metric with a
 * 95 % paired interval and the pass rate with an exact McNemar test on the items that flipped, printed and written to
 * {@code <results>/<experiment>/comparison-<time>.html} and {@code .md} (published as the test's file entries);
 * and the {@code @Threshold(notWorseThan = …)} bounds, which fail a variant only when it is worse beyond the margin
 * and beyond noise.
 */
final class ComparisonDescriptor extends ExperimentTestDescriptor {

    static final String SEGMENT = "comparison";

    private final VariantsDescriptor variants;

    ComparisonDescriptor(UniqueId uniqueId, VariantsDescriptor variants) {
        super(uniqueId, SEGMENT, variants.testClass(), variants.method(), variants.name());
        this.variants = variants;
    }

    @Override
    public SkipResult shouldBeSkipped(PromptEngineContext context) {
        long ran = variants.variants().stream().filter(variant -> variant.finished().isPresent()).count();
        return ran >= 2 ? SkipResult.doNotSkip() : SkipResult.skip("Fewer than two variants of " + variants.name()
                + " ran, so there is nothing to compare");
    }

    @Override
    public PromptEngineContext execute(PromptEngineContext context, DynamicTestExecutor executor) throws IOException {
        List<ExperimentDescriptor> ran = variants.variants().stream().filter(variant -> variant.finished().isPresent())
                .toList();
        ExperimentDescriptor reference = ran.get(0);
        List<String> lines = new ArrayList<>();
        List<VariantComparison.Pair> pairs = new ArrayList<>();
        // Each pair is bootstrapped once, though the report and every notWorseThan bound on it read it.
        Map<List<ExperimentDescriptor>, Comparison> compared = new HashMap<>();
        for (ExperimentDescriptor variant : ran.subList(1, ran.size())) {
            Comparison comparison = compared.computeIfAbsent(List.of(reference, variant),
                    ComparisonDescriptor::compare);
            pairs.add(new VariantComparison.Pair(target(reference), target(variant), comparison));
            lines.add(target(variant) + " " + comparison.headline());
            comparison.metrics().forEach(change -> lines.add("  " + change.metric() + " " + Format.score(
                    change.baseline()) + " → " + Format.score(change.current()) + String.format(Locale.ROOT,
                            " (%+.3f, 95%% [%+.3f, %+.3f])%s", change.delta(), change.low(), change.high(),
                            change.significant() ? "" : " within noise")));
            comparison.pairwise().forEach(judge -> lines.add("  " + judge.judge() + " (pairwise) " + judge.counts()
                    + " against " + target(reference)));
        }
        List<String> bounds = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Threshold threshold : variants.relativeThresholds()) {
            Optional<ExperimentDescriptor> base = ran.stream().filter(variant -> target(variant)
                    .equals(threshold.notWorseThan())).findFirst();
            if (base.isEmpty()) {
                String missing = "✗ @Threshold(notWorseThan = \"" + threshold.notWorseThan() + "\") names no variant"
                        + " that ran; the variants: " + variants.names();
                bounds.add(missing);
                failed.add(missing);
                continue;
            }
            for (ExperimentDescriptor variant : ran) {
                if (variant != base.get()) {
                    String verdict = verdict(threshold, compared.computeIfAbsent(List.of(base.get(),
                            variant), ComparisonDescriptor::compare), target(variant));
                    bounds.add(verdict);
                    if (verdict.startsWith("✗")) {
                        failed.add(verdict);
                    }
                }
            }
        }
        lines.addAll(bounds);
        List<String> links = compareLinks(context.config(), ran);
        lines.addAll(links);
        lines.forEach(line -> System.out.println("[prompt-experiment] " + variants.name() + " " + line));
        Path folder = RunFolders.experimentFolder(context.config().resultsDir(), variants.name());
        write(context, folder, new VariantComparison(variants.name(), Instant.now(), ran.stream()
                .map(variant -> variant(variant, folder)).toList(), pairs, bounds, links));
        if (!failed.isEmpty()) {
            throw new AssertionFailedError("Experiment " + variants.name() + ": " + failed.size()
                    + " variant bounds missed:\n  " + String.join("\n  ", failed));
        }
        return context;
    }

    /**
     * Writes the comparison beside the variants' folders, {@code comparison-<time>.html} and {@code .md} (the test's
     * file entries), appends it to the GitHub step summary and lists it in {@code index.html}.
     */
    private void write(PromptEngineContext context, Path folder, VariantComparison comparison) throws IOException {
        Files.createDirectories(folder);
        String name = RunIndex.COMPARISON_PREFIX + ExperimentExecution.RUN_ID.format(comparison.time());
        Path markdown = Files.writeString(folder.resolve(name + ".md"), MarkdownReport.variants(comparison));
        Path page = folder.resolve(name + ".html");
        try (Writer out = Files.newBufferedWriter(page, StandardCharsets.UTF_8)) {
            ComparisonReport.write(comparison, out);
        }
        System.out.println("[prompt-experiment] " + variants.name() + " → " + page);
        context.listener().fileEntryPublished(this, FileEntry.from(page, "text/html"));
        context.listener().fileEntryPublished(this, FileEntry.from(markdown, "text/markdown"));
        // The comparison is written: a summary or a list of runs that could not be is said, not failed on.
        try {
            GitHubStepSummary.appendTo(context.config().environment(), comparison);
        } catch (IOException | RuntimeException e) {
            System.err.println("[prompt-experiment] " + variants.name() + ": no GitHub step summary written to "
                    + context.config().environment().get(GitHubStepSummary.VARIABLE) + ": " + e);
        }
        try {
            RunIndex.write(context.config().resultsDir());
        } catch (IOException | RuntimeException e) {
            System.err.println("[prompt-experiment] " + RunIndex.FILE_NAME + " of " + context.config().resultsDir()
                    + " not written: " + e);
        }
    }

    /**
     * Where each backend that recorded the variants shows their runs side by side: asked of each with the links
     * the variants' runs have, in variant order.
     */
    private static List<String> compareLinks(EngineConfig config, List<ExperimentDescriptor> ran) {
        List<String> runLinks = ran.stream().flatMap(variant -> variant.finished().flatMap(RunRecord::summary)
                .stream()).flatMap(summary -> summary.links().stream()).toList();
        List<String> links = new ArrayList<>();
        for (String name : config.backends()) {
            config.registry().find(name).ifPresent(backend -> {
                try {
                    backend.compareLink(runLinks).ifPresent(links::add);
                } catch (RuntimeException e) {
                    // A link the comparison cannot give is said, not a failure of the comparison.
                    links.add(name + ": no comparison link (" + e + ")");
                }
            });
        }
        return links;
    }

    /** A variant's run as the comparison shows it, its report linked relative to the comparison's {@code folder}. */
    private static VariantComparison.Variant variant(ExperimentDescriptor variant, Path folder) {
        RunRecord record = variant.finished().orElseThrow();
        String report = variant.localReport().map(path -> ComparisonReport.link(folder, path)).orElse("");
        return new VariantComparison.Variant(target(variant), record.run(), record.summary().orElseThrow(), report);
    }

    /** Compares the second of the pair, a variant, with the first, the variant it is held against. */
    private static Comparison compare(List<ExperimentDescriptor> pair) {
        ExperimentDescriptor reference = pair.get(0);
        ExperimentDescriptor variant = pair.get(1);
        RunRecord before = reference.finished().orElseThrow();
        return Comparison.of(before, "variant " + target(reference), variant.finished().orElseThrow().summary()
                .orElseThrow());
    }

    private static String target(ExperimentDescriptor variant) {
        return variant.getDisplayName();
    }

    /** One variant against the threshold's reference: worse beyond the margin and beyond noise, or not. */
    private static String verdict(Threshold threshold, Comparison comparison, String variant) {
        String against = variant + " vs " + threshold.notWorseThan();
        if (threshold.metric().isBlank()) {
            double drop = comparison.passRateBefore() - comparison.passRateAfter();
            boolean worse = comparison.passRateWorseBy(threshold.margin());
            return (worse ? "✗ " : "✓ ") + against + ": pass rate " + Format.score(comparison.passRateBefore()) + " → "
                    + Format.score(comparison.passRateAfter()) + String.format(Locale.ROOT, " (McNemar p = %.3f)",
                            comparison.flipsPValue()) + (worse ? " is worse by more than " + Format.score(
                                    threshold.margin()) : drop > threshold.margin() ? ": no significant difference" : "");
        }
        Optional<Comparison.MetricChange> change = comparison.metric(threshold.metric());
        if (change.isEmpty()) {
            return "✗ " + against + ": no " + threshold.metric() + " scores on both sides to compare";
        }
        Comparison.MetricChange found = change.get();
        boolean worse = found.worseBy(threshold.margin());
        return (worse ? "✗ " : "✓ ") + against + ": mean " + threshold.metric() + " " + Format.score(found.baseline())
                + " → " + Format.score(found.current()) + String.format(Locale.ROOT, " (%+.3f, 95%% [%+.3f, %+.3f])",
                        found.delta(), found.low(), found.high()) + (worse ? " is worse by more than "
                                + Format.score(threshold.margin()) : found.significant() ? "" : ": no significant difference");
    }
}

package dev.junitprompt.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.junitprompt.api.Score;
import dev.junitprompt.api.Threshold;
import dev.junitprompt.api.Constants;
import dev.junitprompt.results.Comparison;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.Format;
import dev.junitprompt.results.ItemResult;

/**
 * A validated {@link Threshold}: score bounds in 0..1 (NaN when unset) and budgets (NaN or -1 when unset).
 */
record ExperimentThreshold(String metric, double mean, double min, double passRate, double maxCost,
        long maxLatencyP95Millis, long maxTokens, double maxRegression) {

    /**
     * @throws ExperimentConfigurationException naming the attribute when it is out of range or incomplete
     */
    static ExperimentThreshold of(Threshold threshold, String where) {
        check(threshold.mean(), "mean", where);
        check(threshold.min(), "min", where);
        check(threshold.passRate(), "passRate", where);
        check(threshold.maxRegression(), "maxRegression", where);
        if (threshold.maxCost() < 0) {
            throw new ExperimentConfigurationException(where + ": @Threshold maxCost = " + threshold.maxCost()
                    + " is negative");
        }
        boolean metricBound = !Double.isNaN(threshold.mean()) || !Double.isNaN(threshold.min());
        if (metricBound && threshold.metric().isBlank()) {
            throw new ExperimentConfigurationException(where + ": @Threshold sets mean or min but no metric; name the "
                    + "evaluator's score, e.g. @Threshold(metric = \"json_matches_expected\", mean = 0.9)");
        }
        boolean budget = !Double.isNaN(threshold.maxCost()) || threshold.maxLatencyP95Millis() >= 0
                || threshold.maxTokens() >= 0 || !Double.isNaN(threshold.maxRegression());
        if (!metricBound && Double.isNaN(threshold.passRate()) && !budget) {
            throw new ExperimentConfigurationException(where + ": @Threshold sets no bound; give mean, min, passRate, "
                    + "maxCost, maxLatencyP95Millis, maxTokens or maxRegression");
        }
        return new ExperimentThreshold(threshold.metric(), threshold.mean(), threshold.min(), threshold.passRate(),
                threshold.maxCost(), threshold.maxLatencyP95Millis(), threshold.maxTokens(), threshold.maxRegression());
    }

    /** The run header's setting of the {@code n}th threshold (from 1): {@code threshold.1}. */
    static String settingKey(int n) {
        return "threshold." + n;
    }

    /**
     * The bounds as a run header's setting, so the record of a shard can be checked again with the others'
     * ({@link ShardMerge}): {@code mean=0.9 pass_rate=0.5 metric=exact_match}, the bounds that are set, the metric last
     * (a metric's name may hold spaces).
     */
    String setting() {
        StringBuilder text = new StringBuilder();
        bound(text, "mean", mean);
        bound(text, "min", min);
        bound(text, "pass_rate", passRate);
        bound(text, "max_cost", maxCost);
        if (maxLatencyP95Millis >= 0) {
            text.append("max_latency_p95_ms=").append(maxLatencyP95Millis).append(' ');
        }
        if (maxTokens >= 0) {
            text.append("max_tokens=").append(maxTokens).append(' ');
        }
        bound(text, "max_regression", maxRegression);
        return metric.isEmpty() ? text.toString().strip() : text.append("metric=").append(metric).toString();
    }

    private static void bound(StringBuilder text, String name, double value) {
        if (!Double.isNaN(value)) {
            text.append(name).append('=').append(value).append(' ');
        }
    }

    /**
     * The threshold a {@link #setting()} describes.
     *
     * @throws IllegalArgumentException naming {@code where} and the part it cannot read
     */
    static ExperimentThreshold ofSetting(String setting, String where) {
        String metric = "";
        java.util.Map<String, String> bounds = new java.util.HashMap<>();
        String rest = setting.strip();
        int at = rest.indexOf("metric=");
        if (at >= 0) {
            metric = rest.substring(at + "metric=".length());
            rest = rest.substring(0, at).strip();
        }
        for (String part : rest.isEmpty() ? new String[0] : rest.split(" +")) {
            String[] pair = part.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException(where + ": cannot read '" + part + "' of threshold '" + setting
                        + "'");
            }
            bounds.put(pair[0], pair[1]);
        }
        try {
            return new ExperimentThreshold(metric, number(bounds, "mean"), number(bounds, "min"),
                    number(bounds, "pass_rate"), number(bounds, "max_cost"),
                    Long.parseLong(bounds.getOrDefault("max_latency_p95_ms", "-1")),
                    Long.parseLong(bounds.getOrDefault("max_tokens", "-1")), number(bounds, "max_regression"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": threshold '" + setting + "' has a bound that is not a "
                    + "number: " + e.getMessage(), e);
        }
    }

    private static double number(java.util.Map<String, String> bounds, String name) {
        return bounds.containsKey(name) ? Double.parseDouble(bounds.get(name)) : Double.NaN;
    }

    private static void check(double value, String attribute, String where) {
        if (!Double.isNaN(value) && !(value >= 0.0 && value <= 1.0)) {
            throw new ExperimentConfigurationException(where + ": @Threshold " + attribute + " = " + value
                    + " is outside 0..1");
        }
    }

    /** One verdict per bound this threshold sets, each naming the items that fell short when it did not hold. */
    List<Verdict> check(ExperimentSummary summary) {
        List<ItemResult> results = summary.results();
        List<Verdict> verdicts = new ArrayList<>();
        if (!Double.isNaN(passRate)) {
            Map<String, Boolean> passedItems = summary.verdicts();
            // The first run that fell short of each failed item says why.
            Map<String, String> reasons = new LinkedHashMap<>();
            results.stream().filter(r -> !r.passed() && !passedItems.get(r.item().id()))
                    .forEach(r -> reasons.putIfAbsent(r.item().id(), r.item().id() + " " + r.status().label()
                            + firstLine(r.error().isEmpty() ? r.failures().stream().map(ItemResult.Failure::message)
                                    .collect(java.util.stream.Collectors.joining("; ")) : r.error())));
            List<String> culprits = List.copyOf(reasons.values());
            if (summary.rule() == dev.junitprompt.api.PromptExperiment.PassRule.WILSON) {
                verdicts.add(wilsonPassRate(summary, culprits));
            } else {
                verdicts.add(atLeast("pass rate", summary.passRate(), passRate, Format::score, culprits));
            }
        }
        Optional<Score> runScore = metric.isBlank() ? Optional.empty() : summary.runScore(metric);
        if (runScore.isPresent() && (!Double.isNaN(mean) || !Double.isNaN(min))) {
            // A run evaluator's score is one figure for the run: mean and min both bound it.
            double bound = Double.isNaN(min) ? mean : min;
            verdicts.add(atLeast(metric, runScore.get().value(), bound, Format::score,
                    runScore.get().comment().isBlank() ? List.of() : List.of(runScore.get().comment())));
        } else if (!Double.isNaN(mean) || !Double.isNaN(min)) {
            List<ItemResult> scored = results.stream().filter(result -> numeric(result).isPresent()).toList();
            List<String> unscored = results.stream().filter(result -> numeric(result).isEmpty())
                    .map(result -> result.item().id() + " has no " + metric + " score").toList();
            if (!Double.isNaN(mean)) {
                double actual = scored.stream().mapToDouble(r -> numeric(r).getAsDouble()).average().orElse(0);
                verdicts.add(atLeast("mean " + metric, actual, mean, Format::score, culprits(scored, mean, unscored)));
            }
            if (!Double.isNaN(min)) {
                double actual = scored.stream().mapToDouble(r -> numeric(r).getAsDouble()).min().orElse(0);
                verdicts.add(atLeast("min " + metric, actual, min, Format::score, culprits(scored, min, unscored)));
            }
        }
        if (!Double.isNaN(maxCost)) {
            List<String> culprits = results.stream().filter(ItemResult::costKnown)
                    .sorted(Comparator.comparingDouble(ItemResult::cost).reversed()).limit(5)
                    .map(r -> r.item().id() + " " + String.format(Locale.ROOT, "$%.4f", r.cost())).toList();
            if (summary.unpricedModels().isEmpty()) {
                verdicts.add(atMost("total cost", summary.cost(), maxCost,
                        value -> String.format(Locale.ROOT, "$%.4f", value), culprits));
            } else {
                // A cost that cannot be known cannot be shown to be within budget.
                verdicts.add(new Verdict(false, "✗ total cost unknown: no price for "
                        + String.join(", ", summary.unpricedModels()) + String.format(Locale.ROOT, " (budget $%.4f)",
                                maxCost), List.of("add the model's price per million tokens to prices.yaml "
                                        + "(prompt.experiment.prices) or to the target's model.price: {input: …, output: …}")));
            }
        }
        if (maxLatencyP95Millis >= 0) {
            long p95 = summary.latencyPercentile(95).toMillis();
            List<String> culprits = results.stream().filter(r -> r.latency().toMillis() > maxLatencyP95Millis)
                    .sorted(Comparator.comparing(ItemResult::latency).reversed()).limit(5)
                    .map(r -> r.item().id() + " " + Format.millis(r.latency())).toList();
            verdicts.add(atMost("latency p95", p95, maxLatencyP95Millis,
                    value -> Format.millis(Duration.ofMillis((long) value)), culprits));
        }
        if (!Double.isNaN(maxRegression)) {
            verdicts.add(regression(summary));
        }
        if (maxTokens >= 0) {
            List<String> culprits = results.stream()
                    .sorted(Comparator.comparingLong((ItemResult r) -> r.usage().totalTokens()).reversed()).limit(5)
                    .map(r -> r.item().id() + " " + r.usage().totalTokens() + " tokens").toList();
            verdicts.add(atMost("total tokens", summary.usage().totalTokens(), maxTokens,
                    value -> String.valueOf((long) value), culprits));
        }
        return verdicts;
    }

    private OptionalDouble numeric(ItemResult result) {
        return result.score(metric).filter(Score::isNumeric).map(score -> OptionalDouble.of(score.value()))
                .orElse(OptionalDouble.empty());
    }

    /** The runs below the bound, lowest first: the ones that dragged the figure down. */
    private List<String> culprits(List<ItemResult> scored, double bound, List<String> unscored) {
        List<String> lines = new ArrayList<>(scored.stream()
                .filter(result -> numeric(result).getAsDouble() < bound)
                .sorted(Comparator.comparingDouble(result -> numeric(result).getAsDouble()))
                .map(result -> result.item().id() + " " + Format.score(numeric(result).getAsDouble())
                        + firstLine(result.score(metric).map(Score::comment).orElse("")))
                .toList());
        lines.addAll(unscored);
        return lines;
    }

    private static Verdict atLeast(String figure, double actual, double bound,
            java.util.function.DoubleFunction<String> format, List<String> culprits) {
        boolean held = actual >= bound;
        return new Verdict(held, (held ? "✓ " : "✗ ") + figure + " " + format.apply(actual) + (held ? " ≥ " : " < ")
                + format.apply(bound), held ? List.of() : culprits);
    }

    /**
     * Under the {@code WILSON} rule, the pass rate is held to its bound as items are: by the 95 % interval of the
     * share of items that passed, so a handful of items cannot pass (or fail) a threshold by luck.
     */
    private Verdict wilsonPassRate(ExperimentSummary summary, List<String> culprits) {
        int items = summary.verdicts().size();
        int passed = (int) summary.verdicts().values().stream().filter(Boolean::booleanValue).count();
        dev.junitprompt.api.WilsonInterval interval = dev.junitprompt.api.WilsonInterval.of(passed, items);
        String figure = "pass rate " + Format.score(summary.passRate()) + " (95% interval " + interval + ")";
        return switch (interval.against(passRate)) {
            case PASSED -> new Verdict(true, "✓ " + figure + " ≥ " + Format.score(passRate), List.of());
            case FAILED -> new Verdict(false, "✗ " + figure + " < " + Format.score(passRate), culprits);
            case INCONCLUSIVE -> new Verdict(false, "? " + figure + " spans " + Format.score(passRate)
                    + ": inconclusive over " + items + " items", culprits, true);
        };
    }

    /** The drop against the baseline, held to {@link #maxRegression} only when it is beyond noise. */
    private Verdict regression(ExperimentSummary summary) {
        String what = metric.isBlank() ? "pass rate" : "mean " + metric;
        if (summary.comparison().isEmpty()) {
            return new Verdict(true, "✓ " + what + " regression: no baseline to compare with (commit one with "
                    + Constants.BASELINE_UPDATE + "=true, or set " + Constants.BASELINE + "=last)", List.of());
        }
        Comparison comparison = summary.comparison().get();
        String bound = " (max regression " + Format.score(maxRegression) + ")";
        if (metric.isBlank()) {
            double drop = comparison.passRateBefore() - comparison.passRateAfter();
            String figure = what + " " + Format.score(comparison.passRateBefore()) + " → "
                    + Format.score(comparison.passRateAfter()) + ", " + comparison.regressed().size() + " regressed / "
                    + comparison.improved().size() + " improved, McNemar p = "
                    + String.format(Locale.ROOT, "%.3f", comparison.flipsPValue());
            boolean regressed = comparison.passRateWorseBy(maxRegression);
            List<String> culprits = comparison.regressed().stream().map(flip -> flip.id() + " passed in the baseline, "
                    + "fails now").toList();
            return new Verdict(!regressed, (regressed ? "✗ " : "✓ ") + figure + bound + (regressed ? ""
                    : drop > maxRegression ? ": within noise" : ""), regressed ? culprits : List.of());
        }
        java.util.Optional<Comparison.MetricChange> change = comparison.metric(metric);
        if (change.isEmpty()) {
            return new Verdict(true, "✓ " + what + " regression: the baseline has no " + metric + " scores to compare",
                    List.of());
        }
        Comparison.MetricChange found = change.get();
        String figure = what + " " + Format.score(found.baseline()) + " → " + Format.score(found.current())
                + String.format(Locale.ROOT, " (%+.3f, 95%% interval [%+.3f, %+.3f] over %d items)", found.delta(),
                        found.low(), found.high(), found.pairs());
        boolean regressed = found.worseBy(maxRegression);
        return new Verdict(!regressed, (regressed ? "✗ " : "✓ ") + figure + bound
                + (!regressed && -found.delta() > maxRegression ? ": within noise" : ""),
                regressed ? comparison.regressed().stream().map(flip -> flip.id() + " regressed").toList()
                        : List.of());
    }

    private static Verdict atMost(String figure, double actual, double bound,
            java.util.function.DoubleFunction<String> format, List<String> culprits) {
        boolean held = actual <= bound;
        return new Verdict(held, (held ? "✓ " : "✗ ") + figure + " " + format.apply(actual) + (held ? " ≤ " : " > ")
                + format.apply(bound), held ? List.of() : culprits);
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.isEmpty() ? "" : ": " + line;
    }

    /**
     * @param held     whether the bound held
     * @param line     {@code ✓ mean json_matches_expected 0.93 ≥ 0.80}
     * @param culprits what fell short, worst first, when it did not hold
     */
    /**
     * @param inconclusive when not held: the figure cannot yet be told apart from its bound (the {@code WILSON}
     *                     rule's interval spans it), rather than missing it
     */
    record Verdict(boolean held, String line, List<String> culprits, boolean inconclusive) {

        Verdict(boolean held, String line, List<String> culprits) {
            this(held, line, culprits, false);
        }
    }
}

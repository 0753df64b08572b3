package dev.junitprompt.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

import dev.junitprompt.api.Score;
import dev.junitprompt.api.Threshold;
import dev.junitprompt.report.Format;
import dev.junitprompt.report.ItemResult;

/** A validated {@link Threshold}: at most one metric, each bound in 0..1 or NaN when unset. */
record ExperimentThreshold(String metric, double mean, double min, double passRate) {

    /**
     * @throws ExperimentConfigurationException naming the attribute when it is outside 0..1 or incomplete
     */
    static ExperimentThreshold of(Threshold threshold, String where) {
        check(threshold.mean(), "mean", where);
        check(threshold.min(), "min", where);
        check(threshold.passRate(), "passRate", where);
        boolean metricBound = !Double.isNaN(threshold.mean()) || !Double.isNaN(threshold.min());
        if (metricBound && threshold.metric().isBlank()) {
            throw new ExperimentConfigurationException(where + ": @Threshold sets mean or min but no metric; name the "
                    + "evaluator's score, e.g. @Threshold(metric = \"json_matches_expected\", mean = 0.9)");
        }
        if (!metricBound && Double.isNaN(threshold.passRate())) {
            throw new ExperimentConfigurationException(where + ": @Threshold sets no bound; give mean, min or passRate");
        }
        return new ExperimentThreshold(threshold.metric(), threshold.mean(), threshold.min(), threshold.passRate());
    }

    private static void check(double value, String attribute, String where) {
        if (!Double.isNaN(value) && !(value >= 0.0 && value <= 1.0)) {
            throw new ExperimentConfigurationException(where + ": @Threshold " + attribute + " = " + value
                    + " is outside 0..1");
        }
    }

    /** One line per bound this threshold sets, each saying whether it held and, if not, which items fell short. */
    List<Verdict> check(List<ItemResult> items) {
        List<Verdict> verdicts = new ArrayList<>();
        if (!Double.isNaN(passRate)) {
            double rate = items.isEmpty() ? 0 : (double) items.stream().filter(ItemResult::passed).count() / items.size();
            List<String> culprits = items.stream().filter(item -> !item.passed())
                    .map(item -> item.item().id() + " " + item.status().name().toLowerCase(Locale.ROOT)
                            + firstLine(item.error().isEmpty() ? String.join("; ", item.failures()) : item.error()))
                    .toList();
            verdicts.add(verdict("pass rate", rate, passRate, culprits));
        }
        if (!Double.isNaN(mean) || !Double.isNaN(min)) {
            List<ItemResult> scored = items.stream().filter(item -> numeric(item).isPresent()).toList();
            List<String> unscored = items.stream().filter(item -> numeric(item).isEmpty())
                    .map(item -> item.item().id() + " has no " + metric + " score").toList();
            if (!Double.isNaN(mean)) {
                double actual = scored.stream().mapToDouble(item -> numeric(item).getAsDouble()).average().orElse(0);
                verdicts.add(verdict("mean " + metric, actual, mean, culprits(scored, mean, unscored)));
            }
            if (!Double.isNaN(min)) {
                double actual = scored.stream().mapToDouble(item -> numeric(item).getAsDouble()).min().orElse(0);
                verdicts.add(verdict("min " + metric, actual, min, culprits(scored, min, unscored)));
            }
        }
        return verdicts;
    }

    private OptionalDouble numeric(ItemResult item) {
        return item.score(metric).filter(Score::isNumeric).map(score -> OptionalDouble.of(score.value()))
                .orElse(OptionalDouble.empty());
    }

    /** The items below the bound, lowest first: the ones that dragged the figure down. */
    private List<String> culprits(List<ItemResult> scored, double bound, List<String> unscored) {
        List<String> lines = new ArrayList<>(scored.stream()
                .filter(item -> numeric(item).getAsDouble() < bound)
                .sorted(Comparator.comparingDouble(item -> numeric(item).getAsDouble()))
                .map(item -> item.item().id() + " " + Format.score(numeric(item).getAsDouble())
                        + firstLine(item.score(metric).map(Score::comment).orElse("")))
                .toList());
        lines.addAll(unscored);
        return lines;
    }

    private static Verdict verdict(String figure, double actual, double bound, List<String> culprits) {
        boolean held = actual >= bound;
        String line = (held ? "✓ " : "✗ ") + figure + " " + Format.score(actual) + (held ? " ≥ " : " < ")
                + Format.score(bound);
        return new Verdict(held, line, held ? List.of() : culprits);
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.isEmpty() ? "" : ": " + line;
    }

    /**
     * @param held     whether the bound held
     * @param line     {@code ✓ mean json_matches_expected 0.93 ≥ 0.80}
     * @param culprits the items that fell short, lowest first, when it did not
     */
    record Verdict(boolean held, String line, List<String> culprits) {
    }
}

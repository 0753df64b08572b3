package dev.junitprompt.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;

/**
 * An experiment-level check, verified by the experiment's {@code thresholds} test once every item ran.
 *
 * <p>Either {@link #metric()} with {@link #mean()} and/or {@link #min()} (over that evaluator's scores),
 * or {@link #passRate()} (share of items that passed) — all in 0..1 — or a budget: {@link #maxCost()},
 * {@link #maxLatencyP95Millis()}, {@link #maxTokens()}.
 *
 * <pre>{@code
 * @PromptExperiment(dataset = "prep_generate", target = "prep_generate")
 * @Evaluate(value = JsonMatchesExpected.class)
 * @Threshold(metric = "json_matches_expected", mean = 0.8)   // the mean over the items
 * @Threshold(passRate = 0.9)                                 // 90 % of the items pass
 * @Threshold(maxCost = 0.50)                                 // the whole run costs at most $0.50
 * void prepGenerate() {
 * }
 * }</pre>
 */
@API(status = API.Status.STABLE, since = "0.1")
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(Thresholds.class)
public @interface Threshold {

    /** Score name (the evaluator's name) that {@link #mean()} and {@link #min()} apply to. */
    String metric() default "";

    /** Lowest acceptable mean of the metric over all items. */
    double mean() default Double.NaN;

    /** Lowest acceptable score of the metric on any single item. */
    double min() default Double.NaN;

    /** Lowest acceptable share of passing items. */
    double passRate() default Double.NaN;

    /** Highest acceptable total cost of the experiment's model calls, in the price table's currency (USD). */
    double maxCost() default Double.NaN;

    /** Highest acceptable 95th percentile of item latency, in milliseconds. */
    long maxLatencyP95Millis() default -1;

    /** Highest acceptable total of tokens (input + output) over the experiment. */
    long maxTokens() default -1;

    /**
     * Largest acceptable drop against the baseline (see the README's "Against a baseline"): of the {@link #metric()}'s
     * mean, or without a metric of the pass rate over the items both runs have, in 0..1. It fails only on a drop
     * larger than this that is also beyond noise (the metric's 95 % interval below 0; for the pass rate, an exact
     * McNemar test on the items that flipped); otherwise it says the difference is within noise.
     */
    double maxRegression() default Double.NaN;

    /**
     * For an experiment with several targets or models: the variant this bound compares each other variant with, by
     * its name (its target; its model when only models vary; {@code <target> · <model>} when both do). The {@code comparison} test fails a variant whose {@link #metric()} mean (or, without a metric, pass rate)
     * is worse than that variant's by more than {@link #margin()} and beyond noise; otherwise it says "no significant
     * difference" with the interval.
     */
    String notWorseThan() default "";

    /** For {@link #notWorseThan()}: how much worse a variant may be, in 0..1. */
    double margin() default 0.0;
}

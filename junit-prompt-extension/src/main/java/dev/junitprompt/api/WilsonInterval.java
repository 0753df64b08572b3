package dev.junitprompt.api;

import java.util.OptionalInt;

import org.apiguardian.api.API;

/**
 * The 95 % Wilson score interval of a pass rate: where the true rate of an item's passing lies, given {@code passed}
 * of {@code runs}. It stays inside 0..1 and behaves at 0 and at {@code runs} passes, where the normal approximation
 * does not — the interval {@link PromptExperiment.PassRule#WILSON} decides by.
 *
 * @param low  the lower bound
 * @param high the upper bound
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record WilsonInterval(double low, double high) {

    /** The 97.5 % quantile of the standard normal: a two-sided 95 % interval. */
    private static final double Z = 1.959963984540054;

    /** The interval for {@code passed} of {@code runs}; 0..1 for no runs. */
    public static WilsonInterval of(int passed, int runs) {
        if (runs <= 0) {
            return new WilsonInterval(0, 1);
        }
        double rate = (double) passed / runs;
        double z2 = Z * Z;
        double centre = (rate + z2 / (2.0 * runs)) / (1 + z2 / runs);
        double half = Z * Math.sqrt(rate * (1 - rate) / runs + z2 / (4.0 * runs * runs)) / (1 + z2 / runs);
        // At no and at all passes the bound is exactly 0 or 1; rounding would leave it a hair inside.
        return new WilsonInterval(passed == 0 ? 0 : Math.max(0, centre - half),
                passed == runs ? 1 : Math.min(1, centre + half));
    }

    /** What the interval says of {@code target}: above it, below it, or not yet known. */
    public PromptExperiment.PassRule.Decision against(double target) {
        if (low >= target) {
            return PromptExperiment.PassRule.Decision.PASSED;
        }
        if (high < target) {
            return PromptExperiment.PassRule.Decision.FAILED;
        }
        return PromptExperiment.PassRule.Decision.INCONCLUSIVE;
    }

    /**
     * About how many runs would decide, if the item kept passing at the rate seen so far: empty when that rate is
     * the target itself (no number of runs separates them) or more than 10 000 would be needed.
     */
    public static OptionalInt runsToDecide(int passed, int runs, double target) {
        if (runs <= 0) {
            return OptionalInt.empty();
        }
        double rate = (double) passed / runs;
        for (int n = runs; n <= 10_000; n++) {
            int projected = (int) Math.round(rate * n);
            if (of(projected, n).against(target) != PromptExperiment.PassRule.Decision.INCONCLUSIVE) {
                return OptionalInt.of(n);
            }
        }
        return OptionalInt.empty();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "[%.2f, %.2f]", low, high);
    }
}

package dev.junitprompt.results;

import java.time.Duration;
import java.util.Locale;

import org.apiguardian.api.API;

/** How a run's figures read, the same in the reports, the console and failure messages. */
@API(status = API.Status.INTERNAL)
public final class Format {

    private Format() {
    }

    public static String score(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** {@code 100%}, {@code 95%}, but {@code 99.5%}: a share short of whole never rounds up to look whole. */
    public static String percent(double share) {
        double percent = share * 100;
        return percent == Math.rint(percent) ? String.format(Locale.ROOT, "%.0f%%", percent)
                : String.format(Locale.ROOT, "%.1f%%", Math.floor(percent * 10) / 10);
    }

    /** {@code $0.0123}, with the models that have no price named, or {@code unknown}. */
    public static String cost(ExperimentSummary summary) {
        if (summary.unpricedModels().isEmpty()) {
            return String.format(Locale.ROOT, "$%.4f", summary.cost());
        }
        String unpriced = "no price for " + String.join(", ", summary.unpricedModels())
                + " (add it to the price table)";
        return summary.cost() > 0 ? String.format(Locale.ROOT, "$%.4f + ", summary.cost()) + unpriced : unpriced;
    }

    /** {@code 1 retry}, {@code 3 retries}. */
    public static String retries(int count) {
        return count + (count == 1 ? " retry" : " retries");
    }

    public static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}

package dev.junitprompt.report;

import java.time.Duration;
import java.util.Locale;

/** Number formats shared by the reports and the console summary. */
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

    public static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}

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

    public static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    public static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}

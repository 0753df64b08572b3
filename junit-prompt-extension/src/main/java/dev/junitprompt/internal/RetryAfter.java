package dev.junitprompt.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.apiguardian.api.API;

/**
 * How long a server asked us to wait before trying again, as model providers and the backends send it.
 * One parser for both, so a 429 is honoured the same way whoever sent it.
 */
@API(status = API.Status.INTERNAL)
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * Parses a {@code Retry-After} value: delta-seconds ({@code 2}, also {@code 1.5}) or an HTTP-date
     * ({@code Wed, 21 Oct 2015 07:28:00 GMT}, a date already past meaning zero). Anything else is empty.
     */
    public static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        if (trimmed.matches("\\d{1,9}(\\.\\d{1,9})?")) {
            return Optional.of(Duration.ofNanos(new BigDecimal(trimmed).movePointRight(9).longValue()));
        }
        try {
            ZonedDateTime date = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), date.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException garbage) {
            return Optional.empty();
        }
    }

    /** Parses OpenAI's {@code retry-after-ms} (milliseconds, possibly fractional); anything else is empty. */
    public static Optional<Duration> parseMillis(String value) {
        if (value == null || !value.strip().matches("\\d{1,12}(\\.\\d{1,6})?")) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(new BigDecimal(value.strip()).movePointRight(6).longValue()));
    }
}

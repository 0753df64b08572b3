package dev.junitprompt.model;

import java.time.Duration;
import java.util.OptionalInt;

import org.apiguardian.api.API;

/**
 * A model call failed for good: its retries were spent, or the provider refused the request (a 4xx other than 429,
 * which retrying cannot fix). The message says what the provider said, e.g. {@code gave up after 6 attempts in
 * 12.4 s: HTTP 429 Too Many Requests: Rate limit reached for gpt-4o-mini}. It never holds request headers or keys.
 * The item whose call this was <em>errors</em>; it does not fail.
 */
@API(status = API.Status.INTERNAL)
public final class ModelCallFailedException extends RuntimeException {

    private final int attempts;
    private final Duration elapsed;
    private final int statusCode;

    /**
     * @param statusCode the provider's HTTP status of the last attempt, or -1 when there was none (a reset, a timeout)
     */
    public ModelCallFailedException(String message, Throwable cause, int attempts, Duration elapsed, int statusCode) {
        super(message, cause);
        this.attempts = attempts;
        this.elapsed = elapsed;
        this.statusCode = statusCode;
    }

    /** How many attempts were made. */
    public int attempts() {
        return attempts;
    }

    /** Time from the first attempt to giving up, backoffs included. */
    public Duration elapsed() {
        return elapsed;
    }

    /** The provider's HTTP status on the last attempt; empty for a connection reset or a timeout. */
    public OptionalInt statusCode() {
        return statusCode < 0 ? OptionalInt.empty() : OptionalInt.of(statusCode);
    }
}

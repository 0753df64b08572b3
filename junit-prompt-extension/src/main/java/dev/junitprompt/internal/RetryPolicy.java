package dev.junitprompt.internal;

import java.time.Duration;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * How hard a call (to a model or a backend) is retried when the server is rate limiting, failing or
 * unreachable, and how long it may take in all.
 *
 * @param maxAttempts    attempts in all, the first included (1 = never retry)
 * @param initialBackoff the backoff before the first retry; it doubles with every retry, with full jitter
 * @param maxBackoff     the most the computed backoff grows to
 * @param callTimeout    the most one attempt may take, from connecting to reading the whole answer
 * @param deadline       the most a call may take, attempts and waits included: no retry starts that would
 *                       end past it
 * @param maxRetryAfter  the longest {@code Retry-After} honoured; a server asking for more fails the call at
 *                       once with its message, rather than pausing the run for hours
 */
@API(status = API.Status.INTERNAL)
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration callTimeout,
        Duration deadline, Duration maxRetryAfter) {

    /** The default deadline of a call, waits included. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(120);

    /** The default longest {@code Retry-After} honoured. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

    /** A policy with the default deadline and {@code Retry-After} cap. */
    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration callTimeout) {
        this(maxAttempts, initialBackoff, maxBackoff, callTimeout, DEFAULT_DEADLINE, DEFAULT_MAX_RETRY_AFTER);
    }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("RetryPolicy.maxAttempts must be at least 1 (1 = no retries) but is "
                    + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "RetryPolicy.initialBackoff must not be null");
        Objects.requireNonNull(maxBackoff, "RetryPolicy.maxBackoff must not be null");
        Objects.requireNonNull(callTimeout, "RetryPolicy.callTimeout must not be null");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("RetryPolicy.initialBackoff must not be negative but is " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("RetryPolicy.maxBackoff (" + maxBackoff
                    + ") must not be shorter than initialBackoff (" + initialBackoff + ")");
        }
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("RetryPolicy.callTimeout must be positive but is " + callTimeout);
        }
        Objects.requireNonNull(deadline, "RetryPolicy.deadline must not be null");
        Objects.requireNonNull(maxRetryAfter, "RetryPolicy.maxRetryAfter must not be null");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("RetryPolicy.deadline must be positive but is " + deadline);
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("RetryPolicy.maxRetryAfter must not be negative but is " + maxRetryAfter);
        }
    }

    /** 6 attempts, backoff from 500 ms up to 30 s, 60 s per attempt, 120 s in all, {@code Retry-After} up to 60 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /**
     * The largest backoff before retry number {@code retry} (1 for the first retry): {@code initialBackoff * 2^(retry-1)},
     * at most {@code maxBackoff}. The wait itself is drawn uniformly between zero and this (full jitter).
     */
    public Duration backoffCeiling(int retry) {
        int doublings = Math.max(0, Math.min(retry - 1, 62));
        long initial = initialBackoff.toNanos();
        long max = maxBackoff.toNanos();
        if (initial == 0) {
            return Duration.ZERO;
        }
        long ceiling = doublings >= Long.numberOfLeadingZeros(initial) - 1 ? max : Math.min(max, initial << doublings);
        return Duration.ofNanos(ceiling);
    }
}

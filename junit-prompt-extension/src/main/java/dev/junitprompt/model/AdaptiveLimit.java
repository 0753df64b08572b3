package dev.junitprompt.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apiguardian.api.API;

import dev.junitprompt.internal.Sleeper;

/**
 * The concurrency budget of one experiment, shared by its item and judge calls, that backs off when the
 * provider rate limits.
 *
 * <ul>
 *   <li>{@link #acquire()} / {@link #release()} bracket a model call; at most {@link #currentLimit()} calls are in
 *       flight, and nobody starts one while a shared pause is in force.</li>
 *   <li>{@link #throttled(Duration)} reports a 429: every caller pauses until then (pauses extend, never shorten) and
 *       the limit halves (at least 1). A burst of 429s that arrive while the pause they caused is still in force
 *       is one congestion event: it extends the pause but halves the limit once, as TCP halves its window once per
 *       round trip. Otherwise the 8 in-flight calls that all see the same 429 would cut 8 to 1.</li>
 *   <li>{@link #succeeded()} reports a success: after {@code currentLimit} consecutive successes the limit grows by
 *       one, up to {@link #max()} (additive increase, multiplicative decrease).</li>
 *   <li>{@link #awaitClear()} waits out a pause without taking a permit: a retrying caller that already holds one
 *       calls it before each attempt.</li>
 * </ul>
 *
 * Thread-safe. Waiting for a permit uses a condition; waiting out a pause goes through the {@link Sleeper}, outside
 * the lock, re-checking afterwards in case the pause was extended meanwhile.
 */
@API(status = API.Status.INTERNAL)
public final class AdaptiveLimit {

    private final int max;
    private final Clock clock;
    private final Sleeper sleeper;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition permitsChanged = lock.newCondition();

    private int limit;
    private int inFlight;
    private int consecutiveSuccesses;
    private Instant pausedUntil = Instant.MIN;

    /** @param max the most calls in flight at once, and where the limit starts */
    public AdaptiveLimit(int max) {
        this(max, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    AdaptiveLimit(int max, Clock clock, Sleeper sleeper) {
        if (max < 1) {
            throw new IllegalArgumentException("The concurrency limit must be at least 1 but is " + max);
        }
        this.max = max;
        this.limit = max;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Blocks until a pause is over and fewer than {@link #currentLimit()} calls are in flight, then takes a permit. */
    public void acquire() throws InterruptedException {
        while (true) {
            Duration pause;
            lock.lockInterruptibly();
            try {
                while (true) {
                    pause = remainingPause();
                    if (!pause.isZero()) {
                        break;
                    }
                    if (inFlight < limit) {
                        inFlight++;
                        return;
                    }
                    permitsChanged.await();
                }
            } finally {
                lock.unlock();
            }
            sleeper.sleep(pause);
        }
    }

    /** Gives back a permit taken by {@link #acquire()}. */
    public void release() {
        lock.lock();
        try {
            if (inFlight == 0) {
                throw new IllegalStateException("release() without a matching acquire()");
            }
            inFlight--;
            permitsChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no pause is in force; takes no permit. */
    public void awaitClear() throws InterruptedException {
        while (true) {
            Duration pause;
            lock.lockInterruptibly();
            try {
                pause = remainingPause();
            } finally {
                lock.unlock();
            }
            if (pause.isZero()) {
                return;
            }
            sleeper.sleep(pause);
        }
    }

    /**
     * The provider answered 429: everybody pauses for {@code wait} from now (a longer pause already in force stays),
     * and the limit halves unless this 429 belongs to the congestion event whose pause is still in force.
     */
    public void throttled(Duration wait) {
        Objects.requireNonNull(wait, "wait");
        lock.lock();
        try {
            Instant now = clock.instant();
            boolean newEvent = !pausedUntil.isAfter(now);
            if (newEvent) {
                limit = Math.max(1, limit / 2);
            }
            consecutiveSuccesses = 0;
            Instant until = wait.isNegative() ? now : now.plus(wait);
            if (until.isAfter(pausedUntil)) {
                pausedUntil = until;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A call succeeded; after {@code currentLimit} of them in a row the limit grows by one, up to {@link #max()}. */
    public void succeeded() {
        lock.lock();
        try {
            if (limit >= max) {
                consecutiveSuccesses = 0;
                return;
            }
            if (++consecutiveSuccesses >= limit) {
                limit++;
                consecutiveSuccesses = 0;
                permitsChanged.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many calls may be in flight now. */
    public int currentLimit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    /** The most calls ever in flight at once: the configured concurrency. */
    public int max() {
        return max;
    }

    /** Calls in flight now (permits taken and not yet released). */
    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    private Duration remainingPause() {
        Instant now = clock.instant();
        return pausedUntil.isAfter(now) ? Duration.between(now, pausedUntil) : Duration.ZERO;
    }

    @Override
    public String toString() {
        return "AdaptiveLimit[" + currentLimit() + "/" + max + "]";
    }
}

package dev.junitprompt.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apiguardian.api.API;

/**
 * The concurrency budget of one experiment, shared by its item and judge calls, that converges on what
 * the provider can take: additive increase, multiplicative decrease with a floor, as TCP and LLM eval
 * runners (promptfoo, Inspect) do.
 *
 * <ul>
 *   <li>{@link #acquire()} / {@link #release()} bracket a model call; at most {@link #currentLimit()} calls are in
 *       flight.</li>
 *   <li>{@link #throttled(Duration)} reports a 429 (or a timeout): the limit halves, but not below the floor
 *       ({@link #max()} / 8, at least 1), and only once per congestion event — signals that arrive within the
 *       wait of the one that halved it belong to that event, as TCP halves its window once per round trip.
 *       Nobody else pauses: the call that was limited waits its own {@code Retry-After}, the others go on
 *       within the smaller limit. A shared pause let one 429 in three stop every call, so a storm of them
 *       shrank a run of 64 at once to one or two.</li>
 *   <li>{@link #succeeded()} reports a success: every {@code currentLimit} successes, 429s in between or not,
 *       the limit grows by one, up to {@link #max()}.</li>
 * </ul>
 *
 * Thread-safe; waiting for a permit uses a condition.
 */
@API(status = API.Status.INTERNAL)
public final class AdaptiveLimit {

    private final int max;
    private final int floor;
    private final Clock clock;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition permitsChanged = lock.newCondition();

    private int limit;
    private int inFlight;
    private int successes;
    private Instant eventUntil = Instant.MIN;

    /** @param max the most calls in flight at once, and where the limit starts */
    public AdaptiveLimit(int max) {
        this(max, Clock.systemUTC());
    }

    AdaptiveLimit(int max, Clock clock) {
        if (max < 1) {
            throw new IllegalArgumentException("The concurrency limit must be at least 1 but is " + max);
        }
        this.max = max;
        this.floor = Math.max(1, max / 8);
        this.limit = max;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Blocks until fewer than {@link #currentLimit()} calls are in flight, then takes a permit. */
    public void acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (inFlight >= limit) {
                permitsChanged.await();
            }
            inFlight++;
        } finally {
            lock.unlock();
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

    /**
     * The provider rate limited a call (or did not answer in time) and the caller will wait {@code wait}: the
     * limit halves, down to the floor, unless this signal belongs to the congestion event that halved it last.
     */
    public void throttled(Duration wait) {
        Objects.requireNonNull(wait, "wait");
        lock.lock();
        try {
            Instant now = clock.instant();
            if (!eventUntil.isAfter(now)) {
                limit = Math.max(floor, limit / 2);
                successes = 0;
                eventUntil = wait.isNegative() ? now : now.plus(wait);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A call succeeded; every {@code currentLimit} of them the limit grows by one, up to {@link #max()}. */
    public void succeeded() {
        lock.lock();
        try {
            if (limit >= max) {
                successes = 0;
                return;
            }
            if (++successes >= limit) {
                limit++;
                successes = 0;
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

    /** The least the limit shrinks to under rate limiting: an eighth of {@link #max()}, at least 1. */
    public int floor() {
        return floor;
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

    @Override
    public String toString() {
        return "AdaptiveLimit[" + currentLimit() + "/" + max + "]";
    }
}

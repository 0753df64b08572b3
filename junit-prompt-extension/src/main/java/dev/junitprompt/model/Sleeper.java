package dev.junitprompt.model;

import java.time.Duration;

/** Waits; tests pass one that records the wait and advances a fake clock instead. */
@FunctionalInterface
interface Sleeper {

    /** {@link Thread#sleep}; zero and negative waits return at once. */
    Sleeper SYSTEM = duration -> {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        long millis = duration.toMillis();
        int nanos = (int) (duration.minusMillis(millis).toNanos());
        Thread.sleep(millis, nanos);
    };

    void sleep(Duration duration) throws InterruptedException;
}

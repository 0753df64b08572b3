package dev.junitprompt.internal;

import java.time.Duration;

import org.apiguardian.api.API;

/** Waits before a retry; tests pass one that records the wait and advances a fake clock instead. Not API. */
@API(status = API.Status.INTERNAL)
@FunctionalInterface
public interface Sleeper {

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

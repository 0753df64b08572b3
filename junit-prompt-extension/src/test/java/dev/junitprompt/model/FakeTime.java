package dev.junitprompt.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import dev.junitprompt.internal.Sleeper;

/** A clock that only moves when someone sleeps on it, and the sleeps it saw. Thread-safe. */
final class FakeTime {

    static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final List<Duration> sleeps = new ArrayList<>();

    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    /** Records the wait and moves the clock on by it; never really sleeps. */
    final Sleeper sleeper = duration -> {
        synchronized (this) {
            sleeps.add(duration);
        }
        now.updateAndGet(instant -> instant.plus(duration));
    };

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    Duration elapsed() {
        return Duration.between(START, now.get());
    }

    void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }
}

package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AdaptiveLimitTest {

    private final FakeTime time = new FakeTime();

    @Test
    void startsAtTheMaximum() {
        AdaptiveLimit limit = new AdaptiveLimit(8, time.clock, time.sleeper);

        assertThat(limit.currentLimit()).isEqualTo(8);
        assertThat(limit.max()).isEqualTo(8);
    }

    @Test
    void rejectsALimitBelowOne() {
        assertThatThrownBy(() -> new AdaptiveLimit(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The concurrency limit must be at least 1 but is 0");
    }

    @Test
    void aThrottleHalvesTheLimitAndPausesEveryoneUntilItIsOver() throws InterruptedException {
        AdaptiveLimit limit = new AdaptiveLimit(8, time.clock, time.sleeper);

        limit.throttled(Duration.ofSeconds(3));

        assertThat(limit.currentLimit()).isEqualTo(4);
        limit.awaitClear();
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
        limit.awaitClear();
        assertThat(time.sleeps()).as("no pause left").hasSize(1);
    }

    @Test
    void acquireWaitsOutAPauseBeforeTakingAPermit() throws InterruptedException {
        AdaptiveLimit limit = new AdaptiveLimit(2, time.clock, time.sleeper);
        limit.throttled(Duration.ofMillis(1500));

        limit.acquire();

        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(1500));
        assertThat(limit.inFlight()).isEqualTo(1);
    }

    @Test
    void pausesExtendButNeverShorten() throws InterruptedException {
        AdaptiveLimit limit = new AdaptiveLimit(8, time.clock, time.sleeper);

        limit.throttled(Duration.ofSeconds(10));
        limit.throttled(Duration.ofSeconds(2));
        time.advance(Duration.ofSeconds(1));
        limit.awaitClear();

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(9));

        limit.throttled(Duration.ofSeconds(2));
        limit.throttled(Duration.ofSeconds(5));
        limit.awaitClear();
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(9), Duration.ofSeconds(5));
    }

    @Test
    void aBurstOf429sDuringOnePauseHalvesTheLimitOnce() {
        AdaptiveLimit limit = new AdaptiveLimit(8, time.clock, time.sleeper);

        for (int i = 0; i < 8; i++) {
            limit.throttled(Duration.ofSeconds(2));
        }
        assertThat(limit.currentLimit()).isEqualTo(4);

        time.advance(Duration.ofSeconds(2));
        limit.throttled(Duration.ofSeconds(2));
        assertThat(limit.currentLimit()).as("a 429 after the pause is a new event").isEqualTo(2);
        time.advance(Duration.ofSeconds(2));
        limit.throttled(Duration.ZERO);
        limit.throttled(Duration.ZERO);
        assertThat(limit.currentLimit()).as("never below one").isEqualTo(1);
    }

    @Test
    void theLimitRecoversByOneAfterCurrentLimitSuccessesInARow() {
        AdaptiveLimit limit = new AdaptiveLimit(8, time.clock, time.sleeper);
        limit.throttled(Duration.ZERO);
        assertThat(limit.currentLimit()).isEqualTo(4);

        for (int i = 0; i < 3; i++) {
            limit.succeeded();
        }
        assertThat(limit.currentLimit()).isEqualTo(4);
        limit.succeeded();
        assertThat(limit.currentLimit()).isEqualTo(5);

        limit.succeeded();
        limit.throttled(Duration.ZERO);
        assertThat(limit.currentLimit()).as("a 429 halves and restarts the count").isEqualTo(2);
        limit.succeeded();
        assertThat(limit.currentLimit()).isEqualTo(2);
        limit.succeeded();
        assertThat(limit.currentLimit()).isEqualTo(3);

        for (int i = 0; i < 100; i++) {
            limit.succeeded();
        }
        assertThat(limit.currentLimit()).as("never above max").isEqualTo(8);
    }

    @Test
    void releaseWithoutAcquireIsABug() {
        AdaptiveLimit limit = new AdaptiveLimit(1, time.clock, time.sleeper);

        assertThatThrownBy(limit::release).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void neverLetsMoreThanTheLimitInFlight() throws Exception {
        AdaptiveLimit limit = new AdaptiveLimit(3, time.clock, time.sleeper);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();
        CountDownLatch firstThree = new CountDownLatch(3);
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            threads.add(start(() -> {
                try {
                    limit.acquire();
                    try {
                        acquired.incrementAndGet();
                        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        firstThree.countDown();
                        gate.await();
                        inFlight.decrementAndGet();
                    } finally {
                        limit.release();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }

        assertThat(firstThree.await(5, TimeUnit.SECONDS)).isTrue();
        // The three that got in wait on the gate, the seven others for a permit.
        awaitBlocked(threads, 10);
        assertThat(acquired.get()).isEqualTo(3);
        assertThat(limit.inFlight()).isEqualTo(3);

        gate.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(acquired.get()).isEqualTo(10);
        assertThat(mostInFlight.get()).isEqualTo(3);
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void aShrunkLimitHoldsNewCallersBackUntilSuccessesGrowItAgain() throws Exception {
        AdaptiveLimit limit = new AdaptiveLimit(4, time.clock, time.sleeper);
        limit.throttled(Duration.ZERO);
        assertThat(limit.currentLimit()).isEqualTo(2);
        limit.acquire();
        limit.acquire();

        CountDownLatch third = new CountDownLatch(1);
        Thread waiter = start(() -> {
            try {
                limit.acquire();
                third.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitBlocked(List.of(waiter), 1);
        assertThat(third.getCount()).isEqualTo(1);

        limit.succeeded();
        limit.succeeded();

        assertThat(third.await(5, TimeUnit.SECONDS)).as("growing to 3 lets the third in").isTrue();
        assertThat(limit.inFlight()).isEqualTo(3);
        waiter.join();
    }

    @Test
    void aWaitingAcquireCanBeInterrupted() throws Exception {
        AdaptiveLimit limit = new AdaptiveLimit(1, time.clock, time.sleeper);
        limit.acquire();
        AtomicInteger interrupted = new AtomicInteger();
        Thread waiter = start(() -> {
            try {
                limit.acquire();
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
            }
        });
        awaitBlocked(List.of(waiter), 1);

        waiter.interrupt();
        waiter.join();

        assertThat(interrupted.get()).isEqualTo(1);
        assertThat(limit.inFlight()).isEqualTo(1);
    }

    static Thread start(Runnable body) {
        Thread thread = new Thread(body);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Spins (no sleeping) until {@code count} of the threads are parked waiting for a permit. */
    static void awaitBlocked(List<Thread> threads, int count) {
        while (threads.stream().filter(thread -> thread.getState() == Thread.State.WAITING).count() < count) {
            Thread.onSpinWait();
        }
    }
}

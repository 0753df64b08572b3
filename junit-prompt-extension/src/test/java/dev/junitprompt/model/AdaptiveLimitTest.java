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
        AdaptiveLimit limit = new AdaptiveLimit(8, time.clock);

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
    void aThrottleHalvesTheLimitButPausesNobodyElse() throws InterruptedException {
        AdaptiveLimit limit = new AdaptiveLimit(8, time.clock);

        limit.throttled(Duration.ofSeconds(3));
        limit.acquire();

        assertThat(limit.currentLimit()).isEqualTo(4);
        assertThat(time.sleeps()).as("the limited call waits its own Retry-After; others go on").isEmpty();
        assertThat(limit.inFlight()).isEqualTo(1);
    }

    @Test
    void aBurstOf429sWithinTheWaitOfTheFirstHalvesTheLimitOnce() {
        AdaptiveLimit limit = new AdaptiveLimit(64, time.clock);

        for (int i = 0; i < 20; i++) {
            limit.throttled(Duration.ofSeconds(2));
        }
        assertThat(limit.currentLimit()).isEqualTo(32);

        time.advance(Duration.ofSeconds(2));
        limit.throttled(Duration.ofSeconds(2));
        assertThat(limit.currentLimit()).as("a 429 after that wait is a new event").isEqualTo(16);
    }

    @Test
    void theLimitNeverFallsBelowAnEighthOfTheMaximum() {
        AdaptiveLimit limit = new AdaptiveLimit(64, time.clock);

        for (int i = 0; i < 20; i++) {
            limit.throttled(Duration.ZERO);
        }

        assertThat(limit.floor()).isEqualTo(8);
        assertThat(limit.currentLimit()).isEqualTo(8);
        assertThat(new AdaptiveLimit(4, time.clock).floor()).as("never below one").isEqualTo(1);
    }

    @Test
    void theLimitGrowsByOneEveryCurrentLimitSuccessesEvenWith429sBetween() {
        AdaptiveLimit limit = new AdaptiveLimit(64, time.clock);
        limit.throttled(Duration.ofSeconds(1));
        assertThat(limit.currentLimit()).isEqualTo(32);

        for (int i = 0; i < 31; i++) {
            limit.succeeded();
            // A 429 within the event's wait neither halves again nor restarts the count.
            limit.throttled(Duration.ofSeconds(1));
        }
        assertThat(limit.currentLimit()).isEqualTo(32);
        limit.succeeded();
        assertThat(limit.currentLimit()).isEqualTo(33);

        for (int i = 0; i < 10_000; i++) {
            limit.succeeded();
        }
        assertThat(limit.currentLimit()).as("never above max").isEqualTo(64);
    }

    @Test
    void releaseWithoutAcquireIsABug() {
        AdaptiveLimit limit = new AdaptiveLimit(1, time.clock);

        assertThatThrownBy(limit::release).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void neverLetsMoreThanTheLimitInFlight() throws Exception {
        AdaptiveLimit limit = new AdaptiveLimit(3, time.clock);
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
        AdaptiveLimit limit = new AdaptiveLimit(4, time.clock);
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
        AdaptiveLimit limit = new AdaptiveLimit(1, time.clock);
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

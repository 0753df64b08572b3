package dev.junitprompt.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apiguardian.api.API;

import dev.junitprompt.model.AdaptiveLimit;

/**
 * The concurrency budget item runs take turns in: a pool of threads (the item runs at once) and the limit of model
 * calls in flight. An experiment has one of its own; an experiment's variants share one, which interleaves their
 * item runs — each variant's first, then each one's second, and so on — so no variant gets a warmer cache or a
 * quieter provider, and all of them together use the experiment's concurrency, not each its own.
 *
 * <pre>{@code
 * try (RunBudget budget = RunBudget.held("greet", 4)) {
 *     ExperimentRun a = ExperimentRun.start(setupOfA.budget(budget).build(), PassRule.ALL, 0);
 *     ExperimentRun b = ExperimentRun.start(setupOfB.budget(budget).build(), PassRule.ALL, 0);
 *     budget.open();   // a's first item, b's first, a's second, …
 * }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class RunBudget implements AutoCloseable {

    private final ThreadPoolExecutor pool;
    private final AdaptiveLimit limit;
    private final AtomicInteger lanes = new AtomicInteger();
    private final AtomicLong submitted = new AtomicLong();
    /** Each item run's turn, by key, which every lane's run of it shares; null in a budget of one run (see {@link #of}). */
    private final java.util.Map<String, Long> turns;
    private final AtomicLong nextTurn = new AtomicLong();

    /** Item runs handed in before {@link #open()}: they start together, in turn order. */
    private final List<Turn> held = new ArrayList<>();
    private boolean open;

    private RunBudget(String name, int concurrency, boolean open) {
        this.open = open;
        // Runs that share a budget (held) line their item runs up by item; one run's take turns as it hands them in.
        this.turns = open ? null : new java.util.concurrent.ConcurrentHashMap<>();
        int size = Math.max(1, concurrency);
        this.limit = new AdaptiveLimit(size);
        AtomicInteger threads = new AtomicInteger();
        // Waiting item runs queue by their turn: the n-th of every run before the (n+1)-th of any.
        this.pool = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "prompt-experiment-" + name + "-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * A budget of {@code concurrency} item runs and model calls at once for one run, open now; its threads are
     * daemons. Its item runs take their turns in the order they are handed in: it keeps no turn per item, which only
     * runs sharing a budget ({@link #held}) need, and which a large dataset would pay per item.
     */
    public static RunBudget of(String name, int concurrency) {
        return new RunBudget(name, concurrency, true);
    }

    /**
     * A budget like {@link #of} that holds the item runs handed to it until {@link #open()}: the variants of an
     * experiment hand theirs in one after the other, and their first items then start together, in turn, rather than
     * the first variant's ahead.
     */
    public static RunBudget held(String name, int concurrency) {
        return new RunBudget(name, concurrency, false);
    }

    /** Starts the item runs held so far, in turn order; those handed in later start as they come. */
    public void open() {
        List<Turn> waiting;
        synchronized (held) {
            open = true;
            waiting = new ArrayList<>(held);
            held.clear();
        }
        java.util.Collections.sort(waiting);
        waiting.forEach(pool::execute);
    }

    /** The limit of model calls in flight, lowered when the provider throttles. */
    AdaptiveLimit limit() {
        return limit;
    }

    /** Where one run hands its item runs; runs take their lanes in the order they start. */
    Lane lane() {
        return new Lane(lanes.getAndIncrement());
    }

    /**
     * One run's way into the budget. An item run's turn is the item's (and repetition's): the first run to hand it
     * sets it, in the order it hands its items, and every other run's of the same item shares it, behind the earlier
     * lanes'. So the reference variant's run of an item always goes before a variant's, which may wait for it.
     */
    final class Lane {

        private final int lane;

        private Lane(int lane) {
            this.lane = lane;
        }

        /** Where to run the item run known by {@code key} ({@code <item>#<repetition>}). */
        Executor at(String key) {
            long turn = turns == null ? nextTurn.getAndIncrement()
                    : turns.computeIfAbsent(key, ignored -> nextTurn.getAndIncrement());
            return runnable -> {
                Turn next = new Turn(runnable, turn, lane, submitted.getAndIncrement());
                synchronized (held) {
                    if (!open) {
                        held.add(next);
                        return;
                    }
                }
                pool.execute(next);
            };
        }
    }

    /** Stops the threads, interrupting item runs still running. */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** An item run waiting for a thread: first by its item's turn, then by its run's lane, then as handed. */
    private record Turn(Runnable task, long turn, int lane, long order) implements Runnable, Comparable<Turn> {

        @Override
        public void run() {
            task.run();
        }

        @Override
        public int compareTo(Turn other) {
            int byTurn = Long.compare(turn, other.turn);
            if (byTurn != 0) {
                return byTurn;
            }
            int byLane = Integer.compare(lane, other.lane);
            return byLane != 0 ? byLane : Long.compare(order, other.order);
        }
    }
}

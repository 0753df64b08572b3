package dev.junitprompt.run;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.results.Spool;

/**
 * One result sink of a run, fed on a thread of its own: items reach every sink in order, the sinks
 * work side by side (two remote backends cost the wall time of the slower, not the sum), and the
 * engine never waits on a backend until the run ends. The first failure stops the sink and is kept.
 *
 * <p>A remote sink's items are in the run's {@link Spool} before they reach it; every {@value #CHECKPOINT} items,
 * and at the end, the sink is {@linkplain ResultSink.Recorder#flush() flushed} and what it took is marked there.
 * Its work may take its time budget in all: past it, the sink is sent nothing more and what it lacks stays spooled.
 * A sink that failed mid-run is given one more try at the end, anew from the spool, within what is left of it.
 */
final class SinkChannel {

    /** How many items a remote sink takes between checkpoints: what a kill may cost it, to be sent again. */
    static final int CHECKPOINT = 50;

    /**
     * How many item runs a remote sink may have waiting for it: one slower than the run falls behind past it, and is
     * sent the rest from the spool at the end, so its queue never holds a large run's results in memory.
     */
    static final int BACKLOG = 1_000;

    private final ResultSink sink;
    private final ResultSink.Recorder recorder;
    private final Spool spool;
    private final ExecutorService thread;
    private final long budgetNanos;
    private volatile long busyNanos;
    private int recorded;
    private int sinceCheckpoint;
    private volatile Exception failure;
    private volatile boolean overBudget;
    private volatile boolean retried;
    private volatile boolean behind;
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    private volatile List<String> problems = List.of();

    /**
     * @param spool  the run's spool, for a remote sink; {@code null} for one that is not
     * @param budget the most time the sink's work may take in this run
     */
    SinkChannel(ResultSink sink, ResultSink.Recorder recorder, Spool spool, Duration budget) {
        this.sink = sink;
        this.recorder = recorder;
        this.spool = spool;
        this.budgetNanos = budget.toNanos();
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread sinkThread = new Thread(runnable, "prompt-experiment-sink-" + sink.name());
            sinkThread.setDaemon(true);
            return sinkThread;
        });
    }

    String name() {
        return sink.name();
    }

    /** Whether the sink links to where else the run can be seen, so finishes after the others. */
    boolean finishesLast() {
        return recorder.finishesLast();
    }

    /**
     * Queues an item for the sink; a sink that failed or spent its budget takes no more.
     *
     * @param place the item's place in the spool (1 for the first), for the checkpoints
     */
    void record(ItemResult result, int place) {
        if (spool != null && (behind || waiting.get() >= BACKLOG)) {
            // The item is in the spool: from here on the sink gets what it lacks from there, at the end.
            behind = true;
            return;
        }
        waiting.incrementAndGet();
        thread.execute(() -> {
            try {
                if (failure == null && !overBudget) {
                    timed(() -> recorder.record(result));
                    recorded = place;
                    if (spool != null && ++sinceCheckpoint >= CHECKPOINT) {
                        checkpoint();
                    }
                }
            } catch (Exception | Error e) {
                failure = e instanceof Exception exception ? exception : new IllegalStateException(e);
            } finally {
                waiting.decrementAndGet();
            }
        });
    }

    /** Flushes the sink and marks in the spool the items it now has. */
    private void checkpoint() throws Exception {
        timed(recorder::flush);
        spool.delivered(sink.name(), recorded);
        sinceCheckpoint = 0;
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Does the sink's work, counting its time against the budget. */
    private void timed(Work work) throws Exception {
        long start = System.nanoTime();
        try {
            work.run();
        } finally {
            busyNanos += System.nanoTime() - start;
            if (budgetNanos > 0 && busyNanos > budgetNanos) {
                overBudget = true;
            }
        }
    }

    /** The most time the sink's work may take in the run; zero for no limit. */
    Duration budget() {
        return Duration.ofNanos(budgetNanos);
    }

    /** What is left of the budget. */
    Duration remainingBudget() {
        return Duration.ofNanos(Math.max(0, budgetNanos - busyNanos));
    }

    /**
     * Starts finishing the run once every queued item is recorded. The future's value is the sink's link
     * (empty when it has none or failed): see {@link #failure()}.
     */
    Future<String> finish(Supplier<ExperimentSummary> summary) {
        Future<String> link = thread.submit(() -> {
            try {
                if (failure == null && !overBudget) {
                    if (spool != null) {
                        checkpoint();
                    }
                    // Behind, its record so far is marked: the rest, and the run's end, come from the spool below.
                    if (!behind) {
                        String[] where = {""};
                        timed(() -> where[0] = recorder.finish(summary.get()));
                        problems = List.copyOf(recorder.problems());
                        if (spool != null) {
                            spool.finished(sink.name());
                        }
                        return where[0];
                    }
                }
            } catch (Exception e) {
                failure = e;
            } finally {
                close();
            }
            return retryFromSpool();
        });
        thread.shutdown();
        return link;
    }

    /** One more try for a sink that failed mid-run, anew from the spool, while its budget lasts. */
    private String retryFromSpool() {
        if (spool == null || overBudget || (failure == null && !behind)) {
            return "";
        }
        retried = true;
        try {
            String[] where = {""};
            timed(() -> where[0] = spool.deliver(sink));
            failure = null;
            return where[0];
        } catch (Exception | Error e) {
            // The first failure says what went wrong; the spool keeps what the sink lacks.
            return "";
        }
    }

    /** Whether the sink fell more than {@link #BACKLOG} item runs behind the run, so was sent the rest from the spool. */
    boolean behind() {
        return behind;
    }

    /** Whether the sink failed mid-run (or fell behind) and was sent the run anew from the spool at its end. */
    boolean retried() {
        return retried;
    }

    /** Whether the sink spent its time budget, so is sent nothing more. */
    boolean overBudget() {
        return overBudget;
    }

    /** Releases the sink without finishing it: the run could not start. */
    void abandon() {
        thread.execute(this::close);
        thread.shutdown();
    }

    private void close() {
        try {
            recorder.close();
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        }
    }

    /** What the sink finished without delivering, prefixed with its name; empty before it finished. */
    List<String> problems() {
        return problems.stream().map(problem -> sink.name() + ": " + problem).toList();
    }

    /** Why the sink stopped, or null when it did not. */
    Exception failure() {
        return failure;
    }
}

package dev.junitprompt.run;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.ResultSink;

/**
 * One result sink of a run, fed on a thread of its own: items reach every sink in order, the sinks
 * work side by side (two remote backends cost the wall time of the slower, not the sum), and the
 * engine never waits on a backend until the run ends. The first failure stops the sink and is kept.
 */
final class SinkChannel {

    private final String name;
    private final ResultSink.Recorder recorder;
    private final ExecutorService thread;
    private volatile Exception failure;
    private volatile java.util.List<String> problems = java.util.List.of();

    SinkChannel(String name, ResultSink.Recorder recorder) {
        this.name = name;
        this.recorder = recorder;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread sinkThread = new Thread(runnable, "prompt-experiment-sink-" + name);
            sinkThread.setDaemon(true);
            return sinkThread;
        });
    }

    String name() {
        return name;
    }

    /** Whether the sink links to where else the run can be seen, so finishes after the others. */
    boolean finishesLast() {
        return recorder.finishesLast();
    }

    /** Queues an item for the sink; a sink that failed takes no more. */
    void record(ItemResult result) {
        thread.execute(() -> {
            if (failure == null) {
                try {
                    recorder.record(result);
                } catch (Exception | Error e) {
                    failure = e instanceof Exception exception ? exception : new IllegalStateException(e);
                }
            }
        });
    }

    /**
     * Starts finishing the run once every queued item is recorded. The future's value is the sink's link
     * (empty when it has none or failed): see {@link #failure()}.
     */
    Future<String> finish(Supplier<ExperimentSummary> summary) {
        Future<String> link = thread.submit(() -> {
            try {
                if (failure != null) {
                    return "";
                }
                String where = recorder.finish(summary.get());
                problems = java.util.List.copyOf(recorder.problems());
                return where;
            } catch (Exception e) {
                failure = e;
                return "";
            } finally {
                close();
            }
        });
        thread.shutdown();
        return link;
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
    java.util.List<String> problems() {
        return problems.stream().map(problem -> name + ": " + problem).toList();
    }

    /** Why the sink stopped, or null when it did not. */
    Exception failure() {
        return failure;
    }
}

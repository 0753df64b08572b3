package dev.junitprompt.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.apiguardian.api.API;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.RunEvaluator;
import dev.junitprompt.api.Score;
import dev.junitprompt.internal.Secrets;
import dev.junitprompt.model.AdaptiveLimit;
import dev.junitprompt.results.Comparison;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.results.RunInfo;

/**
 * One run of an experiment, without JUnit: when it starts, every item run is handed to a pool bounded by
 * the experiment's concurrency (model calls wait on the network, so they overlap) and the sinks open;
 * whoever reports the items (the engine's tests) then {@linkplain #await awaits} each outcome and
 * {@linkplain #record records} it in the order it reports them, so output, result files and backends
 * read as if the items had run in sequence. {@link #finish} ends the run and the sinks.
 */
@API(status = API.Status.INTERNAL)
public final class ExperimentRun {

    private final RunInfo info;
    private final PassRule rule;
    private final int atLeast;
    private final ItemPipeline pipeline;
    private final ExecutorService pool;
    private final List<SinkChannel> sinks;
    private final java.util.Set<String> requiredBackends;
    private final Map<String, CompletableFuture<ItemOutcome>> outcomes = new LinkedHashMap<>();
    // Read by a shutdown while the engine adds to them.
    private final List<ItemResult> reported = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> links = new ArrayList<>();
    private List<String> thresholdLines = List.of();
    private final List<RunEvaluator> runEvaluators;
    private final double passTarget;
    /** The run evaluators' scores, and over how many item runs they were given. */
    private List<Score> runScores = List.of();
    private Comparison comparison;
    private int runScoresOver = -1;

    /** Runs not yet finished, which a JVM shutdown (Ctrl-C, SIGTERM, a CI timeout) finishes with what they have. */
    private static final java.util.Set<ExperimentRun> ACTIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExperimentRun::finishOnShutdown,
                "prompt-experiment-shutdown"));
    }

    /** Opens the sinks of a run side by side; daemon threads, so a backend that never answers holds no JVM. */
    private static final java.util.concurrent.Executor OPENING = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "prompt-experiment-sink-open");
        thread.setDaemon(true);
        return thread;
    });

    /** How long a shutdown waits for the runs' sinks: long enough to write report.md, short enough for a CI kill. */
    private static final java.time.Duration SHUTDOWN_BUDGET = java.time.Duration.ofSeconds(5);

    private volatile boolean finishing;

    private ExperimentRun(ExperimentSetup setup, PassRule rule, int atLeast, ItemPipeline pipeline,
            int concurrency, List<SinkChannel> sinks) {
        this.info = setup.info;
        this.rule = rule;
        this.atLeast = atLeast;
        this.pipeline = pipeline;
        this.sinks = sinks;
        this.requiredBackends = setup.requiredBackends;
        this.runEvaluators = setup.runEvaluators;
        this.passTarget = setup.passTarget;
        this.pool = Executors.newFixedThreadPool(concurrency, daemonThreads(info.experiment()));
    }

    /**
     * Starts the run: opens the sinks and sets every item run going.
     *
     * @param rule    when an item that runs several times passes
     * @param atLeast the count for {@link PassRule#AT_LEAST}
     * @throws BackendFailedException when a required backend cannot start the run (the others are released)
     */
    public static ExperimentRun start(ExperimentSetup setup, PassRule rule, int atLeast) {
        AdaptiveLimit limit = new AdaptiveLimit(Math.max(1, Math.min(setup.concurrency, setup.runs.size())));
        ModelStack models = ModelStack.create(setup.userModel, setup.target,
                setup.target.map(target -> target.name()).orElse(setup.info.experiment()), setup.models, limit,
                setup.judgeModel, setup.judgeSpec);
        ItemPipeline pipeline = new ItemPipeline(setup.target, setup.task, setup.check, setup.info.target(),
                setup.evaluators, models, setup.baselineOutputs, Secrets.fromEnvironment(setup.models.environment()));
        List<SinkChannel> sinks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        // The sinks open side by side: two remote backends cost the slower's start, not the sum of both.
        Map<ResultSink, CompletableFuture<ResultSink.Recorder>> opening = new LinkedHashMap<>();
        for (ResultSink sink : setup.sinks) {
            if (setup.breaker.tripped(sink.name()).isEmpty()) {
                opening.put(sink, CompletableFuture.supplyAsync(() -> {
                    try {
                        return sink.open(setup.info);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }, OPENING));
            }
        }
        BackendFailedException failedRequired = null;
        for (ResultSink sink : setup.sinks) {
            java.util.Optional<String> tripped = setup.breaker.tripped(sink.name());
            if (!opening.containsKey(sink)) {
                if (setup.requiredBackends.contains(sink.name()) && failedRequired == null) {
                    failedRequired = new BackendFailedException(sink.name(), "failed earlier in this test run and is "
                            + "not tried again (" + tripped.orElse("") + ")", null);
                }
                problems.add(sink.name() + " not tried: it failed earlier in this test run (" + tripped.orElse("")
                        + ")");
                continue;
            }
            try {
                sinks.add(new SinkChannel(sink.name(), opening.get(sink).join()));
            } catch (CompletionException joined) {
                Throwable e = joined.getCause() == null ? joined : joined.getCause();
                setup.breaker.trip(sink.name(), String.valueOf(e.getMessage()));
                if (setup.requiredBackends.contains(sink.name()) && failedRequired == null) {
                    failedRequired = new BackendFailedException(sink.name(), "could not start the run", e);
                }
                // A backend that cannot start must not cost the run its other results.
                problems.add(sink.name() + " could not start the run: " + e.getMessage());
            }
        }
        if (failedRequired != null) {
            sinks.forEach(SinkChannel::abandon);
            throw failedRequired;
        }
        ExperimentRun run = new ExperimentRun(setup, rule, atLeast, pipeline, limit.max(), sinks);
        ACTIVE.add(run);
        problems.forEach(run::note);
        if (rule == PassRule.WILSON && setup.stopEarly) {
            run.submitUntilDecided(setup.runs);
        } else {
            setup.runs.forEach(run::submit);
        }
        return run;
    }

    /**
     * Each item's runs one after the other, each started only while the item's verdict is still inconclusive; the
     * rest are skipped, saying after how many runs the verdict was clear. Items still run side by side.
     */
    private void submitUntilDecided(List<ScheduledRun> runs) {
        Map<String, List<ScheduledRun>> byItem = new LinkedHashMap<>();
        runs.forEach(scheduled -> byItem.computeIfAbsent(scheduled.item().id(), id -> new ArrayList<>()).add(scheduled));
        for (List<ScheduledRun> itemRuns : byItem.values()) {
            CompletableFuture<ItemOutcome> previous = null;
            List<CompletableFuture<ItemOutcome>> done = new ArrayList<>();
            for (ScheduledRun scheduled : itemRuns) {
                CompletableFuture<ItemOutcome> next;
                if (previous == null) {
                    next = CompletableFuture.supplyAsync(() -> pipeline.run(scheduled), pool);
                } else {
                    List<CompletableFuture<ItemOutcome>> before = List.copyOf(done);
                    next = previous.thenComposeAsync(ignored -> {
                        List<ItemOutcome> outcomes = before.stream().map(CompletableFuture::join)
                                .filter(outcome -> !outcome.wasSkipped()).toList();
                        int passed = (int) outcomes.stream().filter(outcome -> outcome.result().passed()).count();
                        PassRule.Decision decision = rule.decide(passed, outcomes.size(), atLeast, passTarget);
                        if (decision != PassRule.Decision.INCONCLUSIVE) {
                            return CompletableFuture.completedFuture(ItemOutcome.skipped(scheduled, "the item "
                                    + decision.name().toLowerCase(java.util.Locale.ROOT) + " after " + outcomes.size()
                                    + " of its runs (" + passed + " passed; 95% interval "
                                    + dev.junitprompt.api.WilsonInterval.of(passed, outcomes.size()) + ", target "
                                    + passTarget + ")"));
                        }
                        return CompletableFuture.supplyAsync(() -> pipeline.run(scheduled), pool);
                    }, pool);
                }
                outcomes.put(key(scheduled.item(), scheduled.repetition()), next);
                done.add(next);
                previous = next;
            }
        }
    }

    private void submit(ScheduledRun run) {
        // The pool bounds the item runs at once; the limit, inside the model stack, the model calls in flight.
        outcomes.put(key(run.item(), run.repetition()), CompletableFuture.supplyAsync(() -> pipeline.run(run), pool));
    }

    private static String key(DatasetItem item, int repetition) {
        return item.id() + "#" + repetition;
    }

    /** Whether this run of the item was scheduled (an IDE rerun of one repetition schedules only it). */
    public boolean isScheduled(DatasetItem item, int repetition) {
        return outcomes.containsKey(key(item, repetition));
    }

    /** Waits for an item run's outcome. */
    public ItemOutcome await(DatasetItem item, int repetition) {
        CompletableFuture<ItemOutcome> outcome = outcomes.get(key(item, repetition));
        if (outcome == null) {
            return ItemOutcome.errored(new ScheduledRun(item, repetition), "was not scheduled in this run", null);
        }
        try {
            return outcome.join();
        } catch (CompletionException e) {
            return ItemOutcome.errored(new ScheduledRun(item, repetition), "failed in the engine: " + e.getCause(),
                    e.getCause());
        }
    }

    /** How many of an item's scheduled runs ran (were not skipped once its verdict was clear). */
    public int ranRuns(DatasetItem item, int repetitions) {
        int ran = 0;
        for (int repetition = 1; repetition <= repetitions; repetition++) {
            if (isScheduled(item, repetition) && !await(item, repetition).wasSkipped()) {
                ran++;
            }
        }
        return ran;
    }

    /** How many of an item's scheduled runs passed. */
    public int passedRuns(DatasetItem item, int repetitions) {
        int passed = 0;
        for (int repetition = 1; repetition <= repetitions; repetition++) {
            if (isScheduled(item, repetition) && !await(item, repetition).wasSkipped()
                    && await(item, repetition).result().passed()) {
                passed++;
            }
        }
        return passed;
    }

    /** Records a reported item run: into the summary, and to every sink. */
    public void record(ItemResult result) {
        reported.add(result);
        sinks.forEach(sink -> sink.record(result));
    }

    /** The summary of the runs recorded so far. */
    public ExperimentSummary summary() {
        List<ItemResult> results;
        synchronized (reported) {
            results = List.copyOf(reported);
        }
        return ExperimentSummary.builder(info.experiment()).results(results).thresholds(thresholdLines)
                .passRule(rule, atLeast).passTarget(passTarget).notes(notes).links(links).runScores(runScores)
                .comparison(comparison).build();
    }

    /**
     * Scores the whole run with the run evaluators, over the item runs recorded so far (once for each count): call
     * it when every item is reported. A run evaluator that throws is a note; its scores are missing, so a threshold
     * on them fails saying so.
     */
    public void evaluateRun() {
        if (runEvaluators.isEmpty() || runScoresOver == reported.size()) {
            return;
        }
        List<RunEvaluator.ScoredResult> results = reported.stream().map(result -> new RunEvaluator.ScoredResult(
                new PromptResult(result.item(), result.output(), result.latency(), result.usage(), result.model()),
                result.repetition(), result.scores())).toList();
        List<Score> scores = new ArrayList<>();
        for (RunEvaluator evaluator : runEvaluators) {
            try {
                scores.addAll(evaluator.evaluate(results));
            } catch (Exception | Error e) {
                note("run evaluator " + evaluator.name() + " threw " + e + "; the run has no " + evaluator.metrics()
                        + " scores");
            }
        }
        runScores = List.copyOf(scores);
        runScoresOver = reported.size();
    }

    /**
     * The JVM is going down with runs unfinished: each finishes its sinks with the item runs it recorded (report.md
     * for what completed, backends flushed), within a few seconds, and says so.
     */
    private static void finishOnShutdown() {
        List<java.util.concurrent.Future<String>> pending = new ArrayList<>();
        for (ExperimentRun run : ACTIVE) {
            if (run.finishing) {
                continue;
            }
            run.finishing = true;
            run.notes.add("the run was stopped (the JVM shut down) after " + run.reported.size() + " item runs; "
                    + "these are what it recorded");
            System.err.println("[prompt-experiment] " + run.info.experiment() + ": stopped after "
                    + run.reported.size() + " item runs; writing what it has");
            ExperimentSummary summary = run.summary();
            run.sinks.forEach(sink -> {
                try {
                    pending.add(sink.finish(() -> summary));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // Already finishing on the engine's thread.
                }
            });
        }
        long deadline = System.nanoTime() + SHUTDOWN_BUDGET.toNanos();
        for (java.util.concurrent.Future<String> link : pending) {
            try {
                link.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // What did not finish in time stays unfinished; the JVM is leaving.
            }
        }
    }

    /** This run against its baseline, for the summary. */
    public void compared(Comparison against) {
        comparison = against;
    }

    /** The experiment thresholds' verdicts, for the summary. */
    public void thresholds(List<String> lines) {
        thresholdLines = List.copyOf(lines);
    }

    /** Something a reader should know about the run: said now on the console, and kept for the summary. */
    public void note(String note) {
        notes.add(note);
        System.err.println("[prompt-experiment] " + note);
    }

    /**
     * Ends the run: stops the pool and finishes the sinks, side by side, those that link to where else the
     * run can be seen (the local report) last.
     *
     * @return the final summary, and the failure of a required backend that could not record the run
     */
    public Finished finish() {
        finishing = true;
        ACTIVE.remove(this);
        pool.shutdownNow();
        evaluateRun();
        List<SinkChannel> first = sinks.stream().filter(sink -> !sink.finishesLast()).toList();
        List<SinkChannel> last = sinks.stream().filter(SinkChannel::finishesLast).toList();
        // The first finish on their own threads: they get a snapshot, not the lists this thread adds to.
        ExperimentSummary beforeLinks = summary();
        awaitLinks(first.stream().map(sink -> sink.finish(() -> beforeLinks)).toList());
        // What they could not deliver is a note before the last (the local report) write theirs.
        first.forEach(this::noteTrouble);
        awaitLinks(last.stream().map(sink -> sink.finish(this::summary)).toList());
        last.forEach(this::noteTrouble);
        SinkChannel failedRequired = sinks.stream()
                .filter(sink -> sink.failure() != null && requiredBackends.contains(sink.name())).findFirst().orElse(null);
        return new Finished(summary(), failedRequired == null ? java.util.Optional.empty()
                : java.util.Optional.of(new BackendFailedException(failedRequired.name(), "failed to record the run",
                        failedRequired.failure())));
    }

    /**
     * How the run ended.
     *
     * @param summary        the final summary
     * @param backendFailure why a required backend's record of the run is incomplete, when it is
     */
    public record Finished(ExperimentSummary summary, java.util.Optional<BackendFailedException> backendFailure) {
    }

    private void noteTrouble(SinkChannel sink) {
        sink.problems().forEach(this::note);
        if (sink.failure() != null) {
            note(sink.name() + " failed, its record of this run is incomplete: " + sink.failure().getMessage());
        }
    }

    private void awaitLinks(List<Future<String>> pending) {
        for (Future<String> link : pending) {
            try {
                String value = link.get();
                if (!value.isBlank()) {
                    links.add(value);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                note("a result sink failed: " + e.getCause());
            }
        }
    }

    private static ThreadFactory daemonThreads(String experiment) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "prompt-experiment-" + experiment + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

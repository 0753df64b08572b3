package dev.junitprompt.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apiguardian.api.API;

import dev.junitprompt.api.Constants;
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
import dev.junitprompt.results.Spool;

/**
 * One run of an experiment, without JUnit: when it starts, every item run is handed to a pool bounded by
 * the experiment's concurrency ({@link RunBudget}, shared by an experiment's variants) (model calls wait on the network, so they overlap) and the sinks open;
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
    /** Where this run's item runs take their turn; {@link #budget} is this run's own, or shared with its variants. */
    private final RunBudget.Lane lane;
    private final RunBudget budget;
    private final boolean ownsBudget;
    private final List<SinkChannel> sinks;
    /** What the run owes its remote sinks; null when it has none (or the spool could not be written). */
    private final Spool spool;
    private final BackendBreaker breaker;
    /** The results of the run this one resumes, by {@link #key}, each until it is taken; empty when it resumes none. */
    private final Map<String, ItemResult> resumed;
    private final Secrets secrets;
    /** The most time each sink's work may take in this run ({@link Constants#BACKENDS_BUDGET_MS}). */
    private final java.time.Duration backendBudget;
    private final java.util.Set<String> requiredBackends;
    /** By {@link #key}; read by other variants' pairwise judges while the engine records. */
    private final Map<String, CompletableFuture<ItemOutcome>> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
    /** The {@linkplain ItemResult#compact compact} results recorded; read by a shutdown while the engine adds to them. */
    private final List<ItemResult> reported = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> links = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile List<String> thresholdLines = List.of();
    private final List<RunEvaluator> runEvaluators;
    private final double passTarget;
    /** The run evaluators' scores, and over how many item runs they were given. */
    private volatile List<Score> runScores = List.of();
    private volatile Comparison comparison;
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

    /**
     * How long a variant's pairwise judge waits for the reference variant's output of the item: the reference's item
     * took its turn before the variant's (see {@link RunBudget}), so this bounds a stuck one, not a slow queue.
     */
    static final java.time.Duration PAIRED_WAIT = java.time.Duration.ofMinutes(10);

    /** How long a shutdown waits for the runs' sinks: long enough to write report.md, short enough for a CI kill. */
    private static final java.time.Duration SHUTDOWN_BUDGET = java.time.Duration.ofSeconds(5);

    private volatile boolean finishing;

    private ExperimentRun(ExperimentSetup setup, PassRule rule, int atLeast, ItemPipeline pipeline,
            RunBudget budget, boolean ownsBudget, List<SinkChannel> sinks, Spool spool, Secrets secrets) {
        this.info = setup.info;
        this.spool = spool;
        this.resumed = new java.util.concurrent.ConcurrentHashMap<>(setup.resumed);
        this.secrets = secrets;
        this.breaker = setup.breaker;
        this.backendBudget = setup.backendBudget;
        this.rule = rule;
        this.atLeast = atLeast;
        this.pipeline = pipeline;
        this.sinks = sinks;
        this.requiredBackends = setup.requiredBackends;
        this.runEvaluators = setup.runEvaluators;
        this.passTarget = setup.passTarget;
        this.budget = budget;
        this.ownsBudget = ownsBudget;
        this.lane = budget.lane();
    }

    /**
     * Starts the run: opens the sinks and sets every item run going.
     *
     * @param rule    when an item that runs several times passes
     * @param atLeast the count for {@link PassRule#AT_LEAST}
     * @throws BackendFailedException when a required backend cannot start the run (the others are released)
     */
    public static ExperimentRun start(ExperimentSetup setup, PassRule rule, int atLeast) {
        RunBudget budget = setup.budget.orElseGet(() -> RunBudget.of(setup.info.experiment(),
                Math.min(setup.concurrency, setup.runs.size())));
        AdaptiveLimit limit = budget.limit();
        // Each model's recordings apart: a named model's answers are never another's replayed.
        String recordings = setup.target.map(target -> target.name()).orElse(setup.info.experiment())
                + (setup.modelName.isEmpty() ? "" : "." + setup.modelName);
        ModelStack models = ModelStack.create(setup.userModel, setup.target, recordings, setup.models, limit,
                setup.judgeModel, setup.judgeSpec);
        // The environment's credentials, taken out of every result this run records or reports.
        Secrets secrets = Secrets.fromEnvironment(setup.models.environment());
        ItemPipeline pipeline = new ItemPipeline(setup.target, setup.task, setup.check, setup.info.target(),
                setup.evaluators, models, pairedOutputs(setup), setup.isReference, secrets);
        List<SinkChannel> sinks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Spool spool = openSpool(setup, problems);
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
        ExperimentRun run = new ExperimentRun(setup, rule, atLeast, pipeline, budget, setup.budget.isEmpty(), sinks,
                spool, secrets);
        // The items need no backend: they start while the sinks open, so a slow backend cannot hold the first model
        // call back. Unless a backend is required: then nothing is spent on a run it may refuse.
        boolean startFirst = setup.requiredBackends.isEmpty();
        if (startFirst) {
            run.submitAll(setup);
        }
        BackendFailedException failedRequired = null;
        // The sinks' starts count against their budget: a backend that never answers costs it, once.
        long openDeadline = setup.backendBudget.isZero() ? Long.MAX_VALUE
                : System.nanoTime() + setup.backendBudget.toNanos();
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
                // The budget is the remote backends': local files are the run's own record, never cut off.
                sinks.add(sink.remote() ? new SinkChannel(sink, opened(opening.get(sink), openDeadline), spool,
                        setup.backendBudget) : new SinkChannel(sink, opened(opening.get(sink), Long.MAX_VALUE), null,
                        java.time.Duration.ZERO));
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
            if (spool != null) {
                try {
                    spool.abandon();
                } catch (java.io.IOException e) {
                    // Kept as far as it was written; it holds no item run.
                }
            }
            if (setup.budget.isEmpty()) {
                budget.close();
            }
            throw failedRequired;
        }
        ACTIVE.add(run);
        problems.forEach(run::note);
        if (!startFirst) {
            run.submitAll(setup);
        }
        return run;
    }

    /** The sink's recorder once it opened, or a {@link CompletionException} when it failed or did not in time. */
    private static ResultSink.Recorder opened(CompletableFuture<ResultSink.Recorder> opening, long deadline) {
        try {
            return deadline == Long.MAX_VALUE ? opening.join()
                    : opening.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // Left to finish on its daemon thread; what it would have recorded stays in the spool.
            opening.thenAccept(ResultSink.Recorder::close);
            throw new CompletionException(new java.util.concurrent.TimeoutException(
                    "it did not start within its time budget (" + Constants.BACKENDS_BUDGET_MS + ")"));
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    private void submitAll(ExperimentSetup setup) {
        if (rule == PassRule.WILSON && setup.stopEarly) {
            submitUntilDecided(setup.runs);
        } else {
            setup.runs.forEach(this::submit);
        }
    }

    /** What pairwise judges weigh against: the reference variant's output where it runs the item, else the baseline's. */
    private static PairedOutputs pairedOutputs(ExperimentSetup setup) {
        return item -> setup.reference.filter(reference -> reference.isScheduled(item, 1))
                .map(reference -> reference.firstOutput(item, PAIRED_WAIT))
                .orElseGet(() -> Optional.ofNullable(setup.baselineOutputs.get(item.id())));
    }

    /**
     * The output of the item's first run in this run, waiting for it up to {@code deadline}: what a variant's pairwise
     * judges weigh theirs against. Empty when it is not scheduled here or gave no output (it errored).
     *
     * @throws IllegalStateException when it is not there within the deadline
     */
    public Optional<String> firstOutput(DatasetItem item, java.time.Duration deadline) {
        CompletableFuture<ItemOutcome> outcome = outcomes.get(key(item, 1));
        if (outcome == null) {
            return Optional.empty();
        }
        try {
            ItemResult result = outcome.get(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).result();
            return result.output().isEmpty() && result.status() == ItemResult.Status.ERRORED ? Optional.empty()
                    : Optional.of(result.output());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The output of item '" + item.id() + "' in " + info.experiment()
                    + ", which a pairwise judge weighs against, was not there within " + deadline.toMinutes()
                    + " minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the output of item '" + item.id()
                    + "' in " + info.experiment(), e);
        } catch (ExecutionException e) {
            return Optional.empty();
        }
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
                    next = outcome(scheduled);
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
                        return outcome(scheduled);
                    }, lane.at(key(scheduled)));
                }
                outcomes.put(key(scheduled.item(), scheduled.repetition()), next);
                done.add(next);
                previous = next;
            }
        }
    }

    private void submit(ScheduledRun run) {
        outcomes.put(key(run.item(), run.repetition()), outcome(run));
    }

    private static String key(ScheduledRun run) {
        return key(run.item(), run.repetition());
    }

    /** The item run going in the pool, or an earlier run's result of it when this run resumes that one. */
    private CompletableFuture<ItemOutcome> outcome(ScheduledRun run) {
        ItemResult earlier = resumed.remove(key(run.item(), run.repetition()));
        if (earlier != null) {
            // From disk, written by whatever ran before: redacted as a result of this run is.
            return CompletableFuture.completedFuture(ItemOutcome.resumed(earlier).redacted(secrets));
        }
        // The budget bounds the item runs at once; the limit, inside the model stack, the model calls in flight.
        return CompletableFuture.supplyAsync(() -> pipeline.run(run), lane.at(key(run)));
    }

    static String key(DatasetItem item, int repetition) {
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

    /**
     * Records a reported item run: to every sink, whole, and into the summary compact (the run keeps of each item run
     * only what the summary, thresholds and comparisons need, so its memory stays small over a large dataset).
     */
    public void record(ItemResult result) {
        ItemResult kept = result.compact();
        reported.add(kept);
        // The outcome, awaited again for an item's verdict over its runs, keeps no more than the summary.
        outcomes.computeIfPresent(key(result.item(), result.repetition()), (key, outcome) -> outcome.isDone()
                && !outcome.isCompletedExceptionally() && outcome.join().result() == result
                        ? CompletableFuture.completedFuture(outcome.join().withResult(kept)) : outcome);
        int place = 0;
        if (spool != null) {
            try {
                place = spool.add(result);
            } catch (java.io.IOException e) {
                noteSpoolTrouble(e);
            }
        }
        int spooled = place;
        sinks.forEach(sink -> sink.record(result, spooled));
    }

    /** Opens the spool of a run with remote sinks; a spool that cannot be written is a note, not a failure. */
    private static Spool openSpool(ExperimentSetup setup, List<String> problems) {
        List<String> remote = setup.sinks.stream().filter(ResultSink::remote).map(ResultSink::name).toList();
        if (remote.isEmpty() || setup.spool.isEmpty()) {
            return null;
        }
        try {
            return Spool.create(setup.spool.get(), setup.info, remote);
        } catch (java.io.IOException e) {
            problems.add("the run's spool " + setup.spool.get() + " cannot be written (" + e.getMessage()
                    + "): what " + String.join(" and ", remote) + " fail to take is lost");
            return null;
        }
    }

    private volatile boolean spoolTroubleNoted;

    private void noteSpoolTrouble(java.io.IOException e) {
        if (!spoolTroubleNoted) {
            spoolTroubleNoted = true;
            note("the run's spool " + spool.file() + " cannot be written (" + e.getMessage() + ")");
        }
    }

    private static void closeQuietly(Spool spool) {
        if (spool != null) {
            try {
                spool.close();
            } catch (java.io.IOException e) {
                // The spool is kept as far as it was written.
            }
        }
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
     * Ends the run: stops its own budget's pool and finishes the sinks, side by side, those that link to where else
     * the run can be seen (the local report) last.
     *
     * @return the final summary, and the failure of a required backend that could not record the run
     */
    public Finished finish() {
        finishing = true;
        ACTIVE.remove(this);
        if (ownsBudget) {
            budget.close();
        }
        evaluateRun();
        pipeline.unpaired().forEach((judge, count) -> notes.add("pairwise judge " + judge + " left " + count
                + " item runs of this variant unscored: it is the reference the other variants are weighed against"));
        List<SinkChannel> first = sinks.stream().filter(sink -> !sink.finishesLast()).toList();
        List<SinkChannel> last = sinks.stream().filter(SinkChannel::finishesLast).toList();
        // The first finish on their own threads: they get a snapshot, not the lists this thread adds to.
        ExperimentSummary beforeLinks = summary();
        if (spool != null) {
            try {
                spool.add(beforeLinks);
            } catch (java.io.IOException e) {
                noteSpoolTrouble(e);
            }
        }
        awaitLinks(first, first.stream().map(sink -> sink.finish(() -> beforeLinks)).toList());
        // What they could not deliver is a note before the last (the local report) write theirs.
        first.forEach(this::noteTrouble);
        noteSpooled();
        closeQuietly(spool);
        awaitLinks(last, last.stream().map(sink -> sink.finish(this::summary)).toList());
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
    @API(status = API.Status.INTERNAL)
    public record Finished(ExperimentSummary summary, java.util.Optional<BackendFailedException> backendFailure) {
    }

    private void noteTrouble(SinkChannel sink) {
        sink.problems().forEach(this::note);
        if (sink.overBudget()) {
            breaker.trip(sink.name(), "it spent its time budget of " + budgetText() + " in an earlier run");
            note(sink.name() + " spent its time budget of " + budgetText() + " (" + Constants.BACKENDS_BUDGET_MS
                    + ") and was sent nothing more; it is not tried again in this test run");
        } else if (sink.failure() != null) {
            if (sink.retried()) {
                breaker.trip(sink.name(), String.valueOf(sink.failure().getMessage()));
            }
            note(sink.name() + " failed, its record of this run is incomplete: " + sink.failure().getMessage());
        } else if (sink.retried() && sink.behind()) {
            note(sink.name() + " fell more than " + SinkChannel.BACKLOG + " item runs behind the run and was sent the "
                    + "rest from its spool at the end: its record is complete");
        } else if (sink.retried()) {
            note(sink.name() + " failed mid-run and was sent the run again from its spool at the end: its record is "
                    + "complete");
        }
    }

    private String budgetText() {
        return backendBudget.toMillis() % 1000 == 0 ? backendBudget.toSeconds() + " s" : backendBudget.toMillis() + " ms";
    }

    /** Says, per remote backend, what of the run it lacks, where that is kept, and how to send it. */
    private void noteSpooled() {
        if (spool == null) {
            return;
        }
        for (String backend : spool.backends()) {
            int lacking = spool.undelivered(backend);
            if (lacking > 0 || !spool.hasFinished(backend)) {
                Path folder = spool.file().toAbsolutePath().getParent();
                note(backend + " lacks " + (lacking == 0 ? "the run's end" : lacking + " of the run's " + reported.size()
                        + " item runs") + ", kept in " + folder.resolve(Spool.FILE_NAME) + "; send "
                        + (lacking == 0 ? "it" : "them") + " later with `mvn junit-prompt:upload-spool "
                        + "-Djunitprompt.spool=" + folder + "` or the CLI's `upload-spool " + folder + "`");
            }
        }
    }

    /** Waits for the sinks' links, each sink for what is left of its time budget at most (when it has one). */
    private void awaitLinks(List<SinkChannel> channels, List<Future<String>> pending) {
        for (int i = 0; i < pending.size(); i++) {
            Future<String> link = pending.get(i);
            SinkChannel channel = channels.get(i);
            try {
                String value = channel.budget().isZero() ? link.get()
                        : link.get(channel.remainingBudget().toMillis() + 1_000, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (!value.isBlank()) {
                    links.add(value);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                breaker.trip(channel.name(), "it did not finish a run within its time budget");
                note(channel.name() + " did not finish within its time budget of " + budgetText() + " ("
                        + Constants.BACKENDS_BUDGET_MS + "); the run no longer waits for it");
            } catch (ExecutionException e) {
                note("a result sink failed: " + e.getCause());
            }
        }
    }
}

package dev.junitprompt.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.reporting.ReportEntry;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.MissingExpectedOutputException;
import dev.junitprompt.api.PromptExperiment;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;
import dev.junitprompt.backend.ResultSinks;
import dev.junitprompt.internal.GitCommit;
import dev.junitprompt.model.AdaptiveLimit;
import dev.junitprompt.model.ChatModelCaller;
import dev.junitprompt.model.ChatModels;
import dev.junitprompt.model.ModelCaller;
import dev.junitprompt.model.ModelRequest;
import dev.junitprompt.model.ModelResponse;
import dev.junitprompt.model.PriceTable;
import dev.junitprompt.model.RecordReplayCaller;
import dev.junitprompt.model.RecordReplayChatModel;
import dev.junitprompt.model.RetryingCaller;
import dev.junitprompt.report.ConsoleSummary;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.Format;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.results.RunInfo;
import dev.junitprompt.results.Trace;
import dev.junitprompt.target.PromptMessage;
import dev.junitprompt.target.PromptTarget;
import dev.langchain4j.model.chat.ChatModel;

/**
 * One run of an experiment. When it starts, every selected item run is handed to a pool bounded by the
 * experiment's concurrency (model calls wait on the network, so they overlap); the item tests then
 * report the outcomes one by one in the dataset's order, so output, report entries and result files
 * read as if the items had run in sequence.
 */
final class ExperimentRun {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ExperimentPlan plan;
    private final PromptEngineContext context;
    private final List<Evaluator> evaluators;
    private final ModelCaller caller;
    private final PriceTable prices;
    private final AdaptiveLimit limit;
    private final ExecutorService pool;
    private final List<SinkChannel> sinks;
    private final List<String> links = new ArrayList<>();
    private final Map<String, CompletableFuture<RunOutcome>> outcomes = new LinkedHashMap<>();
    private final List<ItemResult> reported = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private List<String> thresholdLines = List.of();

    private ExperimentRun(ExperimentPlan plan, PromptEngineContext context, List<Evaluator> evaluators,
            ModelCaller caller, PriceTable prices, AdaptiveLimit limit, List<SinkChannel> sinks) {
        this.plan = plan;
        this.context = context;
        this.evaluators = evaluators;
        this.caller = caller;
        this.prices = prices;
        this.limit = limit;
        this.sinks = sinks;
        this.pool = Executors.newFixedThreadPool(limit.max(), daemonThreads(plan.name()));
    }

    /** Starts the run: opens the sinks and sets every item run going. */
    static ExperimentRun start(ExperimentPlan plan, PromptEngineContext context, List<ItemDescriptor> runs)
            throws Exception {
        EngineConfig config = context.config();
        List<Evaluator> evaluators = new ArrayList<>(plan.evaluators());
        evaluators.addAll(context.testClass().evaluators());
        int concurrency = plan.annotation().concurrency() > 0 ? plan.annotation().concurrency() : config.concurrency();
        AdaptiveLimit limit = new AdaptiveLimit(Math.max(1, Math.min(concurrency, runs.size())));
        PriceTable prices = PriceTable.load(config.pricesPath(), config.pricesFile().isPresent());
        Optional<PromptTarget> target = plan.target();
        if (target.isPresent() && target.get().metadata().model().price().size() == 2) {
            Map<String, Double> price = target.get().metadata().model().price();
            prices = prices.with(target.get().metadata().model().name(),
                    new PriceTable.Price(price.get("input"), price.get("output")));
        }
        Instant now = Instant.now();
        RunInfo info = runInfo(plan, context, runs, now);
        List<SinkChannel> sinks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ResultSink sink : ResultSinks.create(config.backends(), new ResultSinks.Settings(
                config.resultsDir(), config.environment(), config.langfuseLinking(), config.retryPolicy()))) {
            try {
                sinks.add(new SinkChannel(sink.name(), sink.open(info)));
            } catch (Exception e) {
                if (config.requiredBackends().contains(sink.name())) {
                    sinks.forEach(SinkChannel::abandon);
                    throw new BackendFailedException(sink.name(), "could not start the run", e);
                }
                // A backend that cannot start must not cost the run its other results.
                problems.add(sink.name() + " could not start the run: " + e.getMessage());
            }
        }
        ExperimentRun run = new ExperimentRun(plan, context, evaluators, modelCaller(plan, context, limit), prices,
                limit, sinks);
        problems.forEach(run::note);
        run.submit(runs);
        return run;
    }

    /** The run's header: what ran, on which data, with which prompt and model, under which settings. */
    private static RunInfo runInfo(ExperimentPlan plan, PromptEngineContext context, List<ItemDescriptor> runs,
            Instant now) {
        EngineConfig config = context.config();
        RunInfo.Builder info = RunInfo.builder(plan.name(), RUN_ID.format(now)).testClass(plan.testClass().getName())
                .dataset(plan.datasetName(), plan.source(config).name().toLowerCase(java.util.Locale.ROOT), "")
                .items(runs.stream().map(ItemDescriptor::item).distinct().toList())
                .target(plan.taskName()).startedAt(now).gitCommit(GitCommit.current().orElse(""));
        plan.target().ifPresent(target -> info.prompt(new RunInfo.Prompt(target.contentHash(), target.version(),
                target.label())));
        Optional<ChatModel> userModel = context.testClass().model();
        if (userModel.isPresent()) {
            ModelRequest defaults = ModelRequest.to(userModel.get(), List.of());
            info.model(new RunInfo.Model(defaults.provider(), defaults.model(), defaults.parameters()));
        } else {
            plan.target().map(target -> target.metadata().model()).ifPresent(model -> info.model(
                    new RunInfo.Model(model.provider(), model.name(), model.parameters())));
        }
        PromptExperiment annotation = plan.annotation();
        info.setting("repetitions", String.valueOf(annotation.repetitions()));
        if (annotation.repetitions() > 1) {
            info.setting("pass_rule", annotation.passRule().name().toLowerCase(java.util.Locale.ROOT));
            if (annotation.passRule() == PromptExperiment.PassRule.AT_LEAST) {
                info.setting("at_least", String.valueOf(annotation.atLeast()));
            }
        }
        if (config.sampling().samples()) {
            Sampling sampling = config.sampling();
            info.setting("sample", sampling.count() > 0 ? String.valueOf(sampling.count())
                    : String.valueOf(sampling.fraction()));
            info.setting("sample.seed", String.valueOf(sampling.seed()));
        }
        if (!config.items().isEmpty()) {
            info.setting("items", String.join(",", config.items()));
        }
        info.setting("cache.mode", config.cacheMode().name().toLowerCase(java.util.Locale.ROOT));
        return info.build();
    }

    /**
     * Model calls of this experiment, retried on rate limits and faults, through its recordings: the
     * target's model (the class's {@code @PromptModel}, else the one its metadata names), or for a task
     * method the class's model. Null when the experiment has no model to call.
     */
    private static ModelCaller modelCaller(ExperimentPlan plan, PromptEngineContext context, AdaptiveLimit limit) {
        EngineConfig config = context.config();
        Optional<ChatModel> userModel = context.testClass().model();
        Optional<PromptTarget> target = plan.target();
        ModelCaller model;
        if (userModel.isPresent()) {
            model = new ChatModelCaller(userModel::get);
        } else if (target.isPresent()) {
            model = new ChatModelCaller(() -> ChatModels.fromSpec(target.get().metadata().model(), config.environment(),
                    config.retryPolicy()));
        } else {
            return null;
        }
        // Langfuse targets are named langfuse:name#3: keep folder names portable.
        String folder = target.map(PromptTarget::name).orElse(plan.name()).replaceAll("[^A-Za-z0-9._-]", "_");
        return new RecordReplayCaller(new RetryingCaller(model, config.retryPolicy(), limit), config.cacheMode(),
                config.recordingsDir().resolve(folder));
    }

    private void submit(List<ItemDescriptor> runs) {
        for (ItemDescriptor run : runs) {
            outcomes.put(key(run.item(), run.repetition()), CompletableFuture.supplyAsync(() -> {
                try {
                    limit.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return RunOutcome.errored(run.item(), run.repetition(), "interrupted before it started", e);
                }
                try {
                    return evaluate(run.item(), run.repetition());
                } finally {
                    limit.release();
                }
            }, pool));
        }
    }

    private static String key(DatasetItem item, int repetition) {
        return item.id() + "#" + repetition;
    }

    /** Runs and scores one item run. Called on a pool thread: it prints nothing and reports nothing. */
    private RunOutcome evaluate(DatasetItem item, int repetition) {
        Instant start = Instant.now();
        Produced produced;
        try {
            produced = produce(item, repetition);
        } catch (Throwable e) {
            return RunOutcome.errored(item, repetition, "could not be run on " + plan.taskName() + ": " + e.getMessage(), e);
        }
        PromptResult result = produced.result();
        ItemResult.Builder itemResult = ItemResult.builder(item).repetition(repetition).prompt(produced.prompt())
                .output(result.output()).latency(result.latency()).usage(result.usage()).model(result.model());
        List<Trace.Evaluation> evaluations = new ArrayList<>();
        Throwable error = null;
        for (Evaluator evaluator : evaluators) {
            Instant evaluationStart = Instant.now();
            try {
                Score score = evaluator.evaluate(result);
                itemResult.score(score);
                evaluations.add(new Trace.Evaluation(evaluator.name(), score, "", evaluationStart, Instant.now()));
                thresholdFailure(evaluator, score).ifPresent(itemResult::failure);
            } catch (MissingExpectedOutputException | PromptResult.OutputNotJsonException e) {
                itemResult.failure(ItemResult.Failure.of(evaluator.name(), evaluator.name() + ": " + e.getMessage()));
                evaluations.add(new Trace.Evaluation(evaluator.name(), null, e.getMessage(), evaluationStart, Instant.now()));
            } catch (AssertionError e) {
                // An evaluator written with assertions fails the item, like a check method would.
                itemResult.failure(ItemResult.Failure.of(evaluator.name(), evaluator.name() + ": " + e.getMessage()));
                evaluations.add(new Trace.Evaluation(evaluator.name(), null, String.valueOf(e.getMessage()),
                        evaluationStart, Instant.now()));
            } catch (Exception | Error e) {
                error = error == null ? e : error;
                itemResult.failure(ItemResult.Failure.of(evaluator.name(), evaluator.name() + " threw " + e));
                evaluations.add(new Trace.Evaluation(evaluator.name(), null, e.toString(), evaluationStart, Instant.now()));
            }
        }
        if (error == null && plan.experimentMethod().checksResult()) {
            try {
                plan.experimentMethod().invoke(context.testClass().instance(), item, result, null);
            } catch (AssertionError e) {
                String check = plan.method().getName() + "()";
                itemResult.failure(ItemResult.Failure.of(check, check + ": " + e.getMessage()));
            } catch (Throwable e) {
                error = e;
            }
        }
        double cost = produced.calls().isEmpty() ? Double.NaN
                : produced.calls().stream().mapToDouble(Trace.ModelCall::cost).sum();
        String errorMessage = error == null ? "" : "Evaluating item '" + item.id() + "' threw: " + error;
        return new RunOutcome(itemResult.error(errorMessage).cost(cost)
                .trace(new Trace(start, Instant.now(), produced.calls(), evaluations)).build(), error);
    }

    private static Optional<ItemResult.Failure> thresholdFailure(Evaluator evaluator, Score score) {
        if (evaluator.threshold().isEmpty()) {
            return Optional.empty();
        }
        double min = evaluator.threshold().getAsDouble();
        if (!score.isNumeric()) {
            return Optional.of(new ItemResult.Failure(evaluator.name(), Double.NaN, min, evaluator.name()
                    + " is categorical ('" + score.category() + "'); a min threshold needs a numeric or boolean score"));
        }
        if (score.value() >= min) {
            return Optional.empty();
        }
        return Optional.of(new ItemResult.Failure(evaluator.name(), score.value(), min, evaluator.name() + " = "
                + Format.score(score.value()) + " < min " + Format.score(min)
                + (score.comment().isBlank() ? "" : "\n" + indent(score.comment()))));
    }

    /** The output and the model calls that made it. */
    private record Produced(List<PromptMessage> prompt, PromptResult result, List<Trace.ModelCall> calls) {
    }

    private Produced produce(DatasetItem item, int repetition) throws Throwable {
        int keyRepetition = plan.repetitions() > 1 ? repetition : 0;
        if (plan.target().isPresent()) {
            List<PromptMessage> prompt = plan.target().get().render(item);
            ModelRequest request = request(plan.target().get(), prompt).withRepetition(keyRepetition);
            Instant start = Instant.now();
            ModelResponse response = caller.call(request);
            Trace.ModelCall call = modelCall(request, response, start, Instant.now());
            return new Produced(prompt, new PromptResult(item, response.text(), response.latency(), response.usage(),
                    response.model()), List.of(call));
        }
        // A task method gets its own recording model, so this item's calls add up to its usage.
        RecordReplayChatModel model = caller == null ? null
                : new RecordReplayChatModel(context.testClass().model().orElseThrow(), caller, keyRepetition);
        long start = System.nanoTime();
        Object value = plan.experimentMethod().invoke(context.testClass().instance(), item, null, model);
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        List<Trace.ModelCall> calls = model == null ? List.of() : model.calls().stream()
                .map(call -> modelCall(call.request(), call.response(), call.end().minus(call.response().latency()),
                        call.end()))
                .toList();
        return new Produced(List.of(), new PromptResult(item, plan.experimentMethod().outputText(value, item), latency,
                model == null ? Usage.NONE : model.usage(), model == null ? "" : model.model()), calls);
    }

    /** A call for the trace, priced by the model asked for, else the one that answered. */
    private Trace.ModelCall modelCall(ModelRequest request, ModelResponse response, Instant start, Instant end) {
        double cost = prices.cost(response.usage(), request.model(), response.model()).orElse(Double.NaN);
        return new Trace.ModelCall(request.provider(), response.model().isEmpty() ? request.model() : response.model(),
                request.parameters(), request.messages(), response.text(), response.usage(), cost, start, end,
                response.replayed());
    }

    /** The request a target makes for an item: from the user's model's defaults, else from the metadata. */
    private ModelRequest request(PromptTarget target, List<PromptMessage> prompt) {
        Optional<ChatModel> userModel = context.testClass().model();
        if (userModel.isPresent()) {
            return ModelRequest.to(userModel.get(), prompt);
        }
        return new ModelRequest(target.metadata().model().provider(), target.metadata().model().name(),
                target.metadata().model().parameters(), prompt);
    }

    /**
     * Reports one item run as its test: waits for its outcome, records it, and fails or errors the test
     * the way the outcome says. With repetitions, a run that fell short while the item still passes by
     * its rule is reported as aborted, not failed.
     */
    void report(ItemDescriptor node) {
        RunOutcome outcome = await(node.item(), node.repetition());
        record(node, outcome.result());
        if (outcome.error() != null) {
            throw new ItemErroredException(outcome.result().error(), outcome.error());
        }
        if (outcome.result().failures().isEmpty()) {
            return;
        }
        String message = failureMessage(outcome.result());
        if (plan.repetitions() > 1) {
            int passed = 0;
            for (int repetition = 1; repetition <= plan.repetitions(); repetition++) {
                // A repetition not selected for this run (an IDE rerun of one) cannot vote.
                if (outcomes.containsKey(key(node.item(), repetition))
                        && await(node.item(), repetition).result().passed()) {
                    passed++;
                }
            }
            String verdict = node.item().id() + " passed " + passed + " of " + plan.repetitions()
                    + " repetitions; rule " + plan.annotation().passRule().name().toLowerCase(java.util.Locale.ROOT)
                    + (plan.annotation().passRule() == dev.junitprompt.api.PromptExperiment.PassRule.AT_LEAST
                            ? " " + plan.annotation().atLeast() : "");
            if (plan.annotation().passRule().holds(passed, plan.repetitions(), plan.annotation().atLeast())) {
                throw new TestAbortedException("Fell short, tolerated: " + verdict + "\n" + message);
            }
            message = message + "\n  " + verdict;
        }
        throw new AssertionFailedError(message, node.item().expectedOutput()
                .map(e -> e.isTextual() ? e.textValue() : e.toPrettyString()).orElse(null), outcome.result().output());
    }

    private RunOutcome await(DatasetItem item, int repetition) {
        try {
            return outcomes.get(key(item, repetition)).join();
        } catch (CompletionException e) {
            return RunOutcome.errored(item, repetition, "failed in the engine: " + e.getCause(), e.getCause());
        }
    }

    private void record(TestDescriptor node, ItemResult result) {
        reported.add(result);
        context.listener().reportingEntryPublished(node, ReportEntry.from(reportEntry(result)));
        // Surefire's XML ignores report entries but keeps a test's output: print the line there too.
        System.out.println(summaryLine(result));
        sinks.forEach(sink -> sink.record(result));
    }

    private static Map<String, String> reportEntry(ItemResult result) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("item", result.item().id());
        entry.put("status", result.status().label());
        for (Score score : result.scores()) {
            entry.put("score." + score.name(), score.formattedValue());
        }
        entry.put("latency_ms", String.valueOf(result.latency().toMillis()));
        entry.put("tokens.input", String.valueOf(result.usage().inputTokens()));
        entry.put("tokens.output", String.valueOf(result.usage().outputTokens()));
        if (result.costKnown()) {
            entry.put("cost", String.format(java.util.Locale.ROOT, "%.6f", result.cost()));
        }
        if (!result.model().isEmpty()) {
            entry.put("model", result.model());
        }
        entry.put("output", result.output().isEmpty() ? "(none)" : result.output());
        return entry;
    }

    /** {@code case-001 · … PASSED json_matches_expected=1.00 valid_json=true · 812 ms · tokens 450/320}. */
    static String summaryLine(ItemResult result) {
        StringBuilder line = new StringBuilder("[prompt-experiment] ").append(result.item().displayName());
        if (result.repetition() > 1) {
            line.append(" [").append(result.repetition()).append(']');
        }
        line.append(": ").append(result.status());
        result.scores().forEach(score -> line.append(' ').append(score.name()).append('=').append(score.formattedValue()));
        line.append(" · ").append(Format.millis(result.latency()))
                .append(" · tokens ").append(result.usage().inputTokens()).append('/').append(result.usage().outputTokens());
        if (result.costKnown()) {
            line.append(String.format(java.util.Locale.ROOT, " · $%.5f", result.cost()));
        }
        return line.toString();
    }

    private static String failureMessage(ItemResult result) {
        StringBuilder message = new StringBuilder(result.item().displayName()).append(" failed ")
                .append(result.failures().size()).append(result.failures().size() == 1 ? " check" : " checks").append(":\n");
        result.failures().forEach(failure -> message.append("  ✗ ").append(failure.message().replace("\n", "\n    "))
                .append('\n'));
        message.append("  scores:   ").append(summaryLine(result)).append('\n');
        message.append("  input:    ").append(result.item().inputs()).append('\n');
        message.append("  expected: ").append(result.item().expectedOutput().map(Object::toString).orElse("(none)"))
                .append('\n');
        message.append("  actual:   ").append(result.output().replace("\n", "\n            "));
        return message.toString();
    }

    private static String indent(String text) {
        return text.strip().replace("\n", "\n  ").indent(2).stripTrailing();
    }

    /** Checks the experiment thresholds over the runs reported so far, failing with what fell short. */
    void checkThresholds(TestDescriptor node) {
        List<String> lines = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        ExperimentSummary summary = summary();
        for (ExperimentThreshold threshold : plan.thresholds()) {
            if (!threshold.metric().isBlank() && evaluators.stream().noneMatch(e -> e.name().equals(threshold.metric()))) {
                throw new ItemErroredException("@Threshold metric '" + threshold.metric() + "' of experiment "
                        + plan.name() + " is not a score of any evaluator; evaluators: "
                        + evaluators.stream().map(Evaluator::name).toList(), null);
            }
            for (ExperimentThreshold.Verdict verdict : threshold.check(summary)) {
                lines.add(verdict.line());
                if (!verdict.held()) {
                    StringBuilder failure = new StringBuilder(verdict.line());
                    verdict.culprits().forEach(culprit -> failure.append("\n    ").append(culprit));
                    failed.add(failure.toString());
                }
            }
        }
        thresholdLines = List.copyOf(lines);
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("items", String.valueOf(summary.itemIds().size()));
        entry.put("pass_rate", Format.score(summary.passRate()));
        summary.means().forEach((metric, mean) -> entry.put("mean." + metric, Format.score(mean)));
        entry.put("latency_p95_ms", String.valueOf(summary.latencyPercentile(95).toMillis()));
        entry.put("tokens.total", String.valueOf(summary.usage().totalTokens()));
        entry.put("cost", Format.cost(summary));
        context.listener().reportingEntryPublished(node, ReportEntry.from(entry));
        lines.forEach(line -> System.out.println("[prompt-experiment] " + plan.name() + " " + line));
        if (!failed.isEmpty()) {
            List<String> held = lines.stream().filter(line -> line.startsWith("✓")).toList();
            throw new AssertionFailedError("Experiment " + plan.name() + " missed " + failed.size() + " of "
                    + lines.size() + " thresholds over " + summary.itemIds().size() + " items:\n  "
                    + String.join("\n  ", failed) + (held.isEmpty() ? "" : "\n  " + String.join("\n  ", held)));
        }
    }

    /** Ends the run: stops the pool, the sinks finish, and the console shows the summary table. */
    void finish() {
        pool.shutdownNow();
        if (!context.config().items().isEmpty()) {
            note("only items " + context.config().items() + " were selected (" + EngineConfig.PREFIX + "items)");
        }
        if (context.config().sampling().samples()) {
            note(context.config().sampling().describe(reported.stream().map(r -> r.item().id()).distinct()
                    .toList().size(), plan.items().size()));
        }
        // Remote sinks finish first, side by side, so the local report can link to where else the run is.
        List<SinkChannel> remote = sinks.stream().filter(sink -> !sink.name().equals("local")).toList();
        List<SinkChannel> local = sinks.stream().filter(sink -> sink.name().equals("local")).toList();
        // Remote sinks finish on their own threads: they get a snapshot, not the lists this thread adds to.
        ExperimentSummary beforeLinks = summary();
        awaitLinks(remote.stream().map(sink -> sink.finish(() -> beforeLinks)).toList());
        awaitLinks(local.stream().map(sink -> sink.finish(this::summary)).toList());
        List<String> failedRequired = new ArrayList<>();
        for (SinkChannel sink : sinks) {
            if (sink.failure() != null) {
                note(sink.name() + " failed, its record of this run is incomplete: " + sink.failure().getMessage());
                if (context.config().requiredBackends().contains(sink.name())) {
                    failedRequired.add(sink.name());
                }
            }
        }
        System.out.print(ConsoleSummary.render(summary()));
        if (!failedRequired.isEmpty()) {
            SinkChannel first = sinks.stream().filter(sink -> sink.name().equals(failedRequired.get(0))).findFirst()
                    .orElseThrow();
            throw new BackendFailedException(first.name(), "failed to record the run", first.failure());
        }
    }

    private void awaitLinks(List<java.util.concurrent.Future<String>> pending) {
        for (java.util.concurrent.Future<String> link : pending) {
            try {
                String value = link.get();
                if (!value.isBlank()) {
                    links.add(value);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                note("a result sink failed: " + e.getCause());
            }
        }
    }

    private ExperimentSummary summary() {
        return ExperimentSummary.builder(plan.name()).results(reported).thresholds(thresholdLines)
                .passRule(plan.annotation().passRule(), plan.annotation().atLeast()).notes(notes).links(links).build();
    }

    private void note(String note) {
        notes.add(note);
        System.err.println("[prompt-experiment] " + note);
    }

    private static ThreadFactory daemonThreads(String experiment) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "prompt-experiment-" + experiment + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** An item run's result, and the exception when the target or an evaluator threw. */
    private record RunOutcome(ItemResult result, Throwable error) {

        static RunOutcome errored(DatasetItem item, int repetition, String what, Throwable cause) {
            return new RunOutcome(ItemResult.builder(item).repetition(repetition)
                    .error("Item '" + item.id() + "' " + what).build(), cause);
        }
    }

    /** A backend listed in {@code prompt.experiment.backends.required} failed: the experiment fails. */
    static final class BackendFailedException extends RuntimeException {
        BackendFailedException(String backend, String what, Throwable cause) {
            super("Required backend '" + backend + "' " + what + ": " + (cause == null ? "" : cause.getMessage())
                    + " (it is listed in " + EngineConfig.PREFIX + "backends.required)", cause);
        }
    }

    /** The target or an evaluator threw: the item errors (rather than fails) with the cause. */
    static final class ItemErroredException extends RuntimeException {
        ItemErroredException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

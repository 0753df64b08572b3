package dev.junitprompt.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.reporting.ReportEntry;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import dev.junitprompt.api.Constants;
import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptExperiment;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.RunEvaluator;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.WilsonInterval;
import dev.junitprompt.dataset.Dataset;
import dev.junitprompt.internal.GitCommit;
import dev.junitprompt.model.ModelRequest;
import dev.junitprompt.report.ConsoleSummary;
import dev.junitprompt.report.GitHubStepSummary;
import dev.junitprompt.results.Comparison;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.Format;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.results.RunFolders;
import dev.junitprompt.results.RunInfo;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.results.Spool;
import dev.junitprompt.run.Check;
import dev.junitprompt.run.ExperimentRun;
import dev.junitprompt.run.ExperimentSetup;
import dev.junitprompt.run.ItemOutcome;
import dev.junitprompt.run.ModelSettings;
import dev.junitprompt.run.RunBudget;
import dev.junitprompt.run.ScheduledRun;
import dev.langchain4j.model.chat.ChatModel;

/**
 * The engine's side of an experiment run: starts a {@link ExperimentRun} from the experiment's plan and
 * the configuration, and turns what it reports into JUnit — each item run's test outcome, report entries
 * and Surefire output, the thresholds test, the console summary.
 */
final class ExperimentExecution {

    static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ExperimentPlan plan;
    private final PromptEngineContext context;
    private final ExperimentRun run;
    private final RunInfo info;
    private final Optional<Baselines.Found> baseline;
    private boolean compared;

    private ExperimentExecution(ExperimentPlan plan, PromptEngineContext context, ExperimentRun run, RunInfo info,
            Optional<Baselines.Found> baseline) {
        this.plan = plan;
        this.context = context;
        this.run = run;
        this.info = info;
        this.baseline = baseline;
    }

    /**
     * Whom a run's pairwise judges weigh its outputs against, besides a baseline: a variant the reference variant's
     * run; the reference variant nobody (and says so rather than erroring its items).
     *
     * @param reference whether the run is the reference variant
     * @param against   the reference variant's run, for the other variants
     */
    record Pairing(boolean reference, Optional<ExperimentRun> against) {

        static final Pairing NONE = new Pairing(false, Optional.empty());
        static final Pairing REFERENCE = new Pairing(true, Optional.empty());
    }

    /** Starts the run: opens the sinks and sets every item run going. */
    static ExperimentExecution start(ExperimentPlan plan, PromptEngineContext context, List<ItemDescriptor> runs,
            Pairing pairing, Optional<RunBudget> budget) {
        EngineConfig config = context.config();
        List<Evaluator> evaluators = new ArrayList<>(plan.evaluators());
        evaluators.addAll(context.testClass().evaluatorsFor(plan.name(), plan.method().getName()));
        List<RunEvaluator> runEvaluators = context.testClass().runEvaluatorsFor(plan.name(), plan.method().getName());
        checkEvaluators(plan, evaluators, runEvaluators);
        ExperimentPlan.validate(context.testClass().evaluatorsFor(plan.name(), plan.method().getName()),
                runs.stream().map(ItemDescriptor::item).distinct().toList(), "Experiment "
                        + plan.testClass().getSimpleName() + "#" + plan.method().getName());
        int concurrency = concurrency(plan.annotation(), config);
        // Looked for before this run writes its own folder, which is then never taken for the last run.
        List<String> baselineNotes = new ArrayList<>();
        Optional<Baselines.Found> baseline = new Baselines(config).find(plan.name(), baselineNotes::add);
        List<ResultSink> sinks = config.backends().stream().flatMap(name -> config.registry().find(name).stream()
                .flatMap(backend -> backend.resultSink(config.backendContext(name)).stream())).toList();
        Instant now = Instant.now();
        String runId = RUN_ID.format(now);
        Optional<Path> spool = Optional.empty();
        Optional<Resume> resume = Resume.of(config, plan.name(), baselineNotes::add);
        if (resume.isPresent()) {
            // The same run again: its id, start and folder, so the backends take it for the run they have.
            now = resume.get().record().run().startedAt();
            runId = resume.get().record().run().runId();
            try {
                resume.get().setAside();
            } catch (java.io.IOException e) {
                throw new ExperimentConfigurationException(Constants.RESUME + ": cannot set the record of run " + runId
                        + " aside in " + resume.get().folder() + ": " + e.getMessage(), e);
            }
            spool = Optional.of(resume.get().folder().resolve(Spool.FILE_NAME));
            if (baseline.isPresent() && baseline.get().record().run().runId().equals(runId)) {
                // baseline=last found the very run being resumed: a run compared with itself shows nothing.
                baselineNotes.add("baseline " + baseline.get().label() + " is the run being resumed, so this run is "
                        + "compared with nothing");
                baseline = Optional.empty();
            }
        } else if (sinks.stream().anyMatch(ResultSink::remote)) {
            // The run folder is taken now, for the spool of what the remote sinks are sent; the run's id is its name.
            try {
                Path folder = RunFolders.reserve(RunFolders.experimentFolder(config.resultsDir(), plan.name()), runId);
                runId = folder.getFileName().toString();
                spool = Optional.of(folder.resolve(Spool.FILE_NAME));
            } catch (java.io.IOException e) {
                baselineNotes.add("no run folder for the spool under " + config.resultsDir() + " (" + e.getMessage()
                        + "): what a remote backend fails to take is not kept");
            }
        }
        RunInfo info = runInfo(plan, context, runs, now, runId);
        ExperimentSetup.Builder setup = ExperimentSetup.builder(info)
                .evaluators(evaluators).runEvaluators(runEvaluators).userModel(userModel(plan, context))
                .baselineOutputs(baseline.map(found -> baselineOutputs(found.record())).orElse(Map.of()))
                // The target's own judge before the configured one.
                .judge(context.testClass().judgeModel(), plan.target().flatMap(target -> target.metadata().judge())
                        .or(config::judge))
                .wilson(plan.annotation().passTarget(), plan.annotation().stopEarly())
                .models(new ModelSettings(config.environment(), config.retryPolicy(), config.cacheMode(),
                        config.recordingsDir(), config.pricesFile(), context.recordings()))
                .concurrency(concurrency)
                .runs(runs.stream().map(node -> new ScheduledRun(node.item(), node.repetition())).toList())
                .sinks(sinks).backendBudget(config.backendBudget())
                .requiredBackends(config.requiredBackends()).breaker(context.backends());
        spool.ifPresent(setup::spool);
        if (resume.isPresent()) {
            java.util.Set<String> scheduled = new java.util.HashSet<>();
            runs.forEach(node -> scheduled.add(node.item().id() + "#" + node.repetition()));
            List<ItemResult> taken = resume.get().resumable(info, baselineNotes::add).stream()
                    .filter(result -> scheduled.contains(result.item().id() + "#" + result.repetition())).toList();
            setup.resumed(taken);
            baselineNotes.add(resume.get().note(taken.size(), runs.size()));
        }
        pairing.against().ifPresent(setup::pairedWith);
        budget.ifPresent(setup::budget);
        setup.modelName(plan.model());
        if (pairing.reference()) {
            setup.reference();
        }
        ExperimentMethod method = plan.experimentMethod();
        Object instance = context.testClass().instance();
        if (plan.target().isPresent()) {
            setup.target(plan.target().get());
        } else {
            setup.task((item, model) -> method.outputText(method.invoke(instance, item, null, model), item));
        }
        if (method.checksResult()) {
            String name = plan.method().getName() + "()";
            setup.check(new Check() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public void check(DatasetItem item, PromptResult result) throws Throwable {
                    method.invoke(instance, item, result, null);
                }
            });
        }
        ExperimentRun run = ExperimentRun.start(setup.build(), plan.annotation().passRule(), plan.annotation().atLeast());
        baselineNotes.forEach(run::note);
        return new ExperimentExecution(plan, context, run, info, baseline);
    }

    /** The run's header: what ran, on which data, with which prompt and model, under which settings. */
    private static RunInfo runInfo(ExperimentPlan plan, PromptEngineContext context, List<ItemDescriptor> runs,
            Instant now, String runId) {
        EngineConfig config = context.config();
        RunInfo.Builder info = RunInfo.builder(plan.name(), runId).testClass(plan.testClass().getName())
                .dataset(plan.datasetName(), plan.source(config), plan.dataset().map(Dataset::version).orElse(""))
                .items(runs.stream().map(ItemDescriptor::item).distinct().toList())
                .target(plan.taskName()).startedAt(now).gitCommit(GitCommit.current().orElse(""));
        plan.target().ifPresent(target -> info.prompt(new RunInfo.Prompt(target.contentHash(), target.version(),
                target.label())));
        Optional<ChatModel> userModel = userModel(plan, context);
        if (userModel.isPresent()) {
            ModelRequest defaults = ModelRequest.to(userModel.get(), List.of());
            info.model(new RunInfo.Model(defaults.provider(), defaults.model(), defaults.parameters()));
        } else {
            plan.target().map(target -> target.metadata().model()).ifPresent(model -> info.model(
                    new RunInfo.Model(model.provider(), model.name(), model.parameters())));
        }
        PromptExperiment annotation = plan.annotation();
        info.setting("repetitions", String.valueOf(annotation.repetitions()));
        if (annotation.splits().length > 0) {
            info.setting("splits", String.join(",", annotation.splits()));
        }
        if (annotation.repetitions() > 1) {
            info.setting("pass_rule", annotation.passRule().name().toLowerCase(java.util.Locale.ROOT));
            if (annotation.passRule() == PromptExperiment.PassRule.WILSON) {
                info.setting("pass_target", String.valueOf(annotation.passTarget()));
                info.setting("stop_early", String.valueOf(annotation.stopEarly()));
            }
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
        if (config.rerunFailed()) {
            info.setting("rerun", "failed");
        }
        info.setting("cache.mode", config.cacheMode().name().toLowerCase(java.util.Locale.ROOT));
        if (config.shard().shards()) {
            info.setting("shard", config.shard().toString());
        }
        if (!config.sharedRunId().isEmpty()) {
            info.setting("run_id", config.sharedRunId());
        }
        // The bounds themselves, not only their verdicts: merge-reports checks them again over every shard's items.
        for (int i = 0; i < plan.thresholds().size(); i++) {
            info.setting(ExperimentThreshold.settingKey(i + 1), plan.thresholds().get(i).setting());
        }
        return info.build();
    }

    /**
     * Reports one item run as its test: waits for its outcome, records it, and fails or errors the test
     * the way the outcome says. With repetitions, a run that fell short while the item still passes by
     * its rule is reported as aborted, not failed.
     */
    void report(ItemDescriptor node) {
        ItemOutcome outcome = run.await(node.item(), node.repetition());
        if (outcome.wasSkipped()) {
            // Not run, so not recorded: the item's verdict was clear without it.
            throw new TestAbortedException("Not run: " + outcome.skipped());
        }
        record(node, outcome.result(), outcome.resumed() ? " · resumed: not run again" : "");
        if (outcome.error() != null) {
            throw new ItemErroredException(outcome.result().error(), outcome.error());
        }
        if (plan.annotation().passRule() == PromptExperiment.PassRule.WILSON && plan.repetitions() > 1) {
            reportByWilson(node, outcome);
            return;
        }
        if (outcome.result().failures().isEmpty()) {
            return;
        }
        String message = failureMessage(outcome.result());
        if (plan.repetitions() > 1) {
            // A repetition not selected for this run (an IDE rerun of one) cannot vote.
            int passed = run.passedRuns(node.item(), plan.repetitions());
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

    /**
     * A run under the {@code WILSON} rule, once the item's runs are in: a failed run fails with its item's verdict,
     * or is tolerated when the item passed; an inconclusive item is said on its last run (and its failed runs), as an
     * aborted test with the interval and the runs that would decide — or a failure with
     * {@code prompt.experiment.inconclusive=fail}.
     */
    private void reportByWilson(ItemDescriptor node, ItemOutcome outcome) {
        int ran = run.ranRuns(node.item(), plan.repetitions());
        int passed = run.passedRuns(node.item(), plan.repetitions());
        double target = plan.annotation().passTarget();
        WilsonInterval interval = WilsonInterval.of(passed, ran);
        PromptExperiment.PassRule.Decision decision = interval.against(target);
        String verdict = node.item().id() + " passed " + passed + " of " + ran + " runs; 95% interval " + interval
                + " against a target of " + Format.score(target);
        boolean failedRun = !outcome.result().failures().isEmpty();
        String message = failedRun ? failureMessage(outcome.result()) + "\n  " : "";
        switch (decision) {
            case PASSED -> {
                if (failedRun) {
                    throw new TestAbortedException("Fell short, tolerated: " + verdict + "\n" + message.strip());
                }
            }
            case FAILED -> {
                if (failedRun) {
                    throw new AssertionFailedError(message + verdict + ": the item fails");
                }
            }
            case INCONCLUSIVE -> {
                if (failedRun || node.repetition() == lastRun(node.item())) {
                    String needed = WilsonInterval.runsToDecide(passed, ran, target).stream()
                            .mapToObj(runs -> "; about " + runs + " runs at this rate would decide")
                            .findFirst().orElse("; its pass rate sits at the target, so more runs may not decide");
                    String inconclusive = message + "Inconclusive: " + verdict + needed
                            + " (raise repetitions, or stopEarly = true to run only what it takes)";
                    if (context.config().inconclusiveFails()) {
                        throw new AssertionFailedError(inconclusive);
                    }
                    throw new TestAbortedException(inconclusive);
                }
            }
        }
    }

    /** The item's last scheduled run that ran. */
    private int lastRun(DatasetItem item) {
        int last = 0;
        for (int repetition = 1; repetition <= plan.repetitions(); repetition++) {
            if (run.isScheduled(item, repetition) && !run.await(item, repetition).wasSkipped()) {
                last = repetition;
            }
        }
        return last;
    }

    private void record(TestDescriptor node, ItemResult result, String remark) {
        context.listener().reportingEntryPublished(node, ReportEntry.from(reportEntry(result)));
        // Surefire's XML ignores report entries but keeps a test's output: print the line there too.
        System.out.println(summaryLine(result) + remark);
        run.record(result);
    }

    private static Map<String, String> reportEntry(ItemResult result) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("item", result.item().id());
        entry.put("status", result.status().label());
        for (Score score : result.scores()) {
            entry.put("score." + score.name(), score.formattedValue());
        }
        entry.put("latency_ms", String.valueOf(result.latency().toMillis()));
        if (result.trace().retries() > 0) {
            entry.put("retries", String.valueOf(result.trace().retries()));
        }
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
        return line.append(": ").append(result.status()).append(figures(result)).toString();
    }

    /** {@code  exact_match=true · 812 ms · tokens 120/45 · $0.00012}: the scores and what the run took. */
    private static String figures(ItemResult result) {
        StringBuilder line = new StringBuilder();
        result.scores().forEach(score -> line.append(' ').append(score.name()).append('=').append(score.formattedValue()));
        line.append(" · ").append(Format.millis(result.latency()))
                .append(" · tokens ").append(result.usage().inputTokens()).append('/').append(result.usage().outputTokens());
        if (result.costKnown()) {
            line.append(String.format(java.util.Locale.ROOT, " · $%.5f", result.cost()));
        }
        if (result.trace().retries() > 0) {
            line.append(" · ").append(Format.retries(result.trace().retries()));
        }
        return line.toString();
    }

    private static String failureMessage(ItemResult result) {
        StringBuilder message = new StringBuilder(result.item().displayName()).append(" failed ")
                .append(result.failures().size()).append(result.failures().size() == 1 ? " check" : " checks").append(":\n");
        result.failures().forEach(failure -> message.append("  ✗ ").append(failure.message().replace("\n", "\n    "))
                .append('\n'));
        message.append("  scores:   ").append(figures(result).replaceFirst("^ (· )?", "")).append('\n');
        message.append("  input:    ").append(result.item().inputs()).append('\n');
        message.append("  expected: ").append(result.item().expectedOutput().map(Object::toString).orElse("(none)"))
                .append('\n');
        message.append("  actual:   ").append(result.output().replace("\n", "\n            "));
        return message.toString();
    }

    /**
     * What can only be checked once the class's evaluators are known, before any item runs (and any model
     * is paid): every score has one evaluator, and every {@code @Threshold} metric is a score.
     */
    private static void checkEvaluators(ExperimentPlan plan, List<Evaluator> evaluators,
            List<RunEvaluator> runEvaluators) {
        String where = "Experiment " + plan.testClass().getSimpleName() + "#" + plan.method().getName();
        ExperimentPlan.checkNames(evaluators, where);
        List<String> scores = new ArrayList<>(evaluators.stream().map(Evaluator::name).toList());
        runEvaluators.forEach(evaluator -> scores.addAll(evaluator.metrics()));
        ExperimentPlan.checkMetrics(scores, plan.thresholds(), where);
    }

    /** Checks the experiment thresholds over the runs reported so far, failing with what fell short. */
    void checkThresholds(TestDescriptor node) {
        List<String> lines = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        run.evaluateRun();
        compareWithBaseline();
        ExperimentSummary summary = run.summary();
        if (!plan.thresholds().isEmpty() && !summary.results().isEmpty()
                && summary.count(ItemResult.Status.ERRORED) == summary.results().size()) {
            // Errored items have no scores to judge: a pass rate of 0 would read as if the prompt had failed.
            throw new ItemErroredException("Experiment " + plan.name() + ": all " + summary.results().size()
                    + " item runs errored, so its thresholds cannot be judged; the first: "
                    + summary.results().get(0).error(), null);
        }
        for (ExperimentThreshold threshold : plan.thresholds()) {
            for (ExperimentThreshold.Verdict verdict : threshold.check(summary)) {
                lines.add(verdict.line());
                if (!verdict.held()) {
                    StringBuilder failure = new StringBuilder(verdict.line());
                    verdict.culprits().forEach(culprit -> failure.append("\n    ").append(culprit));
                    failed.add(failure.toString());
                }
            }
        }
        run.thresholds(lines);
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("items", String.valueOf(summary.itemIds().size()));
        entry.put("pass_rate", Format.score(summary.passRate()));
        summary.means().forEach((metric, mean) -> entry.put("mean." + metric, Format.score(mean)));
        summary.runScores().forEach(score -> entry.put("run." + score.name(), score.formattedValue()));
        entry.put("latency_p95_ms", String.valueOf(summary.latencyPercentile(95).toMillis()));
        entry.put("tokens.total", String.valueOf(summary.usage().totalTokens()));
        entry.put("cost", Format.cost(summary));
        context.listener().reportingEntryPublished(node, ReportEntry.from(entry));
        lines.forEach(line -> System.out.println("[prompt-experiment] " + plan.name() + " " + line));
        boolean onlyInconclusive = !failed.isEmpty() && plan.thresholds().stream()
                .flatMap(threshold -> threshold.check(summary).stream())
                .filter(verdict -> !verdict.held()).allMatch(ExperimentThreshold.Verdict::inconclusive);
        if (onlyInconclusive && !context.config().inconclusiveFails()) {
            throw new TestAbortedException("Experiment " + plan.name() + " is inconclusive:\n  "
                    + String.join("\n  ", failed));
        }
        if (!failed.isEmpty()) {
            List<String> held = lines.stream().filter(line -> line.startsWith("✓")).toList();
            throw new AssertionFailedError("Experiment " + plan.name() + " missed " + failed.size() + " of "
                    + lines.size() + " thresholds over " + summary.itemIds().size() + " items:\n  "
                    + String.join("\n  ", failed) + (held.isEmpty() ? "" : "\n  " + String.join("\n  ", held)));
        }
    }

    /** The baseline's output of each item (its first run's), for pairwise judges. */
    private static Map<String, String> baselineOutputs(RunRecord baseline) {
        Map<String, String> outputs = new LinkedHashMap<>();
        baseline.results().forEach(result -> outputs.putIfAbsent(result.item().id(), result.output()));
        return outputs;
    }

    /**
     * The model the class supplies the experiment: the named one it runs on, else (naming none) the class's own, if
     * any. A model the target lists is none of the class's: the target, on that model, calls it.
     */
    private static Optional<ChatModel> userModel(ExperimentPlan plan, PromptEngineContext context) {
        return plan.model().isEmpty() ? context.testClass().model()
                : Optional.ofNullable(context.testClass().namedModels().get(plan.model()));
    }

    /** The item runs an experiment runs at once: its own {@code concurrency}, else the configured one. */
    static int concurrency(dev.junitprompt.api.PromptExperiment annotation, EngineConfig config) {
        return annotation.concurrency() > 0 ? annotation.concurrency() : config.concurrency();
    }

    /** The run itself, for the variants held against it. */
    ExperimentRun run() {
        return run;
    }

    /** Compares the run with its baseline, once its items are in (see {@link Baselines}). */
    private void compareWithBaseline() {
        if (compared) {
            return;
        }
        compared = true;
        baseline.ifPresent(found -> run.compared(Comparison.of(found.record(), found.label(), run.summary())));
    }

    /**
     * Ends the run, {@code selectionNote} (what {@code prompt.experiment.rerun} chose) among its notes: the sinks
     * finish, the console shows the summary table, and in GitHub Actions the step's summary gets the experiment's.
     * Answers the run's whole record.
     */
    RunRecord finish(String selectionNote) {
        if (!selectionNote.isEmpty()) {
            run.note(selectionNote);
        }
        if (!context.config().items().isEmpty()) {
            run.note("only items " + context.config().items() + " were selected (" + EngineConfig.PREFIX + "items)");
        }
        if (context.config().shard().shards()) {
            run.note("shard " + context.config().shard() + " (" + EngineConfig.PREFIX + "shard): "
                    + run.summary().itemIds().size() + " of " + plan.items().size() + " items");
        }
        if (context.config().sampling().samples()) {
            run.note(context.config().sampling().describe(run.summary().itemIds().size(), plan.items().size()));
        }
        compareWithBaseline();
        ExperimentRun.Finished finished = run.finish();
        System.out.print(ConsoleSummary.render(finished.summary()));
        try {
            GitHubStepSummary.appendTo(context.config().environment(), finished.summary());
        } catch (IOException | RuntimeException e) {
            // The experiment's outcome is its tests'; a summary GitHub could not be given is said, not failed on.
            System.err.println("[prompt-experiment] " + plan.name() + ": no GitHub step summary written to "
                    + context.config().environment().get(GitHubStepSummary.VARIABLE) + ": " + e);
        }
        if (context.config().baselineUpdate()) {
            try {
                Path file = new Baselines(context.config()).update(plan.name(), new RunRecord(info,
                        finished.summary().results(), Optional.of(finished.summary())));
                System.out.println("[prompt-experiment] " + plan.name() + ": this run is now the baseline " + file
                        + "; review and commit it");
            } catch (java.io.IOException e) {
                System.err.println("[prompt-experiment] " + plan.name() + ": could not write the baseline: " + e);
            }
        }
        if (finished.backendFailure().isPresent()) {
            throw finished.backendFailure().get();
        }
        return new RunRecord(info, finished.summary().results(), Optional.of(finished.summary()));
    }

    /** The target or an evaluator threw: the item errors (rather than fails) with the cause. */
    static final class ItemErroredException extends RuntimeException {
        ItemErroredException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

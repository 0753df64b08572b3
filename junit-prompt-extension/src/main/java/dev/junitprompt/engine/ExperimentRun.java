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
import java.util.concurrent.ConcurrentHashMap;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.reporting.ReportEntry;
import org.opentest4j.AssertionFailedError;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.MissingExpectedOutputException;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;
import dev.junitprompt.backend.ResultSink;
import dev.junitprompt.backend.RunInfo;
import dev.junitprompt.backend.local.LocalResultSink;
import dev.junitprompt.model.ChatModelCaller;
import dev.junitprompt.model.ChatModels;
import dev.junitprompt.model.ModelCaller;
import dev.junitprompt.model.ModelRequest;
import dev.junitprompt.model.ModelResponse;
import dev.junitprompt.model.RecordReplayCaller;
import dev.junitprompt.model.RecordReplayChatModel;
import dev.junitprompt.report.ConsoleSummary;
import dev.junitprompt.report.ExperimentSummary;
import dev.junitprompt.report.Format;
import dev.junitprompt.report.ItemResult;
import dev.junitprompt.target.PromptTarget;
import dev.langchain4j.model.chat.ChatModel;

/**
 * One run of an experiment: runs items as their tests execute, keeps their results, checks the
 * experiment thresholds, and hands everything to the result sinks.
 */
final class ExperimentRun {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ExperimentPlan plan;
    private final PromptEngineContext context;
    private final List<Evaluator> evaluators;
    private final ModelCaller caller;
    private final List<ResultSink.Recorder> recorders;
    private final Map<String, ItemResult> results = new ConcurrentHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private volatile List<String> thresholdLines = List.of();

    private ExperimentRun(ExperimentPlan plan, PromptEngineContext context, List<Evaluator> evaluators,
            ModelCaller caller, List<ResultSink.Recorder> recorders) {
        this.plan = plan;
        this.context = context;
        this.evaluators = evaluators;
        this.caller = caller;
        this.recorders = recorders;
    }

    static ExperimentRun start(ExperimentPlan plan, PromptEngineContext context) throws Exception {
        List<Evaluator> evaluators = new ArrayList<>(plan.evaluators());
        evaluators.addAll(context.testClass().evaluators());
        ModelCaller caller = modelCaller(plan, context);
        Instant now = Instant.now();
        RunInfo info = new RunInfo(plan.name(), RUN_ID.format(now), plan.testClass().getName(), plan.datasetName(),
                plan.taskName(), now);
        List<ResultSink.Recorder> recorders = new ArrayList<>();
        for (ResultSink sink : sinks(context.config())) {
            recorders.add(sink.open(info));
        }
        return new ExperimentRun(plan, context, evaluators, caller, recorders);
    }

    private static List<ResultSink> sinks(EngineConfig config) {
        // Only the local sink exists so far; EngineConfig rejects other names at discovery.
        return List.of(new LocalResultSink(config.resultsDir()));
    }

    /**
     * Model calls of this experiment through its recordings: the target's model (the class's
     * {@code @PromptModel}, else the one its metadata names), or for a task method the class's model.
     * Null when the experiment has no model to call.
     */
    private static ModelCaller modelCaller(ExperimentPlan plan, PromptEngineContext context) {
        Optional<ChatModel> userModel = context.testClass().model();
        Optional<PromptTarget> target = plan.target();
        ModelCaller model;
        if (userModel.isPresent()) {
            model = new ChatModelCaller(userModel::get);
        } else if (target.isPresent()) {
            model = new ChatModelCaller(() -> ChatModels.fromSpec(target.get().metadata().model(), System.getenv()));
        } else {
            return null;
        }
        String folder = target.map(PromptTarget::name).orElse(plan.name());
        return new RecordReplayCaller(model, context.config().cacheMode(), context.config().recordingsDir().resolve(folder));
    }

    /** The request a target makes for an item: from the user's model's defaults, else from the metadata. */
    private ModelRequest request(PromptTarget target, DatasetItem item) {
        Optional<ChatModel> userModel = context.testClass().model();
        if (userModel.isPresent()) {
            return ModelRequest.to(userModel.get(), target.render(item));
        }
        return new ModelRequest(target.metadata().model().provider(), target.metadata().model().name(),
                target.metadata().model().parameters(), target.render(item));
    }

    /** Runs one item, records its result, and fails or errors the item's test the way the result says. */
    void runItem(DatasetItem item, TestDescriptor node) {
        PromptResult result;
        try {
            result = produce(item);
        } catch (Throwable e) {
            String message = "Item '" + item.id() + "' could not be run on " + plan.taskName() + ": " + e.getMessage();
            record(node, new ItemResult(item, "", List.of(), List.of(), message, Duration.ZERO, Usage.NONE, ""));
            throw new ItemErroredException(message, e);
        }
        List<Score> scores = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Throwable error = null;
        for (Evaluator evaluator : evaluators) {
            try {
                Score score = evaluator.evaluate(result);
                scores.add(score);
                if (evaluator.threshold().isPresent()) {
                    double min = evaluator.threshold().getAsDouble();
                    if (!score.isNumeric()) {
                        failures.add(evaluator.name() + " is categorical ('" + score.category() + "'); a min threshold "
                                + "needs a numeric or boolean score");
                    } else if (score.value() < min) {
                        failures.add(evaluator.name() + " = " + Format.score(score.value()) + " < min "
                                + Format.score(min) + (score.comment().isBlank() ? "" : "\n" + indent(score.comment())));
                    }
                }
            } catch (MissingExpectedOutputException | PromptResult.OutputNotJsonException e) {
                failures.add(evaluator.name() + ": " + e.getMessage());
            } catch (Exception e) {
                error = error == null ? e : error;
                failures.add(evaluator.name() + " threw " + e);
            }
        }
        if (error == null && plan.experimentMethod().checksResult()) {
            try {
                plan.experimentMethod().invoke(context.testClass().instance(), item, result, null);
            } catch (AssertionError e) {
                failures.add(plan.method().getName() + "(): " + e.getMessage());
            } catch (Throwable e) {
                error = e;
            }
        }
        String errorMessage = error == null ? "" : "Evaluating item '" + item.id() + "' threw: " + error;
        ItemResult itemResult = new ItemResult(item, result.output(), scores, failures, errorMessage, result.latency(),
                result.usage(), result.model());
        record(node, itemResult);
        if (error != null) {
            throw new ItemErroredException(errorMessage, error);
        }
        if (!failures.isEmpty()) {
            throw new AssertionFailedError(failureMessage(itemResult), result.item().expectedOutput()
                    .map(e -> e.isTextual() ? e.textValue() : e.toPrettyString()).orElse(null), result.output());
        }
    }

    private PromptResult produce(DatasetItem item) throws Throwable {
        if (plan.target().isPresent()) {
            ModelResponse response = caller.call(request(plan.target().get(), item));
            return new PromptResult(item, response.text(), response.latency(), response.usage(), response.model());
        }
        // A task method gets its own recording model, so this item's calls add up to its usage.
        RecordReplayChatModel model = caller == null ? null
                : new RecordReplayChatModel(context.testClass().model().orElseThrow(), caller);
        long start = System.nanoTime();
        Object value = plan.experimentMethod().invoke(context.testClass().instance(), item, null, model);
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        return new PromptResult(item, plan.experimentMethod().outputText(value, item), latency,
                model == null ? Usage.NONE : model.usage(), model == null ? "" : model.model());
    }

    private void record(TestDescriptor node, ItemResult result) {
        results.put(result.item().id(), result);
        context.listener().reportingEntryPublished(node, ReportEntry.from(reportEntry(result)));
        // Surefire's XML ignores report entries but keeps a test's output: print the line there too.
        System.out.println(summaryLine(result));
        for (ResultSink.Recorder recorder : recorders) {
            try {
                recorder.record(result);
            } catch (Exception e) {
                note("result sink failed to record item " + result.item().id() + ": " + e);
            }
        }
    }

    private static Map<String, String> reportEntry(ItemResult result) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("item", result.item().id());
        entry.put("status", result.status().name().toLowerCase());
        for (Score score : result.scores()) {
            entry.put("score." + score.name(), score.formattedValue());
        }
        entry.put("latency_ms", String.valueOf(result.latency().toMillis()));
        entry.put("tokens.input", String.valueOf(result.usage().inputTokens()));
        entry.put("tokens.output", String.valueOf(result.usage().outputTokens()));
        if (!result.model().isEmpty()) {
            entry.put("model", result.model());
        }
        entry.put("output", result.output().isEmpty() ? "(none)" : result.output());
        return entry;
    }

    /** {@code case-001 · … PASSED json_matches_expected=1.00 valid_json=true · 812 ms · tokens 450/320}. */
    static String summaryLine(ItemResult result) {
        StringBuilder line = new StringBuilder("[prompt-experiment] ").append(result.item().displayName()).append(": ")
                .append(result.status());
        result.scores().forEach(score -> line.append(' ').append(score.name()).append('=').append(score.formattedValue()));
        line.append(" · ").append(Format.millis(result.latency()))
                .append(" · tokens ").append(result.usage().inputTokens()).append('/').append(result.usage().outputTokens());
        return line.toString();
    }

    private static String failureMessage(ItemResult result) {
        StringBuilder message = new StringBuilder(result.item().displayName()).append(" failed ")
                .append(result.failures().size()).append(result.failures().size() == 1 ? " check" : " checks").append(":\n");
        result.failures().forEach(failure -> message.append("  ✗ ").append(failure.replace("\n", "\n    ")).append('\n'));
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

    /** Checks the experiment thresholds over the items that ran, failing with the items that fell short. */
    void checkThresholds(TestDescriptor node) {
        List<ItemResult> items = orderedResults();
        List<String> lines = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ExperimentThreshold threshold : plan.thresholds()) {
            if (!threshold.metric().isBlank() && evaluators.stream().noneMatch(e -> e.name().equals(threshold.metric()))) {
                throw new ItemErroredException("@Threshold metric '" + threshold.metric() + "' of experiment "
                        + plan.name() + " is not a score of any evaluator; evaluators: "
                        + evaluators.stream().map(Evaluator::name).toList(), null);
            }
            for (ExperimentThreshold.Verdict verdict : threshold.check(items)) {
                lines.add(verdict.line());
                if (!verdict.held()) {
                    StringBuilder failure = new StringBuilder(verdict.line());
                    verdict.culprits().forEach(culprit -> failure.append("\n    ").append(culprit));
                    failed.add(failure.toString());
                }
            }
        }
        thresholdLines = List.copyOf(lines);
        ExperimentSummary summary = summary();
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("items", String.valueOf(items.size()));
        entry.put("pass_rate", Format.score(summary.passRate()));
        summary.means().forEach((metric, mean) -> entry.put("mean." + metric, Format.score(mean)));
        context.listener().reportingEntryPublished(node, ReportEntry.from(entry));
        lines.forEach(line -> System.out.println("[prompt-experiment] " + plan.name() + " " + line));
        if (!failed.isEmpty()) {
            throw new AssertionFailedError("Experiment " + plan.name() + " missed " + failed.size() + " of "
                    + lines.size() + " thresholds over " + items.size() + " items:\n  " + String.join("\n  ", failed));
        }
    }

    /** Ends the run: the sinks finish and the console shows the summary table. */
    void finish() {
        ExperimentSummary summary = summary();
        List<String> links = new ArrayList<>();
        for (ResultSink.Recorder recorder : recorders) {
            try {
                String link = recorder.finish(summary);
                if (!link.isBlank()) {
                    links.add(link);
                }
            } catch (Exception e) {
                note("result sink failed to finish the run: " + e);
            }
        }
        if (!context.config().items().isEmpty()) {
            note("only items " + context.config().items() + " were selected (prompt.experiment.items)");
        }
        System.out.print(ConsoleSummary.render(summary, notes, links));
    }

    private ExperimentSummary summary() {
        return new ExperimentSummary(plan.name(), orderedResults(), thresholdLines);
    }

    /** Results in the dataset's order, whatever order the items finished in. */
    private List<ItemResult> orderedResults() {
        return plan.items().stream().map(item -> results.get(item.id())).filter(r -> r != null).toList();
    }

    private synchronized void note(String note) {
        notes.add(note);
        System.err.println("[prompt-experiment] " + note);
    }

    /** The target or an evaluator threw: the item errors (rather than fails) with the cause. */
    static final class ItemErroredException extends RuntimeException {
        ItemErroredException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

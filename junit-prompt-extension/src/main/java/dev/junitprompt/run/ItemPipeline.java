package dev.junitprompt.run;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.EvaluationContext;
import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.MissingBaselineOutputException;
import dev.junitprompt.api.MissingExpectedOutputException;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;
import dev.junitprompt.internal.Secrets;
import dev.junitprompt.model.ModelRequest;
import dev.junitprompt.model.ModelResponse;
import dev.junitprompt.model.RecordReplayChatModel;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.Trace;
import dev.junitprompt.target.PromptMessage;
import dev.junitprompt.target.PromptTarget;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * One item run from start to {@link ItemResult}: the target (a prompt through the model, or a task
 * method) produces the output, each evaluator scores it and is held to its threshold, the check method
 * asserts on it. It prints and reports nothing, so it runs on any thread; what it found is all in the
 * result.
 */
final class ItemPipeline {

    private final Optional<PromptTarget> target;
    private final Optional<Task> task;
    private final Optional<Check> check;
    private final String taskName;
    private final List<Evaluator> evaluators;
    private final ModelStack models;
    /** The other output of each item, for pairwise judges. */
    private final PairedOutputs pairedOutputs;
    /** Whether this is the reference variant, which pairwise judges with nothing to weigh against leave unscored. */
    private final boolean isReference;
    /** The pairwise judges that left a score out because this is the reference variant, with how often. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> unpaired =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** The local target's folder ({@code targets/<name>}), where a judge's rubric may be kept. */
    private final Optional<Path> targetDirectory;
    /** The environment's credentials, kept out of every result: a user's client may throw with a key in its text. */
    private final Secrets secrets;

    ItemPipeline(Optional<PromptTarget> target, Optional<Task> task, Optional<Check> check, String taskName,
            List<Evaluator> evaluators, ModelStack models, PairedOutputs pairedOutputs, boolean isReference,
            Secrets secrets) {
        this.pairedOutputs = pairedOutputs;
        this.isReference = isReference;
        this.secrets = secrets;
        this.target = target;
        this.task = task;
        this.check = check;
        this.taskName = taskName;
        this.evaluators = List.copyOf(evaluators);
        this.models = models;
        this.targetDirectory = target.map(found -> found.origin()).filter(origin -> !origin.contains("://"))
                .map(origin -> Path.of(origin).getParent()).filter(folder -> folder != null
                        && java.nio.file.Files.isDirectory(folder));
    }

    /** Runs and scores one run of an item; what it says holds no secret of the environment. */
    ItemOutcome run(ScheduledRun run) {
        return runAndScore(run).redacted(secrets);
    }

    private ItemOutcome runAndScore(ScheduledRun run) {
        DatasetItem item = run.item();
        // The first run of an item keeps the unrepeated recording key, so what was recorded with one repetition
        // still replays when repetitions are added; later runs get keys of their own.
        int keyRepetition = run.repetition() > 1 ? run.repetition() : 0;
        String label = run.repetition() > 1 ? item.id() + " [" + run.repetition() + "]" : item.id();
        Instant start = Instant.now();
        Produced produced;
        try {
            produced = produce(item, keyRepetition, label);
        } catch (Throwable e) {
            // The time it took is part of what went wrong: a call that never answered cost its whole deadline.
            return new ItemOutcome(ItemResult.builder(item).repetition(run.repetition())
                    .error("Item '" + item.id() + "' could not be run on " + taskName + ": " + describe(e))
                    .latency(Duration.between(start, Instant.now())).build(), e);
        }
        PromptResult result = produced.result();
        ItemResult.Builder itemResult = ItemResult.builder(item).repetition(run.repetition()).prompt(produced.prompt())
                .output(result.output()).latency(result.latency()).usage(result.usage()).model(result.model());
        List<Trace.Evaluation> evaluations = new ArrayList<>();
        List<Score> scoresSoFar = new ArrayList<>();
        java.util.OptionalDouble outputCost = pricedCost(produced.calls());
        Throwable error = null;
        for (Evaluator evaluator : evaluators) {
            // Each evaluator gets models of its own, so the calls it makes (a judge's) are traced as its own.
            Optional<RecordReplayChatModel> model = models.chatModel(keyRepetition, label + " · " + evaluator.name());
            Optional<RecordReplayChatModel> judge = models.judgeModel(keyRepetition, label + " · " + evaluator.name());
            String evaluatorLabel = label + " · " + evaluator.name();
            EvaluationContext context = new Context(result, model.map(ChatModel.class::cast),
                    judge.map(ChatModel.class::cast), targetDirectory, List.copyOf(scoresSoFar), outputCost,
                    () -> pairedOutputs.of(item), embeddings -> models.recorded(embeddings, evaluatorLabel));
            Instant evaluationStart = Instant.now();
            Score score = null;
            String problem = "";
            try {
                score = evaluator.evaluate(context);
                itemResult.score(score);
                scoresSoFar.add(score);
                Thresholds.failure(evaluator, score).ifPresent(itemResult::failure);
            } catch (MissingBaselineOutputException e) {
                if (!isReference) {
                    error = error == null ? e : error;
                    problem = e.getMessage();
                    itemResult.failure(ItemResult.Failure.of(evaluator.name(), e.getMessage()));
                } else {
                    // The reference is what the other variants are weighed against: nothing to weigh it against.
                    problem = "no score: this is the reference variant, which the other variants are weighed against";
                    unpaired.computeIfAbsent(evaluator.name(), name -> new java.util.concurrent.atomic.AtomicInteger())
                            .incrementAndGet();
                }
            } catch (MissingExpectedOutputException | PromptResult.OutputNotJsonException e) {
                problem = e.getMessage();
                itemResult.failure(ItemResult.Failure.of(evaluator.name(), evaluator.name() + ": " + e.getMessage()));
            } catch (AssertionError e) {
                // An evaluator written with assertions fails the item, like a check method would.
                problem = String.valueOf(e.getMessage());
                itemResult.failure(ItemResult.Failure.of(evaluator.name(), evaluator.name() + ": " + e.getMessage()));
            } catch (Exception | Error e) {
                error = error == null ? e : error;
                problem = e.toString();
                itemResult.failure(ItemResult.Failure.of(evaluator.name(), evaluator.name() + " threw " + e));
            }
            List<Trace.ModelCall> evaluatorCalls = new ArrayList<>(model.map(models::traced).orElse(List.of()));
            judge.map(models::traced).ifPresent(evaluatorCalls::addAll);
            evaluations.add(new Trace.Evaluation(evaluator.name(), score, problem, evaluationStart, Instant.now(),
                    evaluatorCalls));
        }
        if (error == null && check.isPresent()) {
            try {
                check.get().check(item, result);
            } catch (AssertionError | PromptResult.OutputNotJsonException e) {
                // result.json() on an output that is not JSON is a verdict on the output, like a failed assertion.
                itemResult.failure(ItemResult.Failure.of(check.get().name(), check.get().name() + ": " + e.getMessage()));
            } catch (Throwable e) {
                error = e;
            }
        }
        String errorMessage = error == null ? "" : "Evaluating item '" + item.id() + "' threw: " + error;
        Trace trace = new Trace(start, Instant.now(), produced.calls(), evaluations);
        // Usage and cost are the item's whole: the target's calls and its evaluators' (a judge's) alike.
        List<Trace.ModelCall> calls = trace.allCalls();
        // What is priced adds up, a judge's alike; a model without a price is said apart (the summary names it).
        double cost = pricedCost(calls).orElse(Double.NaN);
        Usage evaluatorUsage = calls.subList(produced.calls().size(), calls.size()).stream()
                .map(Trace.ModelCall::usage).reduce(Usage.NONE, Usage::plus);
        return new ItemOutcome(itemResult.error(errorMessage).cost(cost).usage(result.usage().plus(evaluatorUsage))
                .trace(trace).build(), error);
    }

    /** What the priced ones of {@code calls} cost together; empty when none has a price. */
    private static java.util.OptionalDouble pricedCost(List<Trace.ModelCall> calls) {
        double[] priced = calls.stream().mapToDouble(Trace.ModelCall::cost).filter(value -> !Double.isNaN(value))
                .toArray();
        return priced.length == 0 ? java.util.OptionalDouble.empty()
                : java.util.OptionalDouble.of(java.util.Arrays.stream(priced).sum());
    }

    /** The prompt sent, the output and the model calls that made it. */
    private record Produced(List<PromptMessage> prompt, PromptResult result, List<Trace.ModelCall> calls) {
    }

    private Produced produce(DatasetItem item, int keyRepetition, String label) throws Throwable {
        if (target.isPresent()) {
            List<PromptMessage> prompt = target.get().render(item);
            ModelRequest request = models.request(target.get(), prompt, keyRepetition).withLabel(label);
            Instant start = Instant.now();
            ModelResponse response = models.call(request);
            Trace.ModelCall call = models.traced(request, response, start, Instant.now());
            return new Produced(prompt, new PromptResult(item, response.text(), response.latency(), response.usage(),
                    response.model(), response.toolCalls()), List.of(call));
        }
        // A task method gets its own recording model, so this item's calls add up to its usage.
        RecordReplayChatModel model = models.chatModel(keyRepetition, label).orElse(null);
        long start = System.nanoTime();
        String output = task.orElseThrow().run(item, model);
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        List<Trace.ModelCall> calls = model == null ? List.of() : models.traced(model);
        List<dev.junitprompt.api.ToolCall> toolCalls = model == null ? List.of() : model.calls().stream()
                .flatMap(call -> call.response().toolCalls().stream()).toList();
        return new Produced(List.of(), new PromptResult(item, output, latency,
                model == null ? Usage.NONE : model.usage(), model == null ? "" : model.model(), toolCalls), calls);
    }

    /** A throwable's message, or its type when it has none: no message says {@code null}. */
    private static String describe(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
    }

    /** The pairwise judges that left their score out in this reference variant, by how many item runs. */
    Map<String, Integer> unpaired() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        unpaired.forEach((name, count) -> counts.put(name, count.get()));
        return counts;
    }

    /** The other output is looked up only when an evaluator asks: only a pairwise judge waits for it. */
    private record Context(PromptResult result, Optional<ChatModel> model, Optional<ChatModel> judgeModel,
            Optional<Path> targetDirectory, List<Score> scores, java.util.OptionalDouble cost,
            java.util.function.Supplier<Optional<String>> pairedOutput,
            java.util.function.UnaryOperator<EmbeddingModel> recorder) implements EvaluationContext {

        @Override
        public Optional<String> baselineOutput() {
            return pairedOutput.get();
        }

        @Override
        public EmbeddingModel recorded(EmbeddingModel embeddings) {
            return recorder.apply(embeddings);
        }
    }
}

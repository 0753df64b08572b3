package dev.junitprompt.api;

import java.util.Optional;

import org.apiguardian.api.API;

import dev.langchain4j.model.chat.ChatModel;

/**
 * What an evaluator is given for one output: the result (item, output, expected, usage, latency) and,
 * for evaluators that ask a model themselves (an LLM judge), the experiment's model. Calls made through
 * {@link #model()} go through the run's recordings, retries and concurrency budget, as the target's do,
 * so they replay in CI without a key and are traced with the item.
 *
 * <pre>{@code
 * public Score evaluate(EvaluationContext context) {
 *     ChatModel judge = context.model().orElseThrow();
 *     String verdict = judge.chat("Is this polite? " + context.result().output());
 *     return Score.of("polite", verdict.startsWith("yes"));
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface EvaluationContext {

    /** The output being evaluated, with its item. */
    PromptResult result();

    /** The dataset item the output is for. */
    default DatasetItem item() {
        return result().item();
    }

    /**
     * The experiment's model — the class's {@code @PromptModel}, else the target's — through the run's
     * recordings, retries and concurrency budget; empty when the experiment has no model.
     */
    Optional<ChatModel> model();

    /**
     * The model LLM judges ask: the class's {@link JudgeModel}, else {@code prompt.experiment.judge.model}, else
     * {@link #model()}; through the run's recordings, retries and concurrency budget. Empty when there is none.
     */
    default Optional<ChatModel> judgeModel() {
        return model();
    }

    /**
     * What producing the output cost, by the price table: the target's (or task's) model calls, not the evaluators'.
     * Empty when no call had a price.
     */
    default java.util.OptionalDouble cost() {
        return java.util.OptionalDouble.empty();
    }

    /**
     * The output a pairwise judge weighs this output against: in a variant of an experiment with several targets,
     * the reference variant's (the first target's) for the item, waiting for it when it is still running; otherwise,
     * or when the reference does not run the item, the baseline's (its first run's), when the run is compared with a
     * baseline that has the item ({@code prompt.experiment.baseline}). Empty when there is neither.
     */
    default Optional<String> baselineOutput() {
        return Optional.empty();
    }

    /** The scores the evaluators before this one gave the output, in their order (for a weighted overall score). */
    default java.util.List<Score> scores() {
        return java.util.List.of();
    }

    /**
     * {@code model} with its calls going through the run's recordings, keyed by the model's name and the text: an
     * evaluator that embeds with a user's model (as {@code similar_to_expected} does, given one) asks here, so CI
     * replays the embeddings with no key. Without an engine, {@code model} itself.
     */
    default dev.langchain4j.model.embedding.EmbeddingModel recorded(dev.langchain4j.model.embedding.EmbeddingModel model) {
        return model;
    }

    /** The folder of the local target under test ({@code targets/<name>}), for files kept beside it. */
    default Optional<java.nio.file.Path> targetDirectory() {
        return Optional.empty();
    }
}

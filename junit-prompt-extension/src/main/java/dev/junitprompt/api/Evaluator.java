package dev.junitprompt.api;

import java.util.OptionalDouble;

import org.apiguardian.api.API;

/**
 * Scores the output of one item. Implementations are plain Java objects: declare them with
 * {@link Evaluate} or return them from an {@link EvaluatorSource} method.
 *
 * <p>An evaluator that needs the expected output reads {@link PromptResult#expected()}, which fails the
 * evaluation clearly when the item has none. An exception thrown here errors the evaluation of this
 * item only; the other items still run.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface Evaluator {

    /** Name of the score this evaluator produces, e.g. {@code json_matches_expected}. */
    String name();

    /** Scores one output. */
    Score evaluate(PromptResult result) throws Exception;

    /**
     * Scores one output with what the run offers evaluators: override this instead of
     * {@link #evaluate(PromptResult)} when the evaluator needs a model (an LLM judge). The engine calls
     * this one; by default it scores {@link EvaluationContext#result()}.
     */
    default Score evaluate(EvaluationContext context) throws Exception {
        return evaluate(context.result());
    }

    /**
     * Checks, before anything runs, that this evaluator can score {@code item}: that the item fields its
     * arguments name exist. By default there is nothing to check.
     *
     * @throws IllegalArgumentException naming the missing field and what the item has
     */
    default void validate(DatasetItem item) {
    }

    /**
     * This evaluator under another name: its score is named {@code name} in results, reports and thresholds.
     * Two evaluators of one experiment may not share a name.
     */
    default Evaluator named(String name) {
        return new NamedEvaluator(this, name);
    }

    /** This evaluator with a per-item threshold: an item scoring below {@code threshold} fails. */
    default Evaluator min(double threshold) {
        return new MinScoreEvaluator(this, threshold);
    }

    /** The per-item threshold, empty when the score is only recorded. */
    default OptionalDouble threshold() {
        return OptionalDouble.empty();
    }
}

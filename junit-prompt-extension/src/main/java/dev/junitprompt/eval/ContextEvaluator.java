package dev.junitprompt.eval;

import dev.junitprompt.api.EvaluationContext;
import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;

/**
 * An evaluator that needs what only the engine gives ({@link EvaluationContext}: a judge model, the item's cost, the
 * scores before it): scoring a bare {@link PromptResult} says so rather than guessing.
 */
interface ContextEvaluator extends Evaluator {

    /** What the evaluator takes from the context, for the message: {@code a judge model}. */
    String needs();

    @Override
    default Score evaluate(PromptResult result) {
        throw new IllegalStateException("Evaluator '" + name() + "' needs " + needs() + ": it is run with an "
                + "EvaluationContext (evaluate(EvaluationContext)), as the engine does");
    }

    @Override
    Score evaluate(EvaluationContext context) throws Exception;
}

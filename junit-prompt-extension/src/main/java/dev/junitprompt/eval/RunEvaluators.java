package dev.junitprompt.eval;

import org.apiguardian.api.API;

import dev.junitprompt.api.RunEvaluator;

/**
 * The built-in {@link RunEvaluator}s, which score a whole run once its items are done. Return them from an
 * {@code @EvaluatorSource} method beside item evaluators:
 *
 * <pre>{@code
 * @EvaluatorSource
 * static List<Object> evaluators() {
 *     return List.of(Evaluators.exactMatch(), RunEvaluators.classification());
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RunEvaluators {

    private RunEvaluators() {
    }

    /** Accuracy, precision, recall and F1 of the outputs as labels against the expected ones; see {@link Classification}. */
    public static Classification classification() {
        return new Classification(null, null);
    }
}

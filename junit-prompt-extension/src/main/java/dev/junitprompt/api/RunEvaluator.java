package dev.junitprompt.api;

import java.util.List;

import org.apiguardian.api.API;

/**
 * Scores a whole run once its items are done: all their results in, run-level scores out, such as precision,
 * recall and F1 over a classification dataset, or how often a judge agrees with the expected labels. Return it
 * from an {@link EvaluatorSource} method beside item evaluators. Its scores are the run's in every backend (a
 * Langfuse dataset run's scores, LangSmith's summary feedback), in the summary and report, and
 * {@code @Threshold(metric = "f1", min = 0.8)} holds them to a bound.
 *
 * <pre>{@code
 * @EvaluatorSource
 * static List<Object> evaluators() {
 *     return List.of(Evaluators.exactMatch(), RunEvaluators.classification());
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface RunEvaluator {

    /** Who scores, for messages. */
    String name();

    /** The names of the scores {@link #evaluate} returns, known before the run so thresholds can be checked. */
    default List<String> metrics() {
        return List.of(name());
    }

    /**
     * Scores the run.
     *
     * @param results every item run, in dataset order (each repetition its own), with its scores
     */
    List<Score> evaluate(List<ScoredResult> results) throws Exception;

    /**
     * One item run as a run evaluator sees it: the output with its item, which repetition it was, and the item
     * evaluators' scores.
     */
    record ScoredResult(PromptResult result, int repetition, List<Score> scores) {

        public ScoredResult {
            scores = List.copyOf(scores);
        }

        /** The score named {@code name}, if an evaluator gave one. */
        public java.util.Optional<Score> score(String name) {
            return scores.stream().filter(score -> score.name().equals(name)).findFirst();
        }
    }
}

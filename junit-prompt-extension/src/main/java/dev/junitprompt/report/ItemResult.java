package dev.junitprompt.report;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;

/**
 * The outcome of one item: what went in, what came out, how it scored and why it failed.
 *
 * @param item     the dataset item
 * @param output   the output text, empty when the target errored before producing one
 * @param scores   one score per evaluator that ran, in declaration order
 * @param failures one line per check that fell short (evaluator below its threshold, a failed assertion)
 * @param error    the exception's message when the target or an evaluator threw, empty otherwise
 * @param latency  wall time of the model call or task method
 * @param usage    token usage
 * @param model    the model that answered, empty for a task method
 */
public record ItemResult(DatasetItem item, String output, List<Score> scores, List<String> failures, String error,
        Duration latency, Usage usage, String model) {

    public ItemResult {
        scores = List.copyOf(scores);
        failures = List.copyOf(failures);
        error = error == null ? "" : error;
    }

    /** How an item ended, as the test reports it. */
    public enum Status { PASSED, FAILED, ERRORED }

    public Status status() {
        if (!error.isEmpty()) {
            return Status.ERRORED;
        }
        return failures.isEmpty() ? Status.PASSED : Status.FAILED;
    }

    public boolean passed() {
        return status() == Status.PASSED;
    }

    public Optional<Score> score(String name) {
        return scores.stream().filter(score -> score.name().equals(name)).findFirst();
    }
}

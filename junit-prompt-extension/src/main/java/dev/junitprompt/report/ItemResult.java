package dev.junitprompt.report;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;

/**
 * The outcome of one run of an item (one repetition): what went in, what came out, how it scored and
 * why it failed.
 *
 * @param item       the dataset item
 * @param repetition which run of the item this is, from 1
 * @param output     the output text, empty when the target errored before producing one
 * @param scores     one score per evaluator that ran, in declaration order
 * @param failures   one line per check that fell short (evaluator below its threshold, a failed assertion)
 * @param error      the exception's message when the target or an evaluator threw, empty otherwise
 * @param latency    wall time of the model call or task method
 * @param usage      token usage
 * @param model      the model that answered, empty for a task method that called none
 * @param cost       what the model calls cost by the price table, NaN when the price is unknown
 * @param trace      the model calls and evaluations with their timestamps, for tracing sinks
 */
public record ItemResult(DatasetItem item, int repetition, String output, List<Score> scores, List<String> failures,
        String error, Duration latency, Usage usage, String model, double cost, Trace trace) {

    public ItemResult {
        scores = List.copyOf(scores);
        failures = List.copyOf(failures);
        error = error == null ? "" : error;
        model = model == null ? "" : model;
        trace = trace == null ? Trace.EMPTY : trace;
    }

    /** A single run (no repetitions) without a known cost. */
    public ItemResult(DatasetItem item, String output, List<Score> scores, List<String> failures, String error,
            Duration latency, Usage usage, String model) {
        this(item, 1, output, scores, failures, error, latency, usage, model, Double.NaN, Trace.EMPTY);
    }

    /** How a run ended, as the test reports it. */
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

    public boolean costKnown() {
        return !Double.isNaN(cost);
    }

    public Optional<Score> score(String name) {
        return scores.stream().filter(score -> score.name().equals(name)).findFirst();
    }
}

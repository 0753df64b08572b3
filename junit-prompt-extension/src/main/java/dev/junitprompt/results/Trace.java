package dev.junitprompt.results;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;
import dev.junitprompt.target.PromptMessage;

/**
 * What happened inside one item run, with timestamps: the model calls and the evaluations. Result
 * sinks that trace (Langfuse, LangSmith) rebuild their spans and runs from it after the fact, so
 * tracing never sits on the item's hot path. The run record keeps it whole.
 *
 * @param start       when the run started
 * @param end         when it ended
 * @param calls       the model calls, in order
 * @param evaluations the evaluators that ran, in order
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Trace(Instant start, Instant end, List<ModelCall> calls, List<Evaluation> evaluations) {

    public static final Trace EMPTY = new Trace(Instant.EPOCH, Instant.EPOCH, List.of(), List.of());

    public Trace {
        calls = List.copyOf(calls);
        evaluations = List.copyOf(evaluations);
    }

    /**
     * One model call.
     *
     * @param provider   the provider, e.g. {@code openai}
     * @param model      the model that answered (or was asked for)
     * @param parameters temperature, max_tokens… as sent
     * @param messages   the prompt
     * @param output     the answer's text
     * @param usage      its token usage
     * @param cost       its cost by the price table, NaN when unknown
     * @param inputCost  the part of {@code cost} its input tokens cost, NaN when unknown
     * @param start      when it started
     * @param end        when it ended
     * @param replayed   true when the answer came from a recording
     * @param attempts   how many attempts the answer took, 1 when the first one answered
     */
    public record ModelCall(String provider, String model, Map<String, Object> parameters, List<PromptMessage> messages,
            String output, Usage usage, double cost, double inputCost, Instant start, Instant end, boolean replayed,
            int attempts) {

        public ModelCall {
            parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
            messages = List.copyOf(messages);
        }

        /** The call without its parameters, prompt, answer and times: see {@link Trace#compact()}. */
        ModelCall compact() {
            return new ModelCall(provider, model, Map.of(), List.of(), "", usage, cost, inputCost, Instant.EPOCH,
                    Instant.EPOCH, replayed, attempts);
        }

        /** The part of {@link #cost()} its output tokens cost, NaN when unknown. */
        public double outputCost() {
            return cost - inputCost;
        }
    }

    /**
     * One evaluator's run on the output.
     *
     * @param evaluator the evaluator's name
     * @param score     its score, or {@code null} when it failed or threw
     * @param error     why it produced no score, empty otherwise
     * @param start     when it started
     * @param end       when it ended
     * @param calls     the model calls it made itself (an LLM judge's), in order
     */
    public record Evaluation(String evaluator, Score score, String error, Instant start, Instant end,
            List<ModelCall> calls) {

        public Evaluation {
            calls = List.copyOf(calls);
        }

        /** An evaluation that called no model. */
        public Evaluation(String evaluator, Score score, String error, Instant start, Instant end) {
            this(evaluator, score, error, start, end, List.of());
        }
    }

    /**
     * What a run keeps of the trace in memory once the item is recorded (the run record keeps it whole): only the
     * model calls that {@link #retries()} and the judges' share of the cost are figured from — the target's calls that
     * took retries and the evaluators' calls — without their prompts, answers, parameters or times. Usually
     * {@link #EMPTY}.
     */
    public Trace compact() {
        List<ModelCall> retried = calls.stream().filter(call -> call.attempts() > 1).map(ModelCall::compact).toList();
        List<Evaluation> judged = evaluations.stream().filter(evaluation -> !evaluation.calls().isEmpty())
                .map(evaluation -> new Evaluation(evaluation.evaluator(), evaluation.score(), evaluation.error(),
                        Instant.EPOCH, Instant.EPOCH, evaluation.calls().stream().map(ModelCall::compact).toList()))
                .toList();
        return retried.isEmpty() && judged.isEmpty() ? EMPTY : new Trace(Instant.EPOCH, Instant.EPOCH, retried, judged);
    }

    /** Retries the run's model calls took, beyond their first attempts. */
    public int retries() {
        return allCalls().stream().mapToInt(call -> call.attempts() - 1).sum();
    }

    /** Every model call of the run: the target's, then the evaluators'. */
    public List<ModelCall> allCalls() {
        List<ModelCall> all = new java.util.ArrayList<>(calls);
        evaluations.forEach(evaluation -> all.addAll(evaluation.calls()));
        return all;
    }
}

package dev.junitprompt.results;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.apiguardian.api.API;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;
import dev.junitprompt.target.PromptMessage;

/**
 * The outcome of one run of an item (one repetition): what went in, what came out, how it scored and
 * why it failed. Everything downstream of the run (JUnit outcomes, reports, backends, the run record)
 * reads it; build one with {@link #builder(DatasetItem)}.
 *
 * @param item       the dataset item
 * @param repetition which run of the item this is, from 1
 * @param prompt     the messages the target rendered for the item and sent, empty for a task method
 * @param output     the output text, empty when the target errored before producing one
 * @param scores     one score per evaluator that ran, in declaration order
 * @param failures   one per check that fell short (an evaluator below its threshold, a failed assertion)
 * @param error      the exception's message when the target or an evaluator threw, empty otherwise
 * @param latency    wall time of the model call or task method
 * @param usage      token usage
 * @param model      the model that answered, empty for a task method that called none
 * @param cost       what the model calls cost by the price table, NaN when the price is unknown
 * @param trace      the model calls and evaluations with their timestamps
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ItemResult(DatasetItem item, int repetition, List<PromptMessage> prompt, String output,
        List<Score> scores, List<Failure> failures, String error, Duration latency, Usage usage, String model,
        double cost, Trace trace) {

    public ItemResult {
        Objects.requireNonNull(item, "item");
        prompt = List.copyOf(prompt);
        output = output == null ? "" : output;
        scores = List.copyOf(scores);
        failures = List.copyOf(failures);
        error = error == null ? "" : error;
        latency = latency == null ? Duration.ZERO : latency;
        usage = usage == null ? Usage.NONE : usage;
        model = model == null ? "" : model;
        trace = trace == null ? Trace.EMPTY : trace;
    }

    /**
     * This result with {@code rewrite} applied to every text it holds — output, error, failures, scores' comments and
     * metadata, the rendered prompt, the trace's messages and outputs — as its run-record line holds them; itself when
     * nothing changes. What redacts secrets from a result wherever they got into it.
     */
    public ItemResult rewritten(java.util.function.UnaryOperator<String> rewrite) {
        String line = RunRecordCodec.encode(this);
        String rewritten = rewrite.apply(line);
        if (rewritten.equals(line)) {
            return this;
        }
        return ((RunRecordCodec.ItemLine) RunRecordCodec.decode(rewritten, "the rewritten run of item " + item.id()))
                .result();
    }

    /** A result for {@code item}, first repetition, nothing produced yet: set what is known. */
    public static Builder builder(DatasetItem item) {
        return new Builder(item);
    }

    /** How a run ended, as the test reports it. */
    public enum Status {
        PASSED, FAILED, ERRORED;

        /** {@code passed}, {@code failed}, {@code errored}: as the run record and backends write it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status a {@link #label()} names. */
        public static Status ofLabel(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One check that fell short.
     *
     * @param evaluator the evaluator (or {@code method()} for the experiment method's own assertions)
     * @param score     the score it gave, NaN when it gave none (it could not score, or asserted)
     * @param threshold the threshold the score was held to, NaN when none applied
     * @param message   what a person reads: {@code judge = 0.40 < min 0.70}, with the evaluator's comment
     */
    public record Failure(String evaluator, double score, double threshold, String message) {

        public Failure {
            Objects.requireNonNull(evaluator, "evaluator");
            message = message == null ? "" : message;
        }

        /** A check that gave no score to hold to a threshold: the evaluator asserted, threw or could not score. */
        public static Failure of(String evaluator, String message) {
            return new Failure(evaluator, Double.NaN, Double.NaN, message);
        }
    }

    /**
     * What a run keeps in memory of the item run once it is recorded, so that a large dataset's results stay small:
     * all but the rendered prompt and the trace's detail (see {@link Trace#compact()}). The run record
     * ({@code results.jsonl}) keeps it whole; reports that show prompts and traces read them from there.
     */
    public ItemResult compact() {
        return new ItemResult(item, repetition, List.of(), output, scores, failures, error, latency, usage, model, cost,
                trace.compact());
    }

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

    /** Builds an {@link ItemResult}; what is not set is empty, zero or unknown (cost NaN). */
    public static final class Builder {

        private final DatasetItem item;
        private int repetition = 1;
        private List<PromptMessage> prompt = List.of();
        private String output = "";
        private final List<Score> scores = new ArrayList<>();
        private final List<Failure> failures = new ArrayList<>();
        private String error = "";
        private Duration latency = Duration.ZERO;
        private Usage usage = Usage.NONE;
        private String model = "";
        private double cost = Double.NaN;
        private Trace trace = Trace.EMPTY;

        private Builder(DatasetItem item) {
            this.item = Objects.requireNonNull(item, "item");
        }

        public Builder repetition(int repetition) {
            this.repetition = repetition;
            return this;
        }

        public Builder prompt(List<PromptMessage> prompt) {
            this.prompt = prompt;
            return this;
        }

        public Builder output(String output) {
            this.output = output;
            return this;
        }

        public Builder scores(List<Score> scores) {
            this.scores.addAll(scores);
            return this;
        }

        public Builder score(Score score) {
            this.scores.add(score);
            return this;
        }

        public Builder failures(List<Failure> failures) {
            this.failures.addAll(failures);
            return this;
        }

        public Builder failure(Failure failure) {
            this.failures.add(failure);
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        public Builder usage(Usage usage) {
            this.usage = usage;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder cost(double cost) {
            this.cost = cost;
            return this;
        }

        public Builder trace(Trace trace) {
            this.trace = trace;
            return this;
        }

        public ItemResult build() {
            return new ItemResult(item, repetition, prompt, output, scores, failures, error, latency, usage, model,
                    cost, trace);
        }
    }
}

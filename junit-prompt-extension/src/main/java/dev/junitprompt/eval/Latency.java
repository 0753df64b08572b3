package dev.junitprompt.eval;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.apiguardian.api.API;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;

/**
 * Passes when the item's output took at most the given time to produce: {@link PromptResult#latency()}, the wall
 * time of the model call or the task method, to the millisecond. A replayed answer keeps the latency it was
 * recorded with. The comment gives the time measured, the score's {@code latency_ms} metadata too. Argument:
 * {@code max_ms=<milliseconds>}. For the experiment's 95th percentile use
 * {@code @Threshold(maxLatencyP95Millis = …)}.
 *
 * <pre>{@code
 * Evaluators.latencyAtMost(Duration.ofSeconds(2)).min(1.0)    // an item slower than 2 s fails
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Latency implements Evaluator {

    static final String NAME = "latency";
    private static final String MAX_MS = "max_ms";

    private final Duration max;

    /** @param args exactly one argument, {@code max_ms=<milliseconds>} */
    public Latency(String... args) {
        this(Duration.ofMillis(parse(args)));
    }

    Latency(Duration max) {
        Objects.requireNonNull(max, "max");
        if (max.isNegative()) {
            throw new IllegalArgumentException("Evaluator '" + NAME + "' needs a maximum latency of 0 or more but got "
                    + max.toMillis() + " ms");
        }
        this.max = max;
    }

    private static int parse(String[] args) {
        String arg = Option.single(NAME, args, MAX_MS + "=<milliseconds>");
        return Option.parse(NAME, arg, List.of(MAX_MS)).count(NAME, "milliseconds");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Score evaluate(PromptResult result) {
        long millis = result.latency().toMillis();
        boolean within = millis <= max.toMillis();
        return Score.of(NAME, within)
                .withComment(millis + " ms, " + (within ? "within" : "more than") + " the maximum of " + max.toMillis()
                        + " ms")
                .withMetadata("latency_ms", millis);
    }

    @Override
    public String toString() {
        return NAME + " at most " + max.toMillis() + " ms";
    }
}

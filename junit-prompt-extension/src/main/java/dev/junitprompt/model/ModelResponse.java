package dev.junitprompt.model;

import java.time.Duration;
import java.util.List;

import org.apiguardian.api.API;

import dev.junitprompt.api.ToolCall;
import dev.junitprompt.api.Usage;

/**
 * What a model answered.
 *
 * @param text         the answer's text
 * @param model        the model that answered, as the provider reports it
 * @param usage        token usage
 * @param finishReason why generation stopped, as the provider says ({@code STOP}, {@code LENGTH}…); may be empty
 * @param latency      wall time of the call; for a replayed answer, the time it took when recorded
 * @param replayed     true when the answer came from a recording
 * @param attempts     how many attempts the answer took, 1 when the first one answered
 * @param toolCalls    the tools the model asked to have called, in its order; empty for a text answer
 */
@API(status = API.Status.INTERNAL)
public record ModelResponse(String text, String model, Usage usage, String finishReason, Duration latency,
        boolean replayed, int attempts, List<ToolCall> toolCalls) {

    /** A text answer to the first attempt. */
    public ModelResponse(String text, String model, Usage usage, String finishReason, Duration latency,
            boolean replayed) {
        this(text, model, usage, finishReason, latency, replayed, 1, List.of());
    }

    /** This answer, which took {@code attempts} attempts. */
    public ModelResponse withAttempts(int attempts) {
        return new ModelResponse(text, model, usage, finishReason, latency, replayed, attempts, toolCalls);
    }

    /** This answer, with the tools the model asked to have called. */
    public ModelResponse withToolCalls(List<ToolCall> calls) {
        return new ModelResponse(text, model, usage, finishReason, latency, replayed, attempts, calls);
    }

    public ModelResponse {
        // A reply without text (only a refusal or a tool call) is an empty output, the same live and replayed.
        text = text == null ? "" : text;
        model = model == null ? "" : model;
        finishReason = finishReason == null ? "" : finishReason;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
}

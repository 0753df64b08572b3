package dev.junitprompt.api;

import java.time.Duration;
import java.util.Objects;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The output of one item's run — the model's answer or the task method's return value — with what it
 * cost to get it.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class PromptResult {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatasetItem item;
    private final String output;
    private final Duration latency;
    private final Usage usage;
    private final String model;
    private final java.util.List<ToolCall> toolCalls;
    private JsonNode json;

    public PromptResult(DatasetItem item, String output, Duration latency, Usage usage, String model) {
        this(item, output, latency, usage, model, java.util.List.of());
    }

    /** A result whose model asked for tools: {@code toolCalls} in the order it asked. */
    public PromptResult(DatasetItem item, String output, Duration latency, Usage usage, String model,
            java.util.List<ToolCall> toolCalls) {
        this.item = Objects.requireNonNull(item, "item");
        this.output = output == null ? "" : output;
        this.latency = Objects.requireNonNull(latency, "latency");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.model = model == null ? "" : model;
        this.toolCalls = java.util.List.copyOf(toolCalls);
    }

    public DatasetItem item() {
        return item;
    }

    /** The output as text. */
    public String output() {
        return output;
    }

    /**
     * The output parsed as JSON. A Markdown code fence around it (as chat models like to add) is ignored.
     *
     * @throws OutputNotJsonException saying where the output stops being JSON
     */
    public synchronized JsonNode json() {
        if (json == null) {
            String text = unfenced(output);
            try {
                json = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                // A document nested too deep fails with no location.
                String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
                throw new OutputNotJsonException("Output of item '" + item.id() + "' is not valid JSON ("
                        + e.getOriginalMessage() + at + "):\n" + output);
            }
            if (json == null || json.isMissingNode()) {
                throw new OutputNotJsonException("Output of item '" + item.id() + "' is empty, not JSON");
            }
        }
        return json;
    }

    /**
     * The item's expected output.
     *
     * @throws MissingExpectedOutputException when the dataset has no expected output for this item
     */
    public JsonNode expected() {
        return item.expectedOutput().orElseThrow(() -> new MissingExpectedOutputException(item));
    }

    /** The expected output as text: strings as they are, other values as JSON. */
    public String expectedText() {
        JsonNode expected = expected();
        return expected.isTextual() ? expected.textValue() : expected.toString();
    }

    /** Wall time of the model call or task method. */
    public Duration latency() {
        return latency;
    }

    /** Tokens the model calls used, {@link Usage#NONE} for a task method. */
    public Usage usage() {
        return usage;
    }

    /**
     * The tools the model asked to have called (a target whose metadata declares {@code tools}; for a task method,
     * what its calls asked for), in order; empty when it only answered text. {@link #output()} is the reply's text.
     */
    public java.util.List<ToolCall> toolCalls() {
        return toolCalls;
    }

    /** The model that answered, empty for a task method. */
    public String model() {
        return model;
    }

    static String unfenced(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("```") && trimmed.endsWith("```") && trimmed.length() >= 6) {
            int firstLineEnd = trimmed.indexOf('\n');
            if (firstLineEnd > 0) {
                return trimmed.substring(firstLineEnd + 1, trimmed.length() - 3).strip();
            }
        }
        return trimmed;
    }

    /** Thrown by {@link #json()} when the output is not JSON. */
    public static final class OutputNotJsonException extends RuntimeException {
        OutputNotJsonException(String message) {
            super(message);
        }
    }
}

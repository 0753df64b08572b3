package dev.junitprompt.eval;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Usage;

/** Prompt results to evaluate, from JSON written inline. */
final class Results {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Results() {
    }

    /** An output of an item without inputs or expected output. */
    static PromptResult output(String output) {
        return result(output, "{}", null);
    }

    /** An output of an item without inputs; {@code expectedJson} is JSON, e.g. {@code "\"Paris\""}. */
    static PromptResult output(String output, String expectedJson) {
        return result(output, "{}", expectedJson);
    }

    /** An output of an item with the given inputs and expected output, both JSON; expected may be null. */
    static PromptResult result(String output, String inputsJson, String expectedJson) {
        DatasetItem item = new DatasetItem("interviews", "case-001", "", json(inputsJson),
                expectedJson == null ? null : json(expectedJson), null);
        return new PromptResult(item, output, Duration.ofMillis(5), Usage.NONE, "");
    }

    /** A reply that asked for {@code calls}, of an item whose expected output is {@code expectedJson} (may be null). */
    static PromptResult calling(String expectedJson, dev.junitprompt.api.ToolCall... calls) {
        DatasetItem item = new DatasetItem("weather", "case-001", "", json("{}"),
                expectedJson == null ? null : json(expectedJson), null);
        return new PromptResult(item, "", Duration.ofMillis(5), Usage.NONE, "", java.util.List.of(calls));
    }

    /** An output that took {@code latency} to produce. */
    static PromptResult took(Duration latency) {
        DatasetItem item = new DatasetItem("interviews", "case-001", "", json("{}"), null, null);
        return new PromptResult(item, "answer", latency, Usage.NONE, "");
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("Bad JSON in test: " + text, e);
        }
    }
}

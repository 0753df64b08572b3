package dev.junitprompt.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.ToolCall;

/**
 * Whether the model asked for a tool, by name, and with which arguments: for targets whose {@code .metadata.yaml}
 * declares {@code tools} (their {@link PromptResult#toolCalls()}). Passes when one of the calls the model asked for
 * matches. Arguments are compared as JSON, numbers by value: by default as a subset (the expected arguments must be
 * there, others may be too), or {@link #exactly()}. The pass/fail score is named after the tool,
 * {@code tool_called_get_weather}.
 *
 * <pre>{@code
 * Evaluators.toolCalled("get_weather").withArguments("{\"city\": \"Paris\"}").min(1.0);
 * Evaluators.toolCalled("get_weather").withArguments(Map.of("city", "Paris", "unit", "c")).exactly();
 * Evaluators.toolCalledAsExpected();   // the item's expected output: {"name": "get_weather", "arguments": {...}}
 * }</pre>
 *
 * <p>In {@code .metadata.yaml} or {@code @Evaluate(value = ToolCalled.class, args = …)}: {@code name=get_weather},
 * {@code arguments={"city": "Paris"}}, {@code match=subset|exact}; without {@code name}, the expected output says which
 * call is expected. The comment names the calls the model asked for, and what differed in their arguments.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ToolCalled implements Evaluator {

    /** The name of the built-in, for {@code .metadata.yaml}. */
    public static final String NAME = "tool_called";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYS = List.of("name", "arguments", "match");

    /** The expected tool, or empty to read it (and its arguments) from the item's expected output. */
    private final Optional<String> tool;
    /** The expected arguments, empty for any. */
    private final Optional<JsonNode> arguments;
    private final boolean exact;

    private ToolCalled(Optional<String> tool, Optional<JsonNode> arguments, boolean exact) {
        tool.ifPresent(name -> {
            if (name.isBlank()) {
                throw new IllegalArgumentException("Evaluator '" + NAME + "' needs the name of the tool it expects");
            }
        });
        arguments.ifPresent(value -> {
            if (!value.isObject()) {
                throw new IllegalArgumentException("Evaluator '" + NAME + "': the expected arguments must be a JSON "
                        + "object, such as {\"city\": \"Paris\"}, but are " + value);
            }
        });
        this.tool = tool;
        this.arguments = arguments;
        this.exact = exact;
    }

    /** A call of {@code tool}, with any arguments. */
    static ToolCalled of(String tool) {
        return new ToolCalled(Optional.of(tool), Optional.empty(), false);
    }

    /** The call the item's expected output describes: {@code {"name": "get_weather", "arguments": {...}}}. */
    static ToolCalled asExpected() {
        return new ToolCalled(Optional.empty(), Optional.empty(), false);
    }

    /** For {@code .metadata.yaml} and {@code @Evaluate}: {@code name=…}, {@code arguments={…}}, {@code match=…}. */
    public ToolCalled(String... args) {
        this(options(args));
    }

    private ToolCalled(Map<String, String> options) {
        this(Optional.ofNullable(options.get("name")),
                Optional.ofNullable(options.get("arguments")).map(text -> parse(text, "arguments=" + text)),
                match(options.getOrDefault("match", "subset")));
    }

    private static Map<String, String> options(String... args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            Option option = Option.parse(NAME, arg, KEYS);
            options.put(option.key(), option.value());
        }
        if (!options.containsKey("name") && options.containsKey("arguments")) {
            throw new IllegalArgumentException("Evaluator '" + NAME + "' got arguments= without name=: say which tool "
                    + "they are for, or leave both out to read the expected call from the item's expected output");
        }
        return options;
    }

    private static boolean match(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "subset" -> false;
            case "exact" -> true;
            default -> throw new IllegalArgumentException("Evaluator '" + NAME + "': match=" + value + " is neither "
                    + "subset (the expected arguments, others allowed) nor exact");
        };
    }

    private static JsonNode parse(String json, String what) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Evaluator '" + NAME + "': " + what + " is not JSON ("
                    + e.getOriginalMessage() + "); write the arguments as a JSON object, such as {\"city\": \"Paris\"}");
        }
    }

    /** This check, with the arguments the call must have, as JSON text: {@code {"city": "Paris"}}. */
    public ToolCalled withArguments(String json) {
        return new ToolCalled(tool, Optional.of(parse(json, "withArguments(" + json + ")")), exact);
    }

    /** This check, with the arguments the call must have, as Jackson turns {@code values} into JSON. */
    public ToolCalled withArguments(Map<String, ?> values) {
        return new ToolCalled(tool, Optional.of(JSON.valueToTree(values)), exact);
    }

    /** This check, taking the arguments to match exactly: none beyond the expected ones. */
    public ToolCalled exactly() {
        return new ToolCalled(tool, arguments, true);
    }

    /** {@code tool_called_get_weather}, or {@code tool_called} for the call the expected output names. */
    @Override
    public String name() {
        return tool.map(name -> NAME + "_" + name).orElse(NAME);
    }

    @Override
    public void validate(DatasetItem item) {
        if (tool.isEmpty()) {
            expectedCall(item);
        }
    }

    @Override
    public Score evaluate(PromptResult result) {
        String wanted = tool.orElseGet(() -> expectedCall(result.item()).getKey());
        Optional<JsonNode> wantedArguments = tool.isPresent() ? arguments : expectedCall(result.item()).getValue();
        List<ToolCall> calls = result.toolCalls();
        Score score;
        if (calls.isEmpty()) {
            score = Score.of(name(), false).withComment("asked for no tool, expected " + wanted + "; the model answered "
                    + (result.output().isBlank() ? "nothing" : "\"" + abbreviate(result.output()) + "\""));
        } else {
            List<String> problems = new ArrayList<>();
            Optional<ToolCall> match = Optional.empty();
            for (ToolCall call : calls) {
                if (!call.name().equals(wanted)) {
                    continue;
                }
                Optional<String> problem = wantedArguments.flatMap(expected -> difference(expected, call));
                if (problem.isEmpty()) {
                    match = Optional.of(call);
                    break;
                }
                problems.add(problem.get());
            }
            if (match.isPresent()) {
                score = Score.of(name(), true).withComment("asked for " + match.get());
            } else if (problems.isEmpty()) {
                score = Score.of(name(), false).withComment("did not ask for " + wanted + "; asked for "
                        + String.join(", ", calls.stream().map(ToolCall::toString).toList()));
            } else {
                score = Score.of(name(), false).withComment("asked for " + wanted + " with other arguments than expected "
                        + wantedArguments.get() + (exact ? " (exactly)" : "") + ":\n" + String.join("\n", problems));
            }
        }
        return score.withMetadata("tool_calls", calls.stream().map(ToolCall::toString).toList());
    }

    /** What is wrong with the call's arguments, empty when they match. */
    private Optional<String> difference(JsonNode expected, ToolCall call) {
        Optional<JsonNode> actual = call.json();
        if (actual.isEmpty()) {
            return Optional.of(call.name() + "'s arguments are not JSON: " + abbreviate(call.arguments()));
        }
        List<String> differences = JsonMatchesExpected.differences(expected, actual.get());
        if (!differences.isEmpty()) {
            return Optional.of(String.join("\n", differences));
        }
        if (exact) {
            // Whatever the call has that the expected arguments lack, found by comparing the other way round.
            List<String> beyond = JsonMatchesExpected.differences(actual.get(), expected).stream()
                    .map(line -> line.replaceFirst(": missing, expected ", ": not expected, but given ")).toList();
            if (!beyond.isEmpty()) {
                return Optional.of(String.join("\n", beyond));
            }
        }
        return Optional.empty();
    }

    /** The expected output's {@code {"name", "arguments"}}, or a message saying what the item should hold. */
    private static Map.Entry<String, Optional<JsonNode>> expectedCall(DatasetItem item) {
        JsonNode expected = item.expectedOutput().orElse(null);
        if (expected == null || !expected.path("name").isTextual() || expected.path("name").asText().isBlank()
                || expected.has("arguments") && !expected.get("arguments").isObject()) {
            throw new IllegalArgumentException("Evaluator '" + NAME + "' without name= reads the expected call from the "
                    + "expected output, but item '" + item.id() + "' has " + (expected == null ? "none" : expected)
                    + "; give it {\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}} in expected.json, or "
                    + "name the tool in the evaluator");
        }
        return Map.entry(expected.get("name").asText(), Optional.ofNullable(expected.get("arguments")));
    }

    private static String abbreviate(String text) {
        String flat = text.strip().replace('\n', ' ');
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }

    @Override
    public String toString() {
        return NAME + tool.map(name -> " " + name).orElse(" as expected") + arguments.map(value -> " " + value).orElse("")
                + (exact ? " exactly" : "");
    }
}

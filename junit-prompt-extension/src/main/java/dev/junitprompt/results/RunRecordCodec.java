package dev.junitprompt.results;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;
import dev.junitprompt.target.PromptMessage;

/**
 * The JSON of each line of a run record, both ways. Every line is an object whose {@code type} says what
 * it holds: {@code run} (the header, first), {@code item} (one item run), {@code summary} (last, when the
 * run finished). Written fields are exactly what is read back, in a fixed order (map keys sorted), so
 * write → read → write gives the same bytes; figures derived from others ({@code status}, the summary's
 * {@code figures}) are written for people and tools and recomputed on reading.
 */
final class RunRecordCodec {

    /** The record's format; a reader refuses a newer one rather than misread it. */
    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private RunRecordCodec() {
    }

    /** A decoded line. */
    sealed interface Line permits Header, ItemLine, SummaryLine {
    }

    /** The header: the run, and the ids of its items (their contents are on the item lines). */
    record Header(RunInfo info, List<String> itemIds) implements Line {

        RunInfo withItems(List<DatasetItem> items) {
            return new RunInfo(info.experiment(), info.runId(), info.testClass(), info.dataset(),
                    info.datasetSource(), info.datasetVersion(), items, info.target(), info.prompt(), info.model(),
                    info.startedAt(), info.gitCommit(), info.settings());
        }
    }

    record ItemLine(ItemResult result) implements Line {
    }

    /** What the summary holds beyond the item runs it is computed from. */
    record SummaryLine(List<String> thresholds, PassRule rule, int atLeast, double passTarget, List<String> notes,
            List<String> links, List<Score> runScores) implements Line {

        ExperimentSummary summary(String experiment, List<ItemResult> results) {
            return ExperimentSummary.builder(experiment).results(results).thresholds(thresholds)
                    .passRule(rule, atLeast).passTarget(passTarget).notes(notes).links(links).runScores(runScores)
                    .build();
        }
    }

    static String encode(RunInfo run) {
        ObjectNode line = JSON.createObjectNode().put("type", "run").put("format", FORMAT);
        line.put("experiment", run.experiment()).put("run", run.runId()).put("test_class", run.testClass());
        line.putObject("dataset").put("name", run.dataset()).put("source", run.datasetSource())
                .put("version", run.datasetVersion());
        line.put("target", run.target());
        line.putObject("prompt").put("hash", run.prompt().hash()).put("version", run.prompt().version())
                .put("label", run.prompt().label());
        ObjectNode model = line.putObject("model").put("provider", run.model().provider())
                .put("name", run.model().name());
        model.set("parameters", JSON.valueToTree(run.model().parameters()));
        line.put("started_at", run.startedAt().toString());
        line.put("git_commit", run.gitCommit());
        line.set("settings", JSON.valueToTree(run.settings()));
        ArrayNode items = line.putArray("items");
        run.items().forEach(item -> items.add(item.id()));
        return write(line);
    }

    static String encode(ItemResult result) {
        ObjectNode line = JSON.createObjectNode().put("type", "item");
        DatasetItem item = result.item();
        line.put("item", item.id()).put("repetition", result.repetition()).put("status", result.status().label());
        line.put("dataset", item.dataset()).put("description", item.description());
        line.set("input", item.inputs());
        if (item.expected() != null) {
            line.set("expected", item.expected());
        }
        line.set("metadata", item.metadata());
        line.set("prompt", messages(result.prompt()));
        line.put("output", result.output());
        ArrayNode scores = line.putArray("scores");
        result.scores().forEach(score -> scores.add(score(score)));
        ArrayNode failures = line.putArray("failures");
        for (ItemResult.Failure failure : result.failures()) {
            ObjectNode json = failures.addObject().put("evaluator", failure.evaluator());
            number(json, "score", failure.score());
            number(json, "threshold", failure.threshold());
            json.put("message", failure.message());
        }
        line.put("error", result.error());
        line.put("latency_ms", millis(result.latency()));
        line.put("retries", result.trace().retries());
        line.put("model", result.model());
        number(line, "cost", result.cost());
        line.set("usage", usage(result.usage()));
        line.set("trace", trace(result.trace()));
        return write(line);
    }

    static String encode(ExperimentSummary summary) {
        ObjectNode line = JSON.createObjectNode().put("type", "summary");
        line.put("pass_rule", summary.rule().name().toLowerCase(java.util.Locale.ROOT));
        line.put("at_least", summary.atLeast());
        if (summary.rule() == PassRule.WILSON) {
            line.put("pass_target", summary.passTarget());
        }
        line.set("thresholds", JSON.valueToTree(summary.thresholds()));
        line.set("notes", JSON.valueToTree(summary.notes()));
        line.set("links", JSON.valueToTree(summary.links()));
        ArrayNode runScores = line.putArray("run_scores");
        summary.runScores().forEach(score -> runScores.add(score(score)));
        ObjectNode figures = line.putObject("figures");
        figures.put("items", summary.itemIds().size()).put("runs", summary.results().size());
        for (ItemResult.Status status : ItemResult.Status.values()) {
            figures.put(status.label(), summary.count(status));
        }
        figures.put("pass_rate", summary.passRate());
        ObjectNode means = figures.putObject("means");
        summary.means().forEach((metric, mean) -> number(means, metric, mean));
        figures.put("latency_p50_ms", millis(summary.latencyPercentile(50)));
        figures.put("latency_p95_ms", millis(summary.latencyPercentile(95)));
        figures.set("usage", usage(summary.usage()));
        figures.put("cost", summary.cost());
        return write(line);
    }

    /**
     * The item id of an item line, read with the streaming parser only as far as its {@code "item"} field (the
     * second the codec writes), so a reader after a few items skips the others without decoding them; empty for a
     * run or summary line, or a line that is not JSON (decoding it says what is wrong).
     */
    static java.util.Optional<String> itemId(String text) {
        try (com.fasterxml.jackson.core.JsonParser parser = JSON.getFactory().createParser(text)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return java.util.Optional.empty();
            }
            String id = null;
            boolean item = false;
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                com.fasterxml.jackson.core.JsonToken value = parser.nextToken();
                if (field.equals("type")) {
                    if (!parser.getText().equals("item")) {
                        return java.util.Optional.empty();
                    }
                    item = true;
                } else if (field.equals("item") && value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                    id = parser.getText();
                } else {
                    parser.skipChildren();
                }
                if (item && id != null) {
                    return java.util.Optional.of(id);
                }
            }
        } catch (java.io.IOException e) {
            // Not JSON (a line cut short): decoding it says so.
        }
        return java.util.Optional.empty();
    }

    /** Decodes one line; {@code where} names the file and line in what it throws. */
    static Line decode(String text, String where) {
        JsonNode line;
        try {
            line = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RunRecordException(where + " is not JSON: " + e.getOriginalMessage(), e);
        }
        Reader reader = new Reader(where);
        try {
            String type = reader.text(line, "type");
            return switch (type) {
                case "run" -> reader.header(line);
                case "item" -> new ItemLine(reader.item(line));
                case "summary" -> reader.summary(line);
                default -> throw new RunRecordException(where + ": unknown line type '" + type
                        + "'; a run record has run, item and summary lines");
            };
        } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
            throw new RunRecordException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * The figures a summary line holds as written (with its thresholds), or empty when {@code text} is no summary
     * line: not JSON (a line cut short), or of another type.
     */
    static java.util.Optional<RunOverview.Figures> figures(String text, String where) {
        JsonNode line;
        try {
            line = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return java.util.Optional.empty();
        }
        if (!line.path("type").asText().equals("summary")) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new Reader(where).figures(line));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RunRecordException(where + ": " + e.getMessage(), e);
        }
    }

    private static String write(ObjectNode line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a run record line: " + e.getOriginalMessage(), e);
        }
    }

    private static ArrayNode messages(List<PromptMessage> messages) {
        ArrayNode array = JSON.createArrayNode();
        messages.forEach(message -> array.addObject().put("role", message.role()).put("content", message.content()));
        return array;
    }

    private static ObjectNode score(Score score) {
        ObjectNode json = JSON.createObjectNode().put("name", score.name())
                .put("type", score.type().name().toLowerCase(java.util.Locale.ROOT));
        if (score.type() == Score.Type.CATEGORICAL) {
            json.put("category", score.category());
        } else {
            json.put("value", score.value());
        }
        json.put("comment", score.comment());
        json.set("metadata", JSON.valueToTree(score.metadata()));
        return json;
    }

    private static ObjectNode usage(Usage usage) {
        return JSON.createObjectNode().put("input_tokens", usage.inputTokens())
                .put("output_tokens", usage.outputTokens()).put("total_tokens", usage.totalTokens());
    }

    private static ObjectNode trace(Trace trace) {
        ObjectNode json = JSON.createObjectNode().put("start", trace.start().toString())
                .put("end", trace.end().toString());
        json.set("calls", calls(trace.calls()));
        ArrayNode evaluations = json.putArray("evaluations");
        for (Trace.Evaluation evaluation : trace.evaluations()) {
            ObjectNode evaluationJson = evaluations.addObject().put("evaluator", evaluation.evaluator());
            if (evaluation.score() != null) {
                evaluationJson.set("score", score(evaluation.score()));
            }
            evaluationJson.put("error", evaluation.error()).put("start", evaluation.start().toString())
                    .put("end", evaluation.end().toString());
            evaluationJson.set("calls", calls(evaluation.calls()));
        }
        return json;
    }

    private static ArrayNode calls(List<Trace.ModelCall> calls) {
        ArrayNode array = JSON.createArrayNode();
        for (Trace.ModelCall call : calls) {
            ObjectNode callJson = array.addObject().put("provider", call.provider()).put("model", call.model());
            callJson.set("parameters", JSON.valueToTree(call.parameters()));
            callJson.set("messages", messages(call.messages()));
            callJson.put("output", call.output());
            callJson.set("usage", usage(call.usage()));
            number(callJson, "cost", call.cost());
            number(callJson, "input_cost", call.inputCost());
            callJson.put("start", call.start().toString()).put("end", call.end().toString())
                    .put("replayed", call.replayed()).put("attempts", call.attempts());
        }
        return array;
    }

    /** Milliseconds with the nanoseconds as a fraction: exact for any latency shorter than weeks. */
    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    /** A number, or null for NaN (unknown) — JSON has no NaN. */
    private static void number(ObjectNode json, String field, double value) {
        if (Double.isNaN(value)) {
            json.putNull(field);
        } else {
            json.put(field, value);
        }
    }

    /** Reads the fields of a line, naming the missing or mistyped one. */
    private record Reader(String where) {

        Header header(JsonNode line) {
            int format = line.path("format").asInt(-1);
            if (format != FORMAT) {
                throw new RunRecordException(where + ": run record format " + format + "; this junit-prompt reads "
                        + "format " + FORMAT);
            }
            JsonNode dataset = object(line, "dataset");
            JsonNode prompt = object(line, "prompt");
            JsonNode model = object(line, "model");
            RunInfo.Builder run = RunInfo.builder(text(line, "experiment"), text(line, "run"))
                    .testClass(text(line, "test_class"))
                    .dataset(text(dataset, "name"), text(dataset, "source"), text(dataset, "version"))
                    .target(text(line, "target"))
                    .prompt(new RunInfo.Prompt(text(prompt, "hash"), text(prompt, "version"), text(prompt, "label")))
                    .model(new RunInfo.Model(text(model, "provider"), text(model, "name"), map(model, "parameters")))
                    .startedAt(Instant.parse(text(line, "started_at")))
                    .gitCommit(text(line, "git_commit"));
            object(line, "settings").fields().forEachRemaining(entry -> run.setting(entry.getKey(),
                    entry.getValue().asText()));
            List<String> ids = new ArrayList<>();
            array(line, "items").forEach(id -> ids.add(id.asText()));
            return new Header(run.build(), ids);
        }

        ItemResult item(JsonNode line) {
            JsonNode expected = line.get("expected");
            DatasetItem item = new DatasetItem(text(line, "dataset"), text(line, "item"), text(line, "description"),
                    line.get("input"), expected, line.get("metadata"));
            ItemResult.Builder result = ItemResult.builder(item).repetition(integer(line, "repetition"))
                    .prompt(messages(array(line, "prompt"))).output(text(line, "output"))
                    .error(text(line, "error")).latency(duration(line, "latency_ms"))
                    .model(text(line, "model")).cost(number(line, "cost")).usage(usage(object(line, "usage")))
                    .trace(trace(object(line, "trace")));
            array(line, "scores").forEach(score -> result.score(score(score)));
            for (JsonNode failure : array(line, "failures")) {
                result.failure(new ItemResult.Failure(text(failure, "evaluator"), number(failure, "score"),
                        number(failure, "threshold"), text(failure, "message")));
            }
            return result.build();
        }

        RunOverview.Figures figures(JsonNode line) {
            JsonNode figures = object(line, "figures");
            return new RunOverview.Figures(integer(figures, "items"), integer(figures, "runs"),
                    integer(figures, "passed"), integer(figures, "failed"), integer(figures, "errored"),
                    number(figures, "pass_rate"), number(figures, "cost"), strings(line, "thresholds"));
        }

        SummaryLine summary(JsonNode line) {
            return new SummaryLine(strings(line, "thresholds"),
                    PassRule.valueOf(text(line, "pass_rule").toUpperCase(java.util.Locale.ROOT)),
                    integer(line, "at_least"), line.has("pass_target") ? number(line, "pass_target") : 0.8,
                    strings(line, "notes"), strings(line, "links"),
                    // Earlier records have no run scores.
                    line.has("run_scores") ? runScores(array(line, "run_scores")) : List.of());
        }

        private List<Score> runScores(JsonNode array) {
            List<Score> scores = new ArrayList<>();
            array.forEach(score -> scores.add(score(score)));
            return scores;
        }

        private Trace trace(JsonNode json) {
            List<Trace.Evaluation> evaluations = new ArrayList<>();
            for (JsonNode evaluation : array(json, "evaluations")) {
                evaluations.add(new Trace.Evaluation(text(evaluation, "evaluator"),
                        evaluation.hasNonNull("score") ? score(evaluation.get("score")) : null, text(evaluation, "error"),
                        Instant.parse(text(evaluation, "start")), Instant.parse(text(evaluation, "end")),
                        calls(evaluation)));
            }
            return new Trace(Instant.parse(text(json, "start")), Instant.parse(text(json, "end")), calls(json),
                    evaluations);
        }

        private List<Trace.ModelCall> calls(JsonNode json) {
            List<Trace.ModelCall> calls = new ArrayList<>();
            for (JsonNode call : array(json, "calls")) {
                calls.add(new Trace.ModelCall(text(call, "provider"), text(call, "model"), map(call, "parameters"),
                        messages(array(call, "messages")), text(call, "output"), usage(object(call, "usage")),
                        number(call, "cost"),
                        // Earlier records priced a call as a whole.
                        call.has("input_cost") ? number(call, "input_cost") : Double.NaN, Instant.parse(text(call, "start")), Instant.parse(text(call, "end")),
                        call.path("replayed").asBoolean(), integer(call, "attempts")));
            }
            return calls;
        }

        private Score score(JsonNode json) {
            Score.Type type = Score.Type.valueOf(text(json, "type").toUpperCase(java.util.Locale.ROOT));
            return new Score(text(json, "name"), type, type == Score.Type.CATEGORICAL ? Double.NaN
                    : number(json, "value"), type == Score.Type.CATEGORICAL ? text(json, "category") : null,
                    text(json, "comment"), map(json, "metadata"));
        }

        private List<PromptMessage> messages(JsonNode array) {
            List<PromptMessage> messages = new ArrayList<>();
            array.forEach(message -> messages.add(new PromptMessage(text(message, "role"), text(message, "content"))));
            return messages;
        }

        private Usage usage(JsonNode json) {
            return new Usage(json.path("input_tokens").asLong(), json.path("output_tokens").asLong(),
                    json.path("total_tokens").asLong());
        }

        private Duration duration(JsonNode json, String field) {
            return Duration.ofNanos(Math.round(number(json, field) * 1e6));
        }

        private String text(JsonNode json, String field) {
            JsonNode value = json.get(field);
            if (value == null || !value.isTextual()) {
                throw new RunRecordException(where + ": field '" + field + "' must be a string but is "
                        + (value == null ? "missing" : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
            }
            return value.textValue();
        }

        private int integer(JsonNode json, String field) {
            JsonNode value = json.get(field);
            if (value == null || !value.canConvertToInt()) {
                throw new RunRecordException(where + ": field '" + field + "' must be a whole number");
            }
            return value.intValue();
        }

        /** A number; null (written for NaN, unknown) reads as NaN. */
        private double number(JsonNode json, String field) {
            JsonNode value = json.get(field);
            if (value == null || !(value.isNumber() || value.isNull())) {
                throw new RunRecordException(where + ": field '" + field + "' must be a number or null");
            }
            return value.isNull() ? Double.NaN : value.doubleValue();
        }

        private JsonNode object(JsonNode json, String field) {
            JsonNode value = json.get(field);
            if (value == null || !value.isObject()) {
                throw new RunRecordException(where + ": field '" + field + "' must be an object");
            }
            return value;
        }

        private JsonNode array(JsonNode json, String field) {
            JsonNode value = json.get(field);
            if (value == null || !value.isArray()) {
                throw new RunRecordException(where + ": field '" + field + "' must be an array");
            }
            return value;
        }

        private List<String> strings(JsonNode json, String field) {
            List<String> values = new ArrayList<>();
            array(json, field).forEach(value -> values.add(value.asText()));
            return values;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> map(JsonNode json, String field) {
            return new LinkedHashMap<>(JSON.convertValue(object(json, field), Map.class));
        }
    }
}

package dev.junitprompt.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.api.ToolCall;
import dev.junitprompt.api.Usage;

/**
 * Answers model calls from recordings committed next to the tests, one JSON file per distinct request
 * ({@code <folder>/<item>.<first 16 hex of the request key>.json}), and records what it had to ask the model.
 * A recording holds the request and the answer — its text and the tools it asked to have called — never credentials:
 * the request is the engine's own {@link ModelRequest}, not the HTTP exchange. A request the provider refused (HTTP
 * 400) is recorded as refused and replays as the same failure.
 */
@API(status = API.Status.INTERNAL)
public final class RecordReplayCaller implements ModelCaller {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ModelCaller model;
    private final CacheMode mode;
    private final Path folder;
    private final RecordingLedger ledger;

    public RecordReplayCaller(ModelCaller model, CacheMode mode, Path folder) {
        this(model, mode, folder, new RecordingLedger());
    }

    /** @param ledger notes every recording this caller replays or writes, for the end of the test run */
    public RecordReplayCaller(ModelCaller model, CacheMode mode, Path folder, RecordingLedger ledger) {
        this.model = model;
        this.mode = mode;
        this.folder = folder;
        this.ledger = ledger;
        ledger.looked(folder);
    }

    @Override
    public ModelResponse call(ModelRequest request) throws Exception {
        if (mode == CacheMode.OFF) {
            return model.call(request);
        }
        String key = request.key();
        Path file = file(request, key);
        // Recordings made before files carried their item's id, or before a field's spelling changed, replay as
        // they are, and are replaced when recorded again.
        Map<Path, String> earlier = new LinkedHashMap<>();
        earlier.put(folder.resolve(key.substring(0, 16) + ".json"), key);
        for (String earlierKey : request.earlierKeys()) {
            earlier.put(file(request, earlierKey), earlierKey);
            earlier.put(folder.resolve(earlierKey.substring(0, 16) + ".json"), earlierKey);
        }
        earlier.remove(file);
        if (mode != CacheMode.RECORD) {
            if (Files.isRegularFile(file)) {
                ledger.used(file);
                return replay(file, key);
            }
            for (Map.Entry<Path, String> older : earlier.entrySet()) {
                if (Files.isRegularFile(older.getKey())) {
                    ledger.used(older.getKey());
                    return replay(older.getKey(), older.getValue());
                }
            }
        }
        if (mode == CacheMode.REPLAY) {
            throw new MissingRecordingException("No recording of this call to " + request.provider() + " model '"
                    + request.model() + "' (expected " + file + ")" + closest(request).map(". "::concat).orElse("")
                    + ". Record it against the real model: set the provider's key (e.g. OPENAI_API_KEY) and run with -D"
                    + CacheMode.KEY + "=record (or auto, which records only what is missing), then commit the new files");
        }
        ModelResponse response;
        try {
            response = model.call(request);
        } catch (ModelCallFailedException e) {
            if (e.statusCode().orElse(-1) != REFUSED) {
                throw e;
            }
            // The provider refused the request itself (a parameter it does not take, a prompt too long): the same
            // request is refused again, so the refusal is recorded and replays, offline, as the same failure. A
            // judge that falls back from a response format the model refused replays its fallback this way.
            write(file, key, request, refusal(e));
            settle(file, earlier);
            throw e;
        }
        write(file, key, request, answer(response));
        settle(file, earlier);
        return response;
    }

    /** HTTP 400: the request, not the moment, is at fault. */
    private static final int REFUSED = 400;

    private void settle(Path file, Map<Path, String> earlier) throws IOException {
        ledger.used(file);
        for (Path older : earlier.keySet()) {
            Files.deleteIfExists(older);
        }
    }

    /**
     * {@code <item>.<first 16 hex of the key>.json}, so a pull request shows which item's answer changed;
     * {@code <key>.json} for a call made on nobody's behalf.
     */
    private Path file(ModelRequest request, String key) {
        String prefix = request.label().isEmpty() ? "" : safe(request.label()) + ".";
        return folder.resolve(prefix + key.substring(0, 16) + ".json");
    }

    static String safe(String label) {
        return label.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    /**
     * What sets this call apart from the recording nearest it — a prompt edit, a parameter, the model — so a
     * reviewer sees why a recording stopped matching: {@code closest recording 1f2e….json differs in
     * messages[1].content at character 143: recorded "…", now "…"}. Empty when the folder holds none.
     */
    private Optional<String> closest(ModelRequest request) {
        JsonNode wanted = JSON.valueToTree(request);
        String best = null;
        int bestScore = -1;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path candidate : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                JsonNode recorded;
                try {
                    recorded = JSON.readTree(candidate.toFile()).path("request");
                } catch (IOException unreadable) {
                    continue;
                }
                List<String> differences = new ArrayList<>();
                int score = 0;
                for (String field : List.of("provider", "model", "parameters", "repetition", "messages")) {
                    if (wanted.path(field).equals(recorded.path(field))) {
                        score += 1000;
                    } else {
                        differences.add(difference(field, recorded.path(field), wanted.path(field)));
                    }
                }
                // The item's own recordings first; then, among those that differ in the same fields, the one
                // sharing the longest prompt start.
                if (!request.label().isEmpty() && candidate.getFileName().toString().startsWith(safe(request.label()) + ".")) {
                    score += 10_000;
                }
                score += commonPrefix(recorded.path("messages").toString(), wanted.path("messages").toString()) % 1000;
                if (score > bestScore && !differences.isEmpty()) {
                    bestScore = score;
                    best = "closest recording " + candidate.getFileName() + " differs in " + differences.get(0);
                }
            }
        } catch (IOException | UncheckedIOException noFolder) {
            return Optional.empty();
        }
        return Optional.ofNullable(best);
    }

    private static String difference(String field, JsonNode recorded, JsonNode wanted) {
        if (field.equals("messages") && recorded.isArray()) {
            for (int i = 0; i < Math.max(recorded.size(), wanted.size()); i++) {
                JsonNode before = recorded.path(i);
                JsonNode now = wanted.path(i);
                if (!before.equals(now)) {
                    String was = before.path("content").asText("(none)");
                    String is = now.path("content").asText("(none)");
                    int at = commonPrefix(was, is);
                    return "messages[" + i + "].content at character " + (at + 1) + ": recorded \""
                            + excerpt(was, at) + "\", now \"" + excerpt(is, at) + "\"";
                }
            }
        }
        return field + ": recorded " + excerpt(recorded.toString(), 0) + ", now " + excerpt(wanted.toString(), 0);
    }

    private static int commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** Up to 40 characters from a little before {@code at}, on one line. */
    private static String excerpt(String text, int at) {
        int from = Math.max(0, at - 10);
        String part = text.substring(from, Math.min(text.length(), from + 40)).replace("\n", "\\n");
        return (from > 0 ? "…" : "") + part + (from + 40 < text.length() ? "…" : "");
    }

    private static ModelResponse replay(Path file, String key) throws IOException {
        JsonNode recording;
        try {
            recording = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new MissingRecordingException(file + " is not a valid recording (" + e.getOriginalMessage()
                    + "); delete it and record again");
        }
        if (!key.equals(recording.path("key").asText())) {
            throw new MissingRecordingException(file + " records another request (its key is "
                    + recording.path("key").asText() + ", this call's is " + key + "); delete it and record again");
        }
        JsonNode refused = recording.path("refused");
        if (refused.isObject()) {
            throw new ModelCallFailedException(refused.path("message").asText() + " (recorded in " + file.getFileName()
                    + ")", null, 1, Duration.ZERO, refused.path("status").asInt(REFUSED));
        }
        JsonNode response = recording.path("response");
        JsonNode usage = response.path("usage");
        // Recordings made before tool calls were recorded have none: they replay as the text answers they were.
        List<ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode call : response.path("tool_calls")) {
            toolCalls.add(new ToolCall(call.path("id").asText(""), call.path("name").asText(),
                    call.path("arguments").asText("")));
        }
        return new ModelResponse(response.path("text").asText(""), response.path("model").asText(),
                new Usage(usage.path("input_tokens").asLong(), usage.path("output_tokens").asLong(),
                        usage.path("total_tokens").asLong()),
                response.path("finish_reason").asText(), Duration.ofMillis(response.path("latency_ms").asLong()),
                true).withToolCalls(toolCalls);
    }

    /** A refusal as recorded: {@code "refused": {status, message}} in place of a response. */
    private static ObjectNode refusal(ModelCallFailedException e) {
        ObjectNode refused = JSON.createObjectNode();
        refused.putObject("refused").put("status", e.statusCode().orElse(REFUSED)).put("message", e.getMessage());
        return refused;
    }

    /** An answer as recorded: {@code "response": {text, tool_calls, model, finish_reason, latency_ms, usage}}. */
    private static ObjectNode answer(ModelResponse response) {
        ObjectNode recorded = JSON.createObjectNode();
        ObjectNode answer = recorded.putObject("response");
        answer.put("text", response.text());
        answer.put("model", response.model());
        answer.put("finish_reason", response.finishReason());
        answer.put("latency_ms", response.latency().toMillis());
        if (!response.toolCalls().isEmpty()) {
            ArrayNode calls = answer.putArray("tool_calls");
            for (ToolCall call : response.toolCalls()) {
                calls.addObject().put("id", call.id()).put("name", call.name()).put("arguments", call.arguments());
            }
        }
        ObjectNode usage = answer.putObject("usage");
        usage.put("input_tokens", response.usage().inputTokens());
        usage.put("output_tokens", response.usage().outputTokens());
        usage.put("total_tokens", response.usage().totalTokens());
        return recorded;
    }

    private static void write(Path file, String key, ModelRequest request, ObjectNode outcome) throws IOException {
        ObjectNode recording = JSON.createObjectNode();
        recording.put("key", key);
        recording.set("request", JSON.valueToTree(request));
        recording.setAll(outcome);
        writeAtomically(file, recording);
    }

    /** Writes then moves, so a concurrent reader never sees half a recording. */
    static void writeAtomically(Path file, JsonNode recording) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), ".recording", ".tmp");
        JSON.writeValue(temporary.toFile(), recording);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Replay mode met a call that was never recorded. */
    public static final class MissingRecordingException extends RuntimeException {
        MissingRecordingException(String message) {
            super(message);
        }
    }
}

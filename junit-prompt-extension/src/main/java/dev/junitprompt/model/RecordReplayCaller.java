package dev.junitprompt.model;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.api.Usage;

/**
 * Answers model calls from recordings committed next to the tests, one JSON file per distinct request
 * ({@code <folder>/<first 16 hex of the request key>.json}), and records what it had to ask the model.
 * A recording holds the request and the answer, never credentials: the request is the engine's own
 * {@link ModelRequest}, not the HTTP exchange.
 */
@API(status = API.Status.INTERNAL)
public final class RecordReplayCaller implements ModelCaller {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ModelCaller model;
    private final CacheMode mode;
    private final Path folder;

    public RecordReplayCaller(ModelCaller model, CacheMode mode, Path folder) {
        this.model = model;
        this.mode = mode;
        this.folder = folder;
    }

    @Override
    public ModelResponse call(ModelRequest request) throws Exception {
        if (mode == CacheMode.OFF) {
            return model.call(request);
        }
        String key = request.key();
        Path file = folder.resolve(key.substring(0, 16) + ".json");
        if (mode != CacheMode.RECORD && Files.isRegularFile(file)) {
            return replay(file, key);
        }
        if (mode == CacheMode.REPLAY) {
            throw new MissingRecordingException("No recording of this call to " + request.provider() + " model '"
                    + request.model() + "' (expected " + file + "). Record it against the real model: set the "
                    + "provider's key (e.g. OPENAI_API_KEY) and run with -D" + CacheMode.KEY + "=record (or auto, "
                    + "which records only what is missing), then commit the new files");
        }
        ModelResponse response = model.call(request);
        write(file, key, request, response);
        return response;
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
        JsonNode response = recording.path("response");
        JsonNode usage = response.path("usage");
        return new ModelResponse(response.path("text").asText(""), response.path("model").asText(),
                new Usage(usage.path("input_tokens").asLong(), usage.path("output_tokens").asLong(),
                        usage.path("total_tokens").asLong()),
                response.path("finish_reason").asText(), Duration.ofMillis(response.path("latency_ms").asLong()),
                true);
    }

    private static void write(Path file, String key, ModelRequest request, ModelResponse response) throws IOException {
        ObjectNode recording = JSON.createObjectNode();
        recording.put("key", key);
        recording.set("request", JSON.valueToTree(request));
        ObjectNode answer = recording.putObject("response");
        answer.put("text", response.text());
        answer.put("model", response.model());
        answer.put("finish_reason", response.finishReason());
        answer.put("latency_ms", response.latency().toMillis());
        ObjectNode usage = answer.putObject("usage");
        usage.put("input_tokens", response.usage().inputTokens());
        usage.put("output_tokens", response.usage().outputTokens());
        usage.put("total_tokens", response.usage().totalTokens());
        Files.createDirectories(file.getParent());
        // Write then move, so a concurrent reader never sees half a recording.
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

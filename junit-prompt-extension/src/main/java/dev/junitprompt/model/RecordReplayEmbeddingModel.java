package dev.junitprompt.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;

/**
 * A user's embedding model (an OpenAI one, say) through recordings, as chat calls go through
 * {@link RecordReplayCaller}: one JSON file per embedded text, {@code <folder>/<label>.<first 16 hex of the key>.json},
 * keyed by the model's name and the text, holding the vector. So a suite that scores with it replays in CI with no
 * key. Texts not recorded are embedded together, in one call of the model. Recordings hold no credentials: only the
 * model's name, the text and its vector.
 */
@API(status = API.Status.INTERNAL)
public final class RecordReplayEmbeddingModel implements EmbeddingModel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddingModel delegate;
    private final CacheMode mode;
    private final Path folder;
    private final RecordingLedger ledger;
    private final String label;

    /**
     * @param delegate the user's model, called for what is not recorded
     * @param folder   where its recordings are
     * @param ledger   notes the recordings used, for the end of the test run
     * @param label    who embeds ({@code case-003}), the start of the files' names
     */
    public RecordReplayEmbeddingModel(EmbeddingModel delegate, CacheMode mode, Path folder, RecordingLedger ledger,
            String label) {
        this.delegate = delegate;
        this.mode = mode;
        this.folder = folder;
        this.ledger = ledger;
        this.label = label == null ? "" : label;
        ledger.looked(folder);
    }

    /** What a recording's key is made of: the model's name and the text. */
    private record Request(String model, String text) {

        String key() {
            return ModelRequest.keyOf(this);
        }
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        if (mode == CacheMode.OFF) {
            return delegate.embedAll(segments);
        }
        List<Request> requests = segments.stream().map(segment -> new Request(modelName(), segment.text())).toList();
        Map<Request, Embedding> known = new LinkedHashMap<>();
        List<Request> missing = new java.util.ArrayList<>();
        for (Request request : requests) {
            Path file = file(request);
            if (known.containsKey(request) || missing.contains(request)) {
                continue;
            }
            if (mode != CacheMode.RECORD && Files.isRegularFile(file)) {
                known.put(request, replay(file, request));
                ledger.used(file);
            } else {
                missing.add(request);
            }
        }
        if (!missing.isEmpty()) {
            if (mode == CacheMode.REPLAY) {
                throw new RecordReplayCaller.MissingRecordingException("No recording of the embedding by '" + modelName()
                        + "' of \"" + abbreviate(missing.get(0).text()) + "\" (expected " + file(missing.get(0))
                        + "). Record it against the real model: set the provider's key and run with -D" + CacheMode.KEY
                        + "=record (or auto, which records only what is missing), then commit the new files");
            }
            // One call for what is missing, each text once (an output equal to its expected output is one text).
            List<Embedding> answered = delegate.embedAll(missing.stream().map(request -> TextSegment.from(
                    request.text())).toList()).content();
            if (answered.size() != missing.size()) {
                throw new ModelException("Embedding model '" + modelName() + "' returned " + answered.size()
                        + " embeddings for " + missing.size() + " texts");
            }
            for (int i = 0; i < missing.size(); i++) {
                write(file(missing.get(i)), missing.get(i), answered.get(i));
                known.put(missing.get(i), answered.get(i));
            }
        }
        return Response.from(requests.stream().map(known::get).toList());
    }

    @Override
    public String modelName() {
        String name = delegate.modelName();
        return name == null || name.isBlank() || name.equals("unknown") ? delegate.getClass().getSimpleName() : name;
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    private Path file(Request request) {
        String prefix = label.isEmpty() ? "" : RecordReplayCaller.safe(label) + ".";
        return folder.resolve(prefix + request.key().substring(0, 16) + ".json");
    }

    private static Embedding replay(Path file, Request request) {
        JsonNode recording;
        try {
            recording = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new RecordReplayCaller.MissingRecordingException(file + " is not a valid recording (" + e.getMessage()
                    + "); delete it and record again");
        }
        if (!request.key().equals(recording.path("key").asText())) {
            throw new RecordReplayCaller.MissingRecordingException(file + " records another text (its key is "
                    + recording.path("key").asText() + ", this one's is " + request.key() + "); delete it and record "
                    + "again");
        }
        JsonNode vector = recording.path("response").path("embedding");
        float[] values = new float[vector.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = vector.get(i).floatValue();
        }
        return Embedding.from(values);
    }

    private void write(Path file, Request request, Embedding embedding) {
        ObjectNode recording = JSON.createObjectNode();
        recording.put("key", request.key());
        recording.set("request", JSON.valueToTree(request));
        var vector = recording.putObject("response").putArray("embedding");
        for (float value : embedding.vector()) {
            vector.add(value);
        }
        try {
            RecordReplayCaller.writeAtomically(file, recording);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the recording " + file + ": " + e.getMessage(), e);
        }
        ledger.used(file);
    }

    private static String abbreviate(String text) {
        String flat = text.strip().replace('\n', ' ');
        return flat.length() <= 60 ? flat : flat.substring(0, 60) + "…";
    }
}

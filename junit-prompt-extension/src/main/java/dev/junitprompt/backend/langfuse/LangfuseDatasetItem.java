package dev.junitprompt.backend.langfuse;

import java.util.Objects;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.api.DatasetItem;

/**
 * A dataset item ({@code DatasetItem} when read, {@code CreateDatasetItemRequest} when upserted). Items are upserted
 * by {@code id}, unique within the project across datasets; an update merges, so a {@code null} field is left out of
 * the request and keeps its stored value.
 *
 * @param id             the item id, at most 255 characters (the seed's case ids)
 * @param datasetName    the dataset it belongs to
 * @param input          the item's input, any JSON
 * @param expectedOutput the expected output, any JSON, or {@code null}
 * @param metadata       any JSON (descriptions go here), or {@code null}
 */
@API(status = API.Status.INTERNAL)
public record LangfuseDatasetItem(String id, String datasetName, JsonNode input, JsonNode expectedOutput,
        JsonNode metadata) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public LangfuseDatasetItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(datasetName, "datasetName");
        if (id.isBlank() || id.length() > 255) {
            throw new IllegalArgumentException("A Langfuse dataset item id must have 1 to 255 characters but is \""
                    + id + "\"");
        }
    }

    /**
     * A local dataset item as Langfuse keeps it: id {@code <dataset>:<item id>} (Langfuse item ids are unique
     * across a project's datasets, so the seed's {@code case-001} in two datasets needs the dataset's name),
     * the inputs as input, and the local id and description as metadata. The result sink and the sync
     * both write exactly this, so a run after a push (or a push after a run) changes nothing.
     */
    public static LangfuseDatasetItem fromLocal(DatasetItem item) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        if (item.metadata().isObject()) {
            metadata.setAll((ObjectNode) item.metadata());
        }
        metadata.put("local_id", item.id());
        if (!item.description().isEmpty()) {
            metadata.put("description", item.description());
        }
        return new LangfuseDatasetItem(item.dataset() + ":" + item.id(), item.dataset(), item.inputs(), item.expected(),
                metadata);
    }

    /**
     * Whether this item holds what {@code other} holds (input, expected output, metadata), compared as Langfuse
     * stores them: a missing value equals JSON null, and numbers equal however they were written.
     */
    public boolean sameContentAs(LangfuseDatasetItem other) {
        return stored(input).equals(stored(other.input)) && stored(expectedOutput).equals(stored(other.expectedOutput))
                && stored(metadata).equals(stored(other.metadata));
    }

    private static JsonNode stored(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.junitprompt.backend.langfuse;

import java.util.Objects;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.api.DatasetItem;

import com.fasterxml.jackson.databind.JsonNode;

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
public record LangfuseDatasetItem(String id, String datasetName, JsonNode input, JsonNode expectedOutput,
        JsonNode metadata) {

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
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("local_id", item.id());
        if (!item.description().isEmpty()) {
            metadata.put("description", item.description());
        }
        return new LangfuseDatasetItem(item.dataset() + ":" + item.id(), item.dataset(), item.inputs(), item.expected(),
                metadata);
    }
}

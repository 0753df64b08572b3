package dev.junitprompt.backend.langfuse;

import java.util.Objects;

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
}

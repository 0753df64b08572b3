package dev.junitprompt.backend.langsmith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.api.DatasetItem;

/**
 * An example (item) of a LangSmith dataset.
 *
 * @param id        its UUID; chosen by the client when creating, so that re-sending is idempotent
 * @param datasetId the dataset's UUID
 * @param inputs    a JSON object
 * @param outputs   a JSON object (the expected output), or {@code null}
 * @param metadata  a JSON object, or {@code null}; without the {@code dataset_split} key LangSmith keeps splits in
 * @param splits    the splits it belongs to; empty means LangSmith's default split {@code base}
 */
@API(status = API.Status.INTERNAL)
public record LangSmithExample(String id, String datasetId, JsonNode inputs, JsonNode outputs, JsonNode metadata,
        List<String> splits) {

    /** The split LangSmith puts an example in when none is given. */
    public static final String DEFAULT_SPLIT = "base";

    public LangSmithExample {
        Objects.requireNonNull(id, "id");
        splits = splits == null ? List.of() : List.copyOf(splits);
    }

    /**
     * A local dataset item as LangSmith keeps it: a UUID derived from {@code <dataset>:<item id>} (LangSmith
     * wants UUIDs, and the same item must get the same one every time), the inputs, the expected output as
     * outputs, and the local id and description as metadata. The result sink and the sync both write
     * exactly this, so neither undoes the other.
     */
    public static LangSmithExample fromLocal(String datasetId, DatasetItem item) {
        String id = localId(item.dataset(), item.id());
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("local_id", item.id())
                .put("description", item.description());
        return new LangSmithExample(id, datasetId, item.inputs(),
                item.expected() == null ? null : LangSmithRun.asObject(item.expected()), metadata, List.of());
    }

    /** The example id of a local item: a UUID derived from {@code <dataset>:<item id>}. */
    public static String localId(String dataset, String itemId) {
        return UUID.nameUUIDFromBytes((dataset + ":" + itemId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The splits, with LangSmith's default when none is given. */
    public List<String> effectiveSplits() {
        return splits.isEmpty() ? List.of(DEFAULT_SPLIT) : splits;
    }
}

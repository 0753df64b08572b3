package dev.junitprompt.backend.langsmith;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

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
public record LangSmithExample(String id, String datasetId, JsonNode inputs, JsonNode outputs, JsonNode metadata,
        List<String> splits) {

    /** The split LangSmith puts an example in when none is given. */
    public static final String DEFAULT_SPLIT = "base";

    public LangSmithExample {
        Objects.requireNonNull(id, "id");
        splits = splits == null ? List.of() : List.copyOf(splits);
    }

    /** The splits, with LangSmith's default when none is given. */
    public List<String> effectiveSplits() {
        return splits.isEmpty() ? List.of(DEFAULT_SPLIT) : splits;
    }
}

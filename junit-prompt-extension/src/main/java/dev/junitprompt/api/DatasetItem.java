package dev.junitprompt.api;

import java.util.Objects;
import java.util.Optional;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One item of a dataset: its stable id, the inputs that fill the prompt, the expected output (when the
 * dataset has one) and free-form metadata.
 *
 * @param dataset     name of the dataset the item comes from
 * @param id          the item's id, unique within the dataset and stable across runs
 * @param description a human description, shown in the test's display name; may be empty
 * @param inputs      the item's inputs, usually a JSON object
 * @param expected    the expected output, or {@code null} when the dataset has none for this item
 * @param metadata    free-form metadata, an empty object when there is none
 */
@API(status = API.Status.STABLE, since = "0.1")
public record DatasetItem(String dataset, String id, String description, JsonNode inputs, JsonNode expected,
        JsonNode metadata) {

    public DatasetItem {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(id, "id");
        description = description == null ? "" : description;
        inputs = inputs == null ? JsonNodeFactory.instance.objectNode() : inputs;
        metadata = metadata == null ? NO_METADATA : metadata;
    }

    /**
     * The metadata of every item that has none: one shared empty object, which cannot be changed, rather than one
     * per item of a large dataset.
     */
    private static final JsonNode NO_METADATA = new ObjectNode(JsonNodeFactory.instance, java.util.Map.of());

    /** The expected output, empty when the dataset has none for this item. */
    public Optional<JsonNode> expectedOutput() {
        return Optional.ofNullable(expected);
    }

    /**
     * The input at a dotted path ({@code "candidate.name"}) as text: strings as they are, other values as
     * JSON.
     *
     * @throws IllegalArgumentException naming the path and the item when the input does not exist
     */
    public String input(String path) {
        JsonNode node = inputNode(path);
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("Item '" + id + "' of dataset '" + dataset + "' has no input '"
                    + path + "'; its inputs are " + inputs);
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }

    /** The input node at a dotted path, or a {@link MissingNode} when there is none. */
    public JsonNode inputNode(String path) {
        JsonNode node = inputs;
        for (String part : path.split("\\.")) {
            node = node.isArray() && part.chars().allMatch(Character::isDigit)
                    ? node.path(Integer.parseInt(part))
                    : node.path(part);
        }
        return node;
    }

    /** {@code case-001 · Backend engineer, fintech}, or just the id without a description. */
    public String displayName() {
        return description.isBlank() ? id : id + " · " + description;
    }
}

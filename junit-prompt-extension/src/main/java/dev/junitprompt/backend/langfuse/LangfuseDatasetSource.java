package dev.junitprompt.backend.langfuse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.dataset.Dataset;
import dev.junitprompt.dataset.DatasetException;
import dev.junitprompt.dataset.DatasetSource;
import dev.junitprompt.internal.RetryPolicy;

/**
 * A Langfuse dataset's items as test items: the Langfuse item id is the item's id (stable, so IDE
 * reruns work), its input the inputs, its expected output the expected output, and a
 * {@code description} (or {@code name}) in its metadata the display name.
 */
@API(status = API.Status.INTERNAL)
public final class LangfuseDatasetSource implements DatasetSource {

    private final Map<String, String> environment;
    private final RetryPolicy retry;
    private final String version;

    /**
     * @param environment where the host and keys are read ({@code LANGFUSE_*})
     * @param retry       how requests are retried
     * @param version     the dataset version to read, an ISO-8601 UTC timestamp; empty for the latest
     */
    public LangfuseDatasetSource(Map<String, String> environment, RetryPolicy retry, String version) {
        this.environment = environment;
        this.retry = retry;
        this.version = version;
    }

    @Override
    public Dataset load(String name) {
        Instant at = version.isEmpty() ? null : version(name);
        try {
            LangfuseClient client = LangfuseClient.fromEnvironment(environment, retry);
            List<DatasetItem> items = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (LangfuseDatasetItem item : client.datasetItems(name, at)) {
                items.add(toItem(name, item));
                if (item.expectedOutput() == null || item.expectedOutput().isNull()) {
                    warnings.add("Langfuse dataset '" + name + "' item " + item.id() + " has no expected output: it "
                            + "runs, and evaluators that compare against an expected output fail on it");
                }
            }
            // The server lists items newest first, and may page them differently from one call to the next: the test
            // tree, the run record and reports order them by id, the same on every run.
            items.sort(java.util.Comparator.comparing(DatasetItem::id));
            if (items.isEmpty() && at != null) {
                warnings.add("Langfuse dataset '" + name + "' had no items at version " + at
                        + ": is the version before the dataset was filled?");
            }
            return new Dataset(name, client.host() + " dataset " + name
                    + (at == null ? "" : " at version " + at), items, warnings, at == null ? "" : at.toString());
        } catch (LangfuseException e) {
            throw new DatasetException("Cannot load Langfuse dataset '" + name + "'" + (at == null ? ""
                    : " at version " + at) + ": " + e.getMessage(), e);
        }
    }

    /** A Langfuse dataset version is a point in time, as the server takes it. */
    private Instant version(String name) {
        try {
            return java.time.OffsetDateTime.parse(version).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new DatasetException("Langfuse dataset '" + name + "': datasetVersion '" + version
                    + "' is not a Langfuse dataset version; use an ISO-8601 timestamp such as 2026-01-21T14:35:42Z"
                    + " (the dataset as it was then)", e);
        }
    }

    private static DatasetItem toItem(String dataset, LangfuseDatasetItem item) {
        JsonNode metadata = item.metadata() == null ? JsonNodeFactory.instance.objectNode() : item.metadata();
        String description = metadata.path("description").asText(metadata.path("name").asText(""));
        return new DatasetItem(dataset, item.id(), description, inputs(item.input()),
                item.expectedOutput() == null || item.expectedOutput().isNull() ? null : item.expectedOutput(), metadata);
    }

    /** Templates fill from named inputs: a plain input is offered as {@code {input}}. */
    private static JsonNode inputs(JsonNode input) {
        if (input != null && input.isObject()) {
            return input;
        }
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        wrapped.set("input", input == null ? JsonNodeFactory.instance.nullNode() : input);
        return wrapped;
    }
}

package dev.junitprompt.backend.langsmith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.dataset.Dataset;
import dev.junitprompt.dataset.DatasetException;
import dev.junitprompt.dataset.DatasetSource;
import dev.junitprompt.internal.RetryPolicy;

/**
 * A LangSmith dataset's examples as test items: the example id is the item's id, its inputs the
 * inputs, its outputs the expected output, and a {@code description} in its metadata the display name.
 * Optionally only the examples of some splits.
 */
@API(status = API.Status.INTERNAL)
public final class LangSmithDatasetSource implements DatasetSource {

    private final Map<String, String> environment;
    private final RetryPolicy retry;
    private final List<String> splits;
    private final String version;

    /**
     * @param environment where the endpoint and key are read ({@code LANGSMITH_*})
     * @param retry       how requests are retried
     * @param splits      the splits to take, all when empty
     * @param version     the dataset version to read ({@code as_of}: a tag or an ISO-8601 time); empty for the latest
     */
    public LangSmithDatasetSource(Map<String, String> environment, RetryPolicy retry, List<String> splits,
            String version) {
        this.environment = environment;
        this.retry = retry;
        this.splits = List.copyOf(splits);
        this.version = version;
    }

    @Override
    public Dataset load(String name) {
        try {
            LangSmithClient client = LangSmithClient.fromEnvironment(environment, retry);
            LangSmithDataset dataset = client.dataset(name);
            List<DatasetItem> items = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (LangSmithExample example : client.examples(dataset.id(), splits, version)) {
                JsonNode metadata = example.metadata() == null ? JsonNodeFactory.instance.objectNode() : example.metadata();
                JsonNode outputs = example.outputs() == null || example.outputs().isNull() ? null : example.outputs();
                if (outputs == null) {
                    warnings.add("LangSmith dataset '" + name + "' example " + example.id() + " has no outputs: it "
                            + "runs, and evaluators that compare against an expected output fail on it");
                }
                items.add(new DatasetItem(name, example.id(), metadata.path("description").asText(""),
                        example.inputs(), outputs, metadata));
            }
            if (items.isEmpty() && !splits.isEmpty()) {
                warnings.add("LangSmith dataset '" + name + "' has no examples in splits " + splits);
            }
            // The version read: the one asked for, else the dataset's last change, as the SDK's experiments record it.
            return new Dataset(name, client.endpoint() + " dataset " + name + (version.isEmpty() ? ""
                    : " as of " + version), items, warnings, version.isEmpty() ? dataset.modifiedAt() : version);
        } catch (LangSmithException e) {
            throw new DatasetException("Cannot load LangSmith dataset '" + name + "'" + (version.isEmpty() ? ""
                    : " as of '" + version + "'") + ": " + e.getMessage(), e);
        }
    }
}

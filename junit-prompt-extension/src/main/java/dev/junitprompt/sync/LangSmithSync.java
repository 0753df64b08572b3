package dev.junitprompt.sync;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.backend.langsmith.LangSmithClient;
import dev.junitprompt.backend.langsmith.LangSmithDataset;
import dev.junitprompt.backend.langsmith.LangSmithExample;
import dev.junitprompt.backend.langsmith.LangSmithException;
import dev.junitprompt.backend.langsmith.LangSmithResultSink;
import dev.junitprompt.dataset.Dataset;

/**
 * Pushes a repository's {@code datasets/} to LangSmith, as the LangSmith result sink prepares a local dataset before a
 * run: the same dataset, example ids, inputs, outputs and metadata, so a run after a push (or a push after a run)
 * changes nothing.
 *
 * <pre>{@code
 * new LangSmithSync(LangSmithClient.fromEnvironment(System.getenv())).pushDatasets(Path.of("datasets"));
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LangSmithSync {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LangSmithClient client;

    public LangSmithSync(LangSmithClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * A sync with a client configured from {@code LANGSMITH_API_KEY}, {@code LANGSMITH_ENDPOINT} and
     * {@code LANGSMITH_WORKSPACE_ID} (or their legacy {@code LANGCHAIN_*} names).
     *
     * @throws LangSmithException naming the variable that is missing
     */
    public static LangSmithSync fromEnvironment(Map<String, String> env) {
        return new LangSmithSync(LangSmithClient.fromEnvironment(env));
    }

    /**
     * Pushes every dataset in {@code datasetsDir} to the LangSmith dataset of the same name (a key-value dataset,
     * created when missing). Each item becomes the example with the stable id
     * {@link LangSmithResultSink#exampleId(String, String) UUID(dataset:item id)}, inputs = the item's inputs,
     * outputs = its expected output (a value that is not an object as {@code {"output": value}}), metadata =
     * {@code local_id} and {@code description}, in LangSmith's default split. Examples LangSmith already has as they
     * are are not sent, so a second push changes nothing; examples that are not in the files are reported, not
     * deleted.
     *
     * @throws SyncException      when the folder or a dataset is missing or malformed (nothing was sent)
     * @throws LangSmithException when LangSmith refuses or cannot be reached
     */
    public DatasetPushReport pushDatasets(Path datasetsDir) {
        List<Dataset> datasets = LangfuseSync.localDatasets(datasetsDir);
        List<DatasetPushReport.Entry> entries = new ArrayList<>();
        for (Dataset dataset : datasets) {
            entries.add(push(dataset));
        }
        return new DatasetPushReport(entries, "LangSmith");
    }

    private DatasetPushReport.Entry push(Dataset local) {
        Optional<LangSmithDataset> found = client.findDataset(local.name());
        // As the LangSmith result sink creates it.
        LangSmithDataset dataset = found.orElseGet(() -> client.createDataset(local.name(),
                "Pushed by junit-prompt from datasets/" + local.name(),
                JSON.createObjectNode().put("source", "junit-prompt local dataset")));
        List<LangSmithExample> stored = found.isPresent() ? client.examples(dataset.id()) : List.of();
        List<LangSmithExample> wanted = new ArrayList<>();
        for (DatasetItem item : local.items()) {
            wanted.add(LangSmithExample.fromLocal(dataset.id(), item));
        }
        LangSmithClient.UpsertResult result = client.upsertExamples(dataset.id(), wanted, stored);
        Set<String> others = new LinkedHashSet<>();
        stored.forEach(example -> others.add(example.id()));
        wanted.forEach(example -> others.remove(example.id()));
        return new DatasetPushReport.Entry(local.name(), found.isEmpty(), result.created(), result.updated(),
                result.unchanged(), List.copyOf(others));
    }
}

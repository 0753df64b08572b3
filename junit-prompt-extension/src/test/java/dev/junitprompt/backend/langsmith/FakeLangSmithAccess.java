package dev.junitprompt.backend.langsmith;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@link FakeLangSmith} for tests outside this package (the sync package's): the fake is package-private, so this
 * opens the few parts those tests use. Tests in this package use {@link FakeLangSmith} directly.
 */
public final class FakeLangSmithAccess implements AutoCloseable {

    private final FakeLangSmith fake;

    private FakeLangSmithAccess(FakeLangSmith fake) {
        this.fake = fake;
    }

    public static FakeLangSmithAccess start() {
        return new FakeLangSmithAccess(FakeLangSmith.start());
    }

    /** A client with the right key and fast retries that do not sleep. */
    public LangSmithClient client() {
        return fake.client();
    }

    /** The environment a process would need to reach this fake with the right key. */
    public Map<String, String> environment() {
        return Map.of("LANGSMITH_API_KEY", FakeLangSmith.API_KEY, "LANGSMITH_ENDPOINT", fake.endpoint());
    }

    public String apiKey() {
        return FakeLangSmith.API_KEY;
    }

    public String endpoint() {
        return fake.endpoint();
    }

    /**
     * A dataset of {@code count} examples with inputs and outputs {@code {"n": i}} and metadata
     * {@code {"description": "Example i"}}, example {@code i} (from 1) in {@code splits[(i - 1) % splits.length]};
     * answers its id.
     */
    public String seedDataset(String name, int count, String... splits) {
        return fake.seedDataset(name, count, splits);
    }

    /** The id {@link #seedDataset} gives example {@code i}. */
    public static String exampleId(String datasetName, int i) {
        return FakeLangSmith.exampleId(datasetName, i);
    }

    /** Adds a commit with this manifest to the hub prompt {@code name}; answers its hash. */
    public String seedPrompt(String name, JsonNode manifest) {
        return fake.seedPrompt(name, manifest);
    }

    /** The dataset named {@code name} as LangSmith stores it, or {@code null}. */
    public JsonNode dataset(String name) {
        return fake.datasetByName(name);
    }

    /** The stored examples of the dataset named {@code name}, in creation order (empty when there is no dataset). */
    public List<JsonNode> examples(String datasetName) {
        JsonNode dataset = fake.datasetByName(datasetName);
        return dataset == null ? List.of() : fake.examples(dataset.path("id").asText());
    }

    /** Every request as {@code METHOD /path}, in order. */
    public List<String> requests() {
        return fake.requests();
    }

    public void assertNoViolations() {
        fake.assertNoViolations();
    }

    @Override
    public void close() {
        fake.close();
    }

    /** The next {@code times} requests to {@code path} answer {@code status} echoing their headers, keys and all. */
    public void echoHeadersNext(String path, int times, int status) {
        fake.echoHeadersNext(path, times, status);
    }
}

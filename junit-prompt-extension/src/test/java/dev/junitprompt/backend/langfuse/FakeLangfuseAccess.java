package dev.junitprompt.backend.langfuse;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@link FakeLangfuse} for tests outside this package (the sync package's): the fake is package-private, so this
 * opens the few parts those tests use. Tests in this package use {@link FakeLangfuse} directly.
 */
public final class FakeLangfuseAccess implements AutoCloseable {

    private final FakeLangfuse fake;

    private FakeLangfuseAccess(FakeLangfuse fake) {
        this.fake = fake;
    }

    /** A fake acting as a v4 server ({@code true}) or a v3 one. */
    public static FakeLangfuseAccess start(boolean v4) {
        return new FakeLangfuseAccess(FakeLangfuse.start(v4 ? FakeLangfuse.Generation.V4 : FakeLangfuse.Generation.V3));
    }

    /** A client with the right keys and fast retries. */
    public LangfuseClient client() {
        return fake.client();
    }

    /** The environment a process would need to reach this fake with the right keys. */
    public Map<String, String> environment() {
        return Map.of("LANGFUSE_PUBLIC_KEY", FakeLangfuse.PUBLIC_KEY, "LANGFUSE_SECRET_KEY", FakeLangfuse.SECRET_KEY,
                "LANGFUSE_HOST", fake.host());
    }

    public String secretKey() {
        return FakeLangfuse.SECRET_KEY;
    }

    public String host() {
        return fake.host();
    }

    public int seedPrompt(String name, String text, String... labels) {
        return fake.seedPrompt(name, text, labels);
    }

    public List<JsonNode> promptVersions(String name) {
        return fake.promptVersions(name);
    }

    public List<String> labels(String name, int version) {
        return fake.labels(name, version);
    }

    public JsonNode dataset(String name) {
        return fake.dataset(name);
    }

    public List<JsonNode> items(String dataset) {
        return fake.items(dataset);
    }

    /** Every request as {@code METHOD /api/public/...}, in order. */
    public List<String> requests() {
        return fake.requests();
    }

    /** How many spans arrived over OTLP. */
    public int spanCount() {
        return fake.spans().size();
    }

    /** How many scores are stored. */
    public int scoreCount() {
        return fake.scores().size();
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

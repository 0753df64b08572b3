package dev.junitprompt.backend.langsmith;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.junitprompt.testing.Fuzz;
import dev.junitprompt.testing.FuzzServer;
import dev.junitprompt.testing.Generator;

/** Whatever LangSmith answers, each call returns or fails with a LangSmithException that says so (see {@link Fuzz}). */
class LangSmithReplyFuzzTest {

    private static final List<String> FIELDS = List.of("version", "tenant_handle", "id", "name", "description",
            "created_at", "modified_at", "tenant_id", "example_count", "data_type", "inputs", "outputs", "metadata",
            "dataset_id", "split", "splits", "manifest", "commit_hash", "owner", "repo", "kwargs", "template",
            "messages", "lc", "type", "start_time", "end_time", "reference_dataset_id", "detail", "url",
            "batch_ingest_config", "instance_flags", "license_expiration_time");
    private static final List<String> SEEDS = List.of(
            "{\"version\":\"0.10.1\",\"batch_ingest_config\":{\"size_limit_bytes\":20971520},\"instance_flags\":{}}",
            "[{\"id\":\"7a1c0000-0000-4000-8000-000000000001\",\"name\":\"prep\",\"description\":\"d\","
                    + "\"created_at\":\"2025-01-01T00:00:00Z\",\"modified_at\":\"2025-01-01T00:00:00Z\","
                    + "\"tenant_id\":\"7a1c0000-0000-4000-8000-00000000fa4e\",\"example_count\":1,\"data_type\":\"kv\"}]",
            "[{\"id\":\"7a1c0000-0000-4000-8000-000000000002\",\"dataset_id\":\"7a1c0000-0000-4000-8000-000000000001\","
                    + "\"inputs\":{\"a\":1},\"outputs\":{\"b\":2},\"metadata\":{\"dataset_split\":[\"base\"]},"
                    + "\"created_at\":\"2025-01-01T00:00:00Z\",\"modified_at\":\"2025-01-01T00:00:00Z\"}]",
            "{\"commit_hash\":\"abc123\",\"manifest\":{\"lc\":1,\"type\":\"constructor\",\"id\":[\"langchain\","
                    + "\"prompts\",\"prompt\",\"PromptTemplate\"],\"kwargs\":{\"template\":\"Hi {name}\","
                    + "\"input_variables\":[\"name\"]}}}",
            "{\"id\":\"7a1c0000-0000-4000-8000-000000000003\",\"name\":\"run\",\"start_time\":\"2025-01-01T00:00:00Z\","
                    + "\"reference_dataset_id\":\"7a1c0000-0000-4000-8000-000000000001\"}",
            "{\"detail\":\"Not found\"}");

    private static final Generator<String> REPLIES = Fuzz.texts(SEEDS, FIELDS);
    private static final Generator<Integer> STATUSES = FuzzServer.statuses(List.of(200),
            List.of(400, 401, 403, 404, 409, 422, 429, 500, 502));

    private static FuzzServer server;
    private static LangSmithClient client;

    @BeforeAll
    static void start() {
        server = new FuzzServer();
        client = new LangSmithClient(server.url(), "lsv2_pt_fuzz_0123456789", null,
                FuzzServer.RETRIES, wait -> { }, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anyReplyToAnyCall() {
        Fuzz.forAll(inputs -> {
            server.answer(inputs.draw(STATUSES), inputs.draw(REPLIES));
            int call = inputs.draw(Generator.between(0, 5));
            Fuzz.holdsContract("LangSmith", () -> switch (call) {
                case 0 -> client.info();
                case 1 -> client.dataset("prep");
                case 2 -> client.examples("7a1c0000-0000-4000-8000-000000000001");
                case 3 -> client.promptCommit("owner/greet");
                case 4 -> client.session("7a1c0000-0000-4000-8000-000000000003");
                default -> client.findDataset("prep");
            }, LangSmithException.class);
        });
    }
}

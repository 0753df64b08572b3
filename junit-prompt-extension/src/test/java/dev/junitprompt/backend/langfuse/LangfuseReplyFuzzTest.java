package dev.junitprompt.backend.langfuse;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.junitprompt.testing.Fuzz;
import dev.junitprompt.testing.FuzzServer;
import dev.junitprompt.testing.Generator;

/** Whatever Langfuse answers, each call returns or fails with a LangfuseException that says so (see {@link Fuzz}). */
class LangfuseReplyFuzzTest {

    private static final List<String> FIELDS = List.of("status", "version", "data", "id", "name", "description",
            "metadata", "projectId", "createdAt", "updatedAt", "datasetId", "datasetName", "input", "expectedOutput",
            "sourceTraceId", "meta", "page", "limit", "totalItems", "totalPages", "type", "prompt", "config", "labels",
            "tags", "role", "content", "successes", "errors", "message", "error", "datasetRunId", "traceId",
            "observationId", "ACTIVE", "ARCHIVED", "text", "chat");
    private static final List<String> SEEDS = List.of(
            "{\"status\":\"OK\",\"version\":\"3.100.0\"}",
            "{\"data\":[{\"id\":\"p1\",\"name\":\"project\",\"metadata\":{}}]}",
            "{\"id\":\"ds1\",\"name\":\"prep\",\"description\":null,\"metadata\":{},\"projectId\":\"p1\","
                    + "\"createdAt\":\"2025-01-01T00:00:00.000Z\",\"updatedAt\":\"2025-01-01T00:00:00.000Z\"}",
            "{\"data\":[{\"id\":\"prep:case-001\",\"datasetId\":\"ds1\",\"datasetName\":\"prep\",\"input\":{\"a\":1},"
                    + "\"expectedOutput\":{\"b\":2},\"metadata\":{\"description\":\"one\"},\"status\":\"ACTIVE\","
                    + "\"createdAt\":\"2025-01-01T00:00:00.000Z\",\"updatedAt\":\"2025-01-01T00:00:00.000Z\"}],"
                    + "\"meta\":{\"page\":1,\"limit\":50,\"totalItems\":1,\"totalPages\":1}}",
            "{\"name\":\"greet\",\"version\":3,\"type\":\"chat\",\"prompt\":[{\"role\":\"system\",\"content\":\"Hi "
                    + "{{name}}\"}],\"config\":{\"model\":\"gpt-4o-mini\"},\"labels\":[\"production\"],\"tags\":[]}",
            "{\"successes\":[{\"id\":\"s1\",\"status\":201}],\"errors\":[{\"id\":\"s2\",\"status\":400,"
                    + "\"message\":\"Invalid request\",\"error\":\"value: Expected number\"}]}",
            "{\"message\":\"Unauthorized\"}");

    private static final Generator<String> REPLIES = Fuzz.texts(SEEDS, FIELDS);
    private static final Generator<Integer> STATUSES = FuzzServer.statuses(List.of(200, 207),
            List.of(400, 401, 403, 404, 409, 413, 429, 500, 502));

    private static FuzzServer server;
    private static LangfuseClient client;

    @BeforeAll
    static void start() {
        server = new FuzzServer();
        client = new LangfuseClient(server.url(), "pk-lf-fuzz", "sk-lf-fuzz-secret",
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
            int call = inputs.draw(Generator.between(0, 6));
            Fuzz.holdsContract("Langfuse", () -> switch (call) {
                case 0 -> client.health();
                case 1 -> client.projectId();
                case 2 -> client.dataset("prep");
                case 3 -> client.datasetItems("prep");
                case 4 -> client.prompt("greet", "production", null);
                case 5 -> {
                    client.sendScores(List.of(LangfuseScore.numeric("s1", "t1", null, "quality", 0.5, "fine"),
                            LangfuseScore.numeric("s2", "t1", null, "quality", 1.0, null)));
                    yield "sent";
                }
                default -> client.findDataset("prep");
            }, LangfuseException.class);
        });
    }
}

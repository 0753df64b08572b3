package dev.junitprompt.backend.langsmith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.junitprompt.internal.RetryPolicy;


class LangSmithClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00.123456789Z");

    private FakeLangSmith langsmith;
    private LangSmithClient client;

    @BeforeEach
    void start() {
        langsmith = FakeLangSmith.start();
        client = langsmith.client();
    }

    @AfterEach
    void stop() {
        langsmith.close();
    }

    // ------------------------------------------------------------------------------------------ datasets, examples

    @Test
    void listsAllExamplesOfADatasetPageByPage() {
        String datasetId = langsmith.seedDataset("qa", 250);

        List<LangSmithExample> examples = client.examples(client.dataset("qa").id());

        assertThat(examples).hasSize(250);
        assertThat(examples.get(0).id()).isEqualTo(FakeLangSmith.exampleId("qa", 1));
        assertThat(examples.get(249).id()).isEqualTo(FakeLangSmith.exampleId("qa", 250));
        assertThat(examples).extracting(LangSmithExample::datasetId).containsOnly(datasetId);
        assertThat(examples.get(6).inputs().path("n").asInt()).isEqualTo(7);
        assertThat(examples.get(6).outputs().path("n").asInt()).isEqualTo(7);
        assertThat(examples.get(6).metadata().path("description").asText()).isEqualTo("Example 7");
        assertThat(examples.get(6).metadata().has("dataset_split")).isFalse();
        assertThat(examples.get(6).splits()).containsExactly("base");
        assertThat(langsmith.requestCount("GET", "/examples")).isEqualTo(3);
        langsmith.assertNoViolations();
    }

    @Test
    void stopsAfterAFullLastPageWithAnEmptyOne() {
        String datasetId = langsmith.seedDataset("qa", 200);

        assertThat(client.examples(datasetId)).hasSize(200);
        assertThat(langsmith.requestCount("GET", "/examples")).isEqualTo(3);
    }

    @Test
    void filtersExamplesBySplit() {
        String datasetId = langsmith.seedDataset("qa", 10, "train", "test");

        List<LangSmithExample> test = client.examples(datasetId, List.of("test"));

        assertThat(test).hasSize(5).allSatisfy(e -> assertThat(e.splits()).containsExactly("test"));
        assertThat(test.get(0).inputs().path("n").asInt()).isEqualTo(2);
        assertThat(client.examples(datasetId, List.of("train", "test"))).hasSize(10);
        langsmith.assertNoViolations();
    }

    @Test
    void namesAnUnknownDataset() {
        assertThat(client.findDataset("nope")).isEmpty();
        assertThatThrownBy(() -> client.dataset("nope")).isInstanceOf(LangSmithException.class)
                .hasMessageContaining("no dataset named 'nope'").hasMessageContaining(langsmith.endpoint());
        langsmith.assertNoViolations();
    }

    @Test
    void createsADatasetAndRefusesADuplicateName() {
        LangSmithDataset created = client.createDataset("prep", "Interview prep", JSON.createObjectNode()
                .put("origin", "datasets/prep"));

        assertThat(client.dataset("prep").id()).isEqualTo(created.id());
        assertThat(created.tenantId()).isEqualTo(FakeLangSmith.TENANT_ID);
        assertThat(client.datasetOrCreate("prep", null, null).id()).isEqualTo(created.id());
        assertThatThrownBy(() -> client.createDataset("prep", null, null)).isInstanceOf(LangSmithException.class)
                .hasMessageContaining("already has a dataset named 'prep'");
        langsmith.assertNoViolations();
    }

    @Test
    void upsertsExamplesIdempotently() {
        String datasetId = client.createDataset("local", null, null).id();
        List<LangSmithExample> examples = List.of(
                example(datasetId, "case-001", "Backend engineer", List.of()),
                example(datasetId, "case-002", "Data scientist", List.of("train")),
                example(datasetId, "case-003", "Designer", List.of("train", "test")));

        assertThat(client.upsertExamples(datasetId, examples)).isEqualTo(new LangSmithClient.UpsertResult(3, 0, 0));
        int requestsBefore = langsmith.requests().size();
        assertThat(client.upsertExamples(datasetId, examples)).isEqualTo(new LangSmithClient.UpsertResult(0, 0, 3));
        assertThat(langsmith.requests().subList(requestsBefore, langsmith.requests().size()))
                .containsExactly("GET /examples");

        List<LangSmithExample> changed = List.of(examples.get(0),
                example(datasetId, "case-002", "Data scientist", List.of("test")),
                example(datasetId, "case-003", "UX designer", List.of("train", "test")));
        assertThat(client.upsertExamples(datasetId, changed)).isEqualTo(new LangSmithClient.UpsertResult(0, 2, 1));
        assertThat(client.upsertExamples(datasetId, changed)).isEqualTo(new LangSmithClient.UpsertResult(0, 0, 3));

        List<JsonNode> stored = langsmith.examples(datasetId);
        assertThat(stored).hasSize(3);
        assertThat(stored.get(1).path("metadata").path("dataset_split").toString()).isEqualTo("[\"test\"]");
        assertThat(stored.get(2).path("inputs").path("job_title").asText()).isEqualTo("UX designer");
        assertThat(stored.get(2).path("metadata").path("source").asText()).isEqualTo("case-003");
        langsmith.assertNoViolations();
    }

    private static LangSmithExample example(String datasetId, String caseId, String jobTitle, List<String> splits) {
        ObjectNode inputs = JSON.createObjectNode().put("job_title", jobTitle);
        ObjectNode outputs = JSON.createObjectNode().put("steps", 3);
        ObjectNode metadata = JSON.createObjectNode().put("source", caseId);
        String id = UUID.nameUUIDFromBytes(caseId.getBytes()).toString();
        return new LangSmithExample(id, datasetId, inputs, outputs, metadata, splits);
    }

    // ---------------------------------------------------------------------------------------------- sessions

    @Test
    void createsAnExperimentOnADatasetAndEndsIt() {
        String datasetId = langsmith.seedDataset("qa", 2);
        String sessionId = UUID.randomUUID().toString();
        ObjectNode metadata = JSON.createObjectNode().put("target", "prep_generate").put("model", "gpt-4o-mini");

        LangSmithSession session = client.createSession(sessionId, "prepGenerate-1a2b3c4d", "junit-prompt run",
                metadata, datasetId, T0);

        assertThat(session.id()).isEqualTo(sessionId);
        assertThat(session.referenceDatasetId()).isEqualTo(datasetId);
        assertThat(session.endTime()).isNull();
        JsonNode stored = langsmith.sessions().get(sessionId);
        assertThat(stored.path("reference_dataset_id").asText()).isEqualTo(datasetId);
        assertThat(stored.path("extra").path("metadata").path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(stored.path("start_time").asText()).isEqualTo("2025-03-01T12:00:00.123456+00:00");

        LangSmithSession ended = client.endSession(sessionId, T0.plusSeconds(60));
        assertThat(ended.endTime()).isEqualTo("2025-03-01T12:01:00.123456+00:00");
        assertThat(langsmith.sessions().get(sessionId).path("reference_dataset_id").asText()).isEqualTo(datasetId);
        assertThat(client.session(sessionId).endTime()).isNotNull();

        assertThat(client.experimentUrl(datasetId, sessionId)).isEqualTo("http://localhost/o/"
                + FakeLangSmith.TENANT_ID + "/datasets/" + datasetId + "/compare?selectedSessions=" + sessionId);
        langsmith.assertNoViolations();
    }

    @Test
    void refusesAnExperimentNameTwiceWithAClearError() {
        String datasetId = langsmith.seedDataset("qa", 1);
        client.createSession(UUID.randomUUID().toString(), "exp", null, null, datasetId, T0);

        LangSmithException e = catchThrowableOfType(LangSmithException.class,
                () -> client.createSession(UUID.randomUUID().toString(), "exp", null, null, datasetId, T0));

        assertThat(e.status()).isEqualTo(409);
        assertThat(e).hasMessageContaining("already has an experiment (project) named 'exp'");
        langsmith.assertNoViolations();
    }

    // -------------------------------------------------------------------------------------------------- runs

    @Test
    void sendsATraceWithParentChildLinksInOneBatch() {
        String datasetId = langsmith.seedDataset("qa", 1);
        String exampleId = FakeLangSmith.exampleId("qa", 1);
        String sessionId = UUID.randomUUID().toString();
        client.createSession(sessionId, "exp", null, null, datasetId, T0);

        LangSmithRun root = LangSmithRun.root("prepGenerate", "chain", T0).toBuilder().session(sessionId, "exp")
                .referenceExample(exampleId).inputs(JSON.createObjectNode().put("n", 1)).build();
        LangSmithRun llm = root.child("gpt-4o-mini", "llm", T0.plusMillis(5)).toBuilder()
                .inputs(JSON.createObjectNode().put("prompt", "Say hi"))
                .outputs("hi").metadata(JSON.createObjectNode().put("ls_model_name", "gpt-4o-mini"))
                .endTime(T0.plusMillis(900)).build();
        LangSmithRun judge = root.child("llm_judge", "chain", T0.minusSeconds(1)) // clamped to the parent's start
                .toBuilder()
                .outputs(JSON.createObjectNode().put("score", 0.8)).endTime(T0.plusSeconds(1))
                .tags(List.of("evaluator")).build();
        LangSmithRun rootEnd = root.toBuilder().outputs("done").endTime(T0.plusSeconds(2)).build();

        client.postRuns(List.of(root, llm, judge), List.of(rootEnd));

        assertThat(langsmith.batches()).hasSize(1);
        assertThat(langsmith.batches().get(0).path("patch")).isEmpty(); // merged into the post
        Map<String, JsonNode> runs = langsmith.runs();
        assertThat(runs).containsOnlyKeys(root.id(), llm.id(), judge.id());
        JsonNode storedRoot = runs.get(root.id());
        assertThat(storedRoot.path("reference_example_id").asText()).isEqualTo(exampleId);
        assertThat(storedRoot.path("outputs").path("output").asText()).isEqualTo("done");
        assertThat(storedRoot.path("end_time").asText()).isEqualTo("2025-03-01T12:00:02.123456+00:00");
        assertThat(storedRoot.has("parent_run_id")).isFalse();
        assertThat(storedRoot.path("dotted_order").asText())
                .isEqualTo("20250301T120000123456Z" + root.id());
        assertThat(langsmith.children(root.id())).extracting(r -> r.path("id").asText())
                .containsExactly(llm.id(), judge.id());
        JsonNode storedLlm = runs.get(llm.id());
        assertThat(storedLlm.path("trace_id").asText()).isEqualTo(root.id());
        assertThat(storedLlm.path("run_type").asText()).isEqualTo("llm");
        assertThat(storedLlm.path("outputs").path("output").asText()).isEqualTo("hi");
        assertThat(storedLlm.path("extra").path("metadata").path("ls_model_name").asText()).isEqualTo("gpt-4o-mini");
        assertThat(storedLlm.path("dotted_order").asText()).isEqualTo(root.dottedOrder() + ".20250301T120000128456Z"
                + llm.id());
        assertThat(storedLlm.path("session_id").asText()).isEqualTo(sessionId);
        assertThat(judge.startTime()).isEqualTo(root.startTime());
        langsmith.assertNoViolations();
    }

    @Test
    void sendsRunsAsAMultipartFormWithTheLargeFieldsAsPartsOfTheirOwn() {
        LangSmithRun root = LangSmithRun.root("t", "chain", T0).toBuilder().inputs(JSON.createObjectNode()
                .put("question", "2+2?")).outputs("4").metadata(JSON.createObjectNode().put("k", "v")).build();

        client.postRuns(List.of(root), List.of());

        assertThat(langsmith.requests()).contains("POST /runs/multipart").doesNotContain("POST /runs/batch");
        JsonNode stored = langsmith.runs().get(root.id());
        assertThat(stored.path("inputs").path("question").asText()).isEqualTo("2+2?");
        assertThat(stored.path("outputs").path("output").asText()).isEqualTo("4");
        assertThat(stored.path("extra").path("metadata").path("k").asText()).isEqualTo("v");
        langsmith.assertNoViolations();
    }

    @Test
    void aServerThatDoesNotAnnounceMultipartGetsBatches() {
        langsmith.withoutMultipart(false);

        client.postRuns(List.of(LangSmithRun.root("t", "chain", T0)), List.of());

        assertThat(langsmith.requests()).contains("POST /runs/batch").doesNotContain("POST /runs/multipart");
        assertThat(langsmith.runs()).hasSize(1);
        langsmith.assertNoViolations();
    }

    @Test
    void aServerAnsweringMultipartWith404GetsBatchesFromThenOn() {
        langsmith.withoutMultipart(true);

        client.postRuns(List.of(LangSmithRun.root("a", "chain", T0)), List.of());
        client.postRuns(List.of(LangSmithRun.root("b", "chain", T0)), List.of());

        assertThat(langsmith.requestCount("POST", "/runs/multipart")).isEqualTo(1);
        assertThat(langsmith.requestCount("POST", "/runs/batch")).isEqualTo(2);
        assertThat(langsmith.runs()).hasSize(2);
        langsmith.assertNoViolations();
    }

    @Test
    void patchesRunsPostedEarlier() {
        LangSmithRun root = LangSmithRun.root("t", "chain", T0).toBuilder().session(null, "exp").build();
        client.postRuns(List.of(root), List.of());
        client.postRuns(List.of(), List.of(root.toBuilder().outputs(42).endTime(T0.plusSeconds(1)).build()));

        JsonNode stored = langsmith.runs().get(root.id());
        assertThat(stored.path("outputs").path("output").asInt()).isEqualTo(42);
        assertThat(stored.path("session_name").asText()).isEqualTo("exp");
        assertThat(langsmith.batches().get(1).path("patch")).hasSize(1);
        langsmith.assertNoViolations();
    }

    @Test
    void splitsBatchesAtTheServersLimit() {
        langsmith.batchLimits(2, 20_971_520L);
        LangSmithRun root = LangSmithRun.root("t", "chain", T0);
        List<LangSmithRun> runs = List.of(root, root.child("a", "llm", T0), root.child("b", "llm", T0),
                root.child("c", "tool", T0), root.child("d", "parser", T0));

        client.postRuns(runs, List.of());

        assertThat(langsmith.batches()).hasSize(3);
        assertThat(langsmith.runs()).hasSize(5);
        langsmith.assertNoViolations();
    }

    @Test
    void theFakeCatchesABrokenDottedOrder() {
        LangSmithRun root = LangSmithRun.root("t", "chain", T0);
        LangSmithRun orphan = new LangSmithRun(UUID.randomUUID().toString(), root.id(), root.id(),
                root.dottedOrder() + "." + RunIds.dottedSegment(T0, UUID.randomUUID().toString()), "x", "llm",
                null, null, T0, null, null, null, null, null, null, List.of());

        client.postRuns(List.of(orphan), List.of());

        assertThat(langsmith.violations()).anySatisfy(v -> assertThat(v).contains("is not the run id"))
                .anySatisfy(v -> assertThat(v).contains("was never sent"));
    }

    @Test
    void theFakeRejectsAWrongType() {
        LangSmithRun bad = LangSmithRun.root("t", "agent", T0);

        assertThatThrownBy(() -> client.postRuns(List.of(bad), List.of())).isInstanceOf(LangSmithException.class)
                .hasMessageContaining("HTTP 400");
        assertThat(langsmith.violations()).anySatisfy(v -> assertThat(v).contains("run_type"));
    }

    // ---------------------------------------------------------------------------------------------- feedback

    @Test
    void sendsRunAndExperimentFeedback() {
        String datasetId = langsmith.seedDataset("qa", 1);
        String sessionId = UUID.randomUUID().toString();
        client.createSession(sessionId, "exp", null, null, datasetId, T0);
        LangSmithRun root = LangSmithRun.root("item", "chain", T0).toBuilder().session(sessionId, null)
                .referenceExample(FakeLangSmith.exampleId("qa", 1)).build();
        client.postRuns(List.of(root), List.of());

        LangSmithFeedback onRun = LangSmithFeedback.ofRun(root, "llm_judge", 0.123456, TextNode.valueOf("good"),
                "Covers every step");
        LangSmithFeedback summary = LangSmithFeedback.summary(sessionId, "pass_rate", 0.9, null, null);
        client.createFeedback(onRun);
        client.createFeedback(summary);

        JsonNode stored = langsmith.feedback().get(onRun.id());
        assertThat(stored.path("run_id").asText()).isEqualTo(root.id());
        assertThat(stored.path("trace_id").asText()).isEqualTo(root.id());
        assertThat(stored.path("session_id").asText()).isEqualTo(sessionId);
        assertThat(stored.path("score").asDouble()).isEqualTo(0.1235);
        assertThat(stored.path("value").asText()).isEqualTo("good");
        assertThat(stored.path("comment").asText()).isEqualTo("Covers every step");
        assertThat(stored.path("feedback_source").path("type").asText()).isEqualTo("model");
        JsonNode storedSummary = langsmith.feedback().get(summary.id());
        assertThat(storedSummary.has("run_id")).isFalse();
        assertThat(storedSummary.has("trace_id")).isFalse();
        assertThat(storedSummary.path("session_id").asText()).isEqualTo(sessionId);
        langsmith.assertNoViolations();
    }

    // ------------------------------------------------------------------------------------------- retries, errors

    @Test
    void waitsAsRetryAfterSaysOn429ThenSucceeds() {
        langsmith.seedDataset("qa", 1);
        langsmith.rateLimitNext("/datasets", 1, "7");
        langsmith.rateLimitNext("/datasets", 1, "Wed, 01 Jan 2025 00:00:05 GMT"); // the fake clock: 00:00:00

        assertThat(client.dataset("qa").name()).isEqualTo("qa");
        assertThat(langsmith.sleeps()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(5));
        assertThat(langsmith.requestCount("GET", "/datasets")).isEqualTo(3);
        langsmith.assertNoViolations();
    }

    @Test
    void retriesServerErrorsWithBackoff() {
        langsmith.failNext("/runs/multipart", 2, 503);

        client.postRuns(List.of(LangSmithRun.root("t", "chain", T0)), List.of());

        assertThat(langsmith.runs()).hasSize(1);
        assertThat(langsmith.sleeps()).hasSize(2).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(
                Duration.ofMillis(200)));
    }

    @Test
    void givesUpWhenEverythingFails() {
        langsmith.failEverything();

        LangSmithException e = catchThrowableOfType(LangSmithException.class, () -> client.dataset("qa"));

        assertThat(e.status()).isEqualTo(500);
        assertThat(e).hasMessageContaining("kept failing").hasMessageContaining("after 4 attempts");
        assertThat(langsmith.sleeps()).hasSize(3);
    }

    @Test
    void a401NamesTheEndpointAndTheVariableButNotTheKey() {
        String wrongKey = "lsv2_pt_wrong_key_9876543210";
        LangSmithClient wrong = langsmith.client(langsmith.endpoint(), wrongKey, null);

        LangSmithException e = catchThrowableOfType(LangSmithException.class, () -> wrong.dataset("qa"));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e).hasMessageContaining("LangSmith rejected the API key for " + langsmith.endpoint())
                .hasMessageContaining("LANGSMITH_API_KEY").hasMessageContaining("LANGSMITH_WORKSPACE_ID")
                .hasMessageNotContaining(wrongKey);
        assertThat(langsmith.sleeps()).isEmpty();
    }

    @Test
    void sendsTheWorkspaceHeaderForOrgScopedKeys() {
        langsmith.seedDataset("qa", 1);
        langsmith.requireWorkspace("ws-1");

        assertThatThrownBy(() -> client.dataset("qa")).isInstanceOf(LangSmithException.class)
                .hasMessageContaining("set LANGSMITH_WORKSPACE_ID");
        assertThat(langsmith.client(langsmith.endpoint(), FakeLangSmith.API_KEY, "ws-1").dataset("qa").name())
                .isEqualTo("qa");
    }

    @Test
    void explainsAReplyThatIsNotJson() {
        langsmith.answerNext("/datasets", 200, "text/html", "<html><body>Sign in</body></html>");

        assertThatThrownBy(() -> client.dataset("qa")).isInstanceOf(LangSmithException.class)
                .hasMessageContaining("not JSON").hasMessageContaining("Sign in")
                .hasMessageContaining("LANGSMITH_ENDPOINT");
    }

    @Test
    void explainsAnExampleWithoutItsId() {
        String datasetId = langsmith.seedDataset("qa", 1);
        langsmith.answerNext("/examples", 200, "application/json", "[{\"inputs\": {\"n\": 1}}]");

        assertThatThrownBy(() -> client.examples(datasetId)).isInstanceOf(LangSmithException.class)
                .hasMessageContaining("answered an example without its 'id'")
                .hasMessageContaining("LANGSMITH_ENDPOINT");
    }

    @Test
    void namesAnUnreachableEndpoint() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LangSmithClient nowhere = langsmith.client("http://127.0.0.1:" + port, FakeLangSmith.API_KEY, null);

        assertThatThrownBy(() -> nowhere.dataset("qa")).isInstanceOf(LangSmithException.class)
                .hasMessageContaining("Cannot reach LangSmith at http://127.0.0.1:" + port)
                .hasMessageContaining("LANGSMITH_ENDPOINT");
    }

    // ------------------------------------------------------------------------------------------- configuration

    @Test
    void worksWithASelfHostedApiV1BaseUrl() {
        langsmith.seedDataset("qa", 3);
        LangSmithClient selfHosted = langsmith.client(langsmith.apiV1Endpoint() + "/", FakeLangSmith.API_KEY, null);

        String datasetId = selfHosted.dataset("qa").id();
        assertThat(selfHosted.examples(datasetId)).hasSize(3);
        selfHosted.postRuns(List.of(LangSmithRun.root("t", "chain", T0)), List.of());

        assertThat(langsmith.requests()).contains("GET /api/v1/datasets", "GET /api/v1/examples",
                "POST /api/v1/runs/multipart");
        assertThat(langsmith.runs()).hasSize(1);
        assertThat(selfHosted.webUrl()).isEqualTo("http://localhost");
        langsmith.assertNoViolations();
    }

    @Test
    void readsTheEnvironmentAsTheSdkDoes() {
        langsmith.seedDataset("qa", 1);
        RetryPolicy once = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5));

        LangSmithClient legacy = LangSmithClient.fromEnvironment(Map.of("LANGSMITH_API_KEY", " ",
                "LANGCHAIN_API_KEY", FakeLangSmith.API_KEY, "LANGSMITH_ENDPOINT", "",
                "LANGCHAIN_ENDPOINT", " \"" + langsmith.endpoint() + "/\" "), once);
        assertThat(legacy.endpoint()).isEqualTo(langsmith.endpoint());
        assertThat(legacy.dataset("qa").name()).isEqualTo("qa");

        assertThat(LangSmithClient.fromEnvironment(Map.of("LANGSMITH_API_KEY", "k"), once).endpoint())
                .isEqualTo(LangSmithClient.DEFAULT_ENDPOINT);
        assertThatThrownBy(() -> LangSmithClient.fromEnvironment(Map.of("LANGSMITH_ENDPOINT", "http://x"), once))
                .isInstanceOf(LangSmithException.class).hasMessageContaining("LANGSMITH_API_KEY is not set");

        langsmith.requireWorkspace("ws-9");
        LangSmithClient scoped = LangSmithClient.fromEnvironment(Map.of("LANGSMITH_API_KEY", FakeLangSmith.API_KEY,
                "LANGSMITH_ENDPOINT", langsmith.endpoint(), "LANGSMITH_WORKSPACE_ID", "ws-9"), once);
        assertThat(scoped.dataset("qa").name()).isEqualTo("qa");
    }

    @Test
    void mapsEndpointsToTheWebAppAsTheSdkDoes() {
        RetryPolicy retry = RetryPolicy.defaults();
        assertThat(new LangSmithClient("https://api.smith.langchain.com", "k", null, retry).webUrl())
                .isEqualTo("https://smith.langchain.com");
        assertThat(new LangSmithClient("https://eu.api.smith.langchain.com", "k", null, retry).webUrl())
                .isEqualTo("https://eu.smith.langchain.com");
        assertThat(new LangSmithClient("https://ls.example.org/api/v1", "k", null, retry).webUrl())
                .isEqualTo("https://ls.example.org");
        assertThat(new LangSmithClient("https://ls.example.org:8443/langsmith/api", "k", null, retry).webUrl())
                .isEqualTo("https://ls.example.org:8443/langsmith");
        assertThat(new LangSmithClient("http://localhost:1984", "k", null, retry).webUrl())
                .isEqualTo("http://localhost");
    }

    @Test
    void buildsTimeOrderedIdsAndDottedOrderSegments() {
        UUID id = RunIds.uuid7(T0);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(T0.toEpochMilli());
        assertThat(RunIds.uuid7(T0.plusMillis(1)).compareTo(id)).isPositive();
        assertThat(RunIds.dottedSegment(T0, "abc")).isEqualTo("20250301T120000123456Zabc");
        assertThat(RunIds.isoTime(T0)).isEqualTo("2025-03-01T12:00:00.123456+00:00");
        assertThat(LangSmithRun.asObject(List.of(1, 2)).toString()).isEqualTo("{\"output\":[1,2]}");
    }

    @Test
    void readsAHubPromptsLatestCommitOrOneByHashWithAndWithoutTheApiPrefix() throws IOException {
        JsonNode v1 = JSON.readTree("{\"lc\": 1, \"type\": \"constructor\", \"id\": [\"PromptTemplate\"], "
                + "\"kwargs\": {\"template\": \"v1 {x}\"}}");
        JsonNode v2 = JSON.readTree("{\"lc\": 1, \"type\": \"constructor\", \"id\": [\"PromptTemplate\"], "
                + "\"kwargs\": {\"template\": \"v2 {x}\"}}");
        String first = langsmith.seedPrompt("qa-prompt", v1);
        String second = langsmith.seedPrompt("qa-prompt", v2);

        LangSmithPromptCommit latest = langsmith.client().latestPromptCommit("qa-prompt");
        assertThat(latest.owner()).isEqualTo("-");
        assertThat(latest.name()).isEqualTo("qa-prompt");
        assertThat(latest.commitHash()).isEqualTo(second);
        assertThat(latest.shortHash()).isEqualTo(second.substring(0, 8));
        assertThat(latest.manifest()).isEqualTo(v2);
        LangSmithClient selfHosted = langsmith.client(langsmith.apiV1Endpoint(), FakeLangSmith.API_KEY, null);
        assertThat(selfHosted.promptCommit(FakeLangSmith.TENANT_HANDLE + "/qa-prompt:" + first.substring(0, 8))
                .manifest()).isEqualTo(v1);
        assertThat(langsmith.requests()).containsExactly("GET /commits/-/qa-prompt/latest",
                "GET /api/v1/commits/" + FakeLangSmith.TENANT_HANDLE + "/qa-prompt/" + first.substring(0, 8));

        LangSmithException missing = catchThrowableOfType(LangSmithException.class,
                () -> langsmith.client().promptCommit("other/nope"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing).hasMessageStartingWith("LangSmith has no prompt 'other/nope' at " + langsmith.endpoint());
        assertThatThrownBy(() -> langsmith.client().promptCommit("a/b/c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner/name:commit");
        assertThat(LangSmithPromptCommit.Identifier.parse("o/n:abc")).isEqualTo(
                new LangSmithPromptCommit.Identifier("o", "n", "abc"));
        langsmith.assertNoViolations();
    }
}

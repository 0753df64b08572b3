package dev.junitprompt.backend.langfuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.backend.langfuse.FakeLangfuse.Generation;
import dev.junitprompt.internal.RetryPolicy;

class LangfuseClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeLangfuse langfuse = FakeLangfuse.start(Generation.V3);

    @AfterEach
    void stop() {
        langfuse.close();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    // ------------------------------------------------------------------------------------------ configuration

    @Test
    void fromEnvironmentNamesAMissingKey() {
        assertThatThrownBy(() -> LangfuseClient.fromEnvironment(Map.of("LANGFUSE_PUBLIC_KEY", "pk")))
                .isInstanceOf(LangfuseException.class).hasMessageStartingWith("LANGFUSE_SECRET_KEY is not set");
        assertThatThrownBy(() -> LangfuseClient.fromEnvironment(Map.of("LANGFUSE_SECRET_KEY", "sk")))
                .isInstanceOf(LangfuseException.class).hasMessageStartingWith("LANGFUSE_PUBLIC_KEY is not set");
    }

    @Test
    void fromEnvironmentTakesTheHostFromLangfuseHostThenBaseUrlThenCloud() {
        Map<String, String> keys = Map.of("LANGFUSE_PUBLIC_KEY", "pk", "LANGFUSE_SECRET_KEY", "sk");
        assertThat(LangfuseClient.fromEnvironment(keys).host()).isEqualTo("https://cloud.langfuse.com");
        assertThat(LangfuseClient.fromEnvironment(with(keys, "LANGFUSE_BASE_URL", "https://b.example/")).host())
                .isEqualTo("https://b.example");
        assertThat(LangfuseClient.fromEnvironment(with(with(keys, "LANGFUSE_BASE_URL", "https://b.example"),
                "LANGFUSE_HOST", "https://h.example/langfuse//")).host()).isEqualTo("https://h.example/langfuse");
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        java.util.HashMap<String, String> copy = new java.util.HashMap<>(env);
        copy.put(name, value);
        return copy;
    }

    @Test
    void aBaseUrlWithASubPathBehindAProxyIsKept() {
        langfuse.close();
        langfuse = FakeLangfuse.start(Generation.V4, "/langfuse");
        langfuse.seedDataset("qa", 2);
        LangfuseClient client = new LangfuseClient(langfuse.host() + "/", FakeLangfuse.PUBLIC_KEY,
                FakeLangfuse.SECRET_KEY, FakeLangfuse.fastRetries());

        assertThat(client.health().majorVersion()).isEqualTo(4);
        assertThat(client.datasetItems("qa")).hasSize(2);
        assertThat(client.host()).endsWith("/langfuse");
        assertThat(langfuse.requests()).containsExactly("GET /api/public/health", "GET /api/public/dataset-items");
        langfuse.assertNoViolations();
    }

    @Test
    void healthTellsV3FromV4() {
        assertThat(langfuse.client().health()).isEqualTo(new LangfuseHealth("OK", "3.225.4"));
        assertThat(langfuse.client().health().majorVersion()).isEqualTo(3);
        langfuse.actAs(Generation.V4);
        assertThat(langfuse.client().health().majorVersion()).isEqualTo(4);
        assertThat(new LangfuseHealth("OK", "v4.0.0-rc.1").majorVersion()).isEqualTo(4);
        assertThat(new LangfuseHealth("OK", "dev").majorVersion()).isZero();
    }

    @Test
    void theRunUrlIsBuiltFromTheProjectDatasetAndRun() {
        String projectId = langfuse.client().projectId();

        assertThat(projectId).isEqualTo(FakeLangfuse.PROJECT_ID);
        assertThat(new LangfuseUrls("https://example.org/langfuse/").run(projectId, "ds-1", "run-1"))
                .isEqualTo("https://example.org/langfuse/project/fake-project/datasets/ds-1/runs/run-1");
        assertThat(new LangfuseUrls("https://cloud.langfuse.com").trace("p", "abc"))
                .isEqualTo("https://cloud.langfuse.com/project/p/traces/abc");
        langfuse.assertNoViolations();
    }

    // ------------------------------------------------------------------------------------------------ errors

    @Test
    void wrongKeysNameTheHostAndTheVariablesButNotTheSecret() {
        String secret = "sk-lf-wrong-secret-42";
        LangfuseClient client = langfuse.client("pk-lf-wrong", secret);

        assertThatThrownBy(() -> client.dataset("qa"))
                .isInstanceOfSatisfying(LangfuseException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessage("Langfuse rejected the keys for " + langfuse.host()
                        + ": check LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY")
                .message().doesNotContain(secret).doesNotContain("Basic");
        assertThat(langfuse.sleeps()).isEmpty();
        langfuse.assertNoViolations();
    }

    @Test
    void aMissingDatasetIsNamed() {
        LangfuseClient client = langfuse.client();

        assertThatThrownBy(() -> client.dataset("no-such-set")).isInstanceOf(LangfuseException.class)
                .hasMessageStartingWith("Langfuse has no dataset named 'no-such-set' at " + langfuse.host());
        assertThatThrownBy(() -> client.datasetItems("no-such-set")).isInstanceOf(LangfuseException.class)
                .hasMessageContaining("no dataset named 'no-such-set'");
        assertThat(client.findDataset("no-such-set")).isEmpty();
        langfuse.assertNoViolations();
    }

    @Test
    void aMissingPromptIsNamedWithItsLabelOrVersion() {
        langfuse.seedPrompt("greet", "Hello {{name}}", "staging");
        LangfuseClient client = langfuse.client();

        assertThatThrownBy(() -> client.prompt("greet", null, null)).isInstanceOf(LangfuseException.class)
                .hasMessageStartingWith("Langfuse has no prompt named 'greet' with label production at ");
        assertThatThrownBy(() -> client.prompt("greet", null, 7)).isInstanceOf(LangfuseException.class)
                .hasMessageStartingWith("Langfuse has no prompt named 'greet' with version 7 at ");
        assertThatThrownBy(() -> client.prompt("nope", "staging", null)).isInstanceOf(LangfuseException.class)
                .hasMessageStartingWith("Langfuse has no prompt named 'nope' with label staging");
        assertThat(client.findPrompt("greet", "staging", null)).isPresent();
        langfuse.assertNoViolations();
    }

    @Test
    void anUnreachableHostIsNamedWithTheVariables() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String host = "http://127.0.0.1:" + closedPort;
        LangfuseClient client = new LangfuseClient(host, "pk", "sk", FakeLangfuse.fastRetries());

        assertThatThrownBy(client::health).isInstanceOf(LangfuseException.class)
                .hasMessageStartingWith("Cannot reach Langfuse at " + host)
                .hasMessageContaining("LANGFUSE_HOST");
    }

    @Test
    void aNonJsonReplyFromAProxyIsReportedWithItsStatusAndStart() {
        String html = "<html><head><title>Sign in</title></head><body>" + "x".repeat(500) + "</body></html>";
        langfuse.answerNext("/api/public/v2/datasets/qa", 200, "text/html", html);

        assertThatThrownBy(() -> langfuse.client().dataset("qa")).isInstanceOf(LangfuseException.class)
                .hasMessageContaining("answered HTTP 200 to GET /api/public/v2/datasets/qa with a reply that is not "
                        + "JSON")
                .hasMessageContaining("<html><head><title>Sign in</title>")
                .hasMessageEndingWith("x".repeat(200 - "<html><head><title>Sign in</title></head><body>".length())
                        + "…");
    }

    @Test
    void anAnswerWithoutAFieldEveryOneHasIsSaidSo() {
        langfuse.answerNext("/api/public/v2/prompts/greet", 200, "application/json", "{\"type\": \"text\"}");

        assertThatThrownBy(() -> langfuse.client().prompt("greet", "production", null))
                .isInstanceOf(LangfuseException.class)
                .hasMessageContaining("answered a prompt without its 'name'")
                .hasMessageContaining("LANGFUSE_HOST");
    }

    @Test
    void aPromptOfATypeJunitPromptDoesNotKnowIsSaidToBeLangfuses() {
        langfuse.answerNext("/api/public/v2/prompts/greet", 200, "application/json",
                "{\"name\": \"greet\", \"version\": 3, \"type\": \"image\", \"prompt\": \"Hi\"}");

        assertThatThrownBy(() -> langfuse.client().prompt("greet", "production", null))
                .isInstanceOf(LangfuseException.class)
                .hasMessageStartingWith("Langfuse prompt greet at ")
                .hasMessageContaining("is of type 'image', which junit-prompt cannot use (it knows text and chat)");
    }

    @Test
    void aChatMessageWithoutARoleIsSaidToBeOfALangfusePrompt() {
        // Found by a long fuzz run: the message named the prompt, but not that it was Langfuse's.
        langfuse.answerNext("/api/public/v2/prompts/greet", 200, "application/json",
                "{\"name\": \"greet\", \"version\": 3, \"type\": \"chat\", "
                        + "\"prompt\": [{\"{a.b}role\": \"system\", \"content\": \"Hi\"}]}");

        assertThatThrownBy(() -> langfuse.client().prompt("greet", "production", null))
                .isInstanceOf(LangfuseException.class)
                .hasMessageStartingWith("Langfuse prompt greet (version 3) at ")
                .hasMessageContaining("has a message junit-prompt cannot use (a placeholder?): {\"{a.b}role\"");
    }

    @Test
    void aProxysHtml404IsNotMistakenForAMissingDataset() {
        langfuse.answerNext("/api/public/v2/datasets/qa", 404, "text/html", "<html>nginx: Not Found</html>");

        assertThatThrownBy(() -> langfuse.client().dataset("qa")).isInstanceOf(LangfuseException.class)
                .hasMessageContaining("HTTP 404").hasMessageContaining("not JSON")
                .hasMessageContaining("nginx: Not Found");
    }

    // ----------------------------------------------------------------------------------------------- retries

    @Test
    void a429IsRetriedAfterRetryAfterSeconds() {
        langfuse.seedDataset("qa", 1);
        langfuse.rateLimitNext("/api/public/v2/datasets/qa", 2, "7");

        LangfuseDataset dataset = langfuse.client().dataset("qa");

        assertThat(dataset.name()).isEqualTo("qa");
        assertThat(langfuse.sleeps()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
        assertThat(langfuse.requestCount("GET", "/api/public/v2/datasets/qa")).isEqualTo(3);
        langfuse.assertNoViolations();
    }

    @Test
    void aRetryAfterLongerThanTheCapFailsAtOnceInsteadOfHoldingTheRun() {
        langfuse.seedDataset("qa", 1);
        langfuse.rateLimitNext("/api/public/v2/datasets/qa", 1, "86400");

        assertThatThrownBy(() -> langfuse.client().dataset("qa")).isInstanceOf(LangfuseException.class)
                .hasMessageContaining("asks to wait 86400 s (Retry-After), more than the 60 s allowed "
                        + "(prompt.experiment.retry.max-retry-after-ms)");
        assertThat(langfuse.sleeps()).isEmpty();
        assertThat(langfuse.requestCount("GET", "/api/public/v2/datasets/qa")).isEqualTo(1);
    }

    @Test
    void a429IsRetriedAfterARetryAfterDate() {
        langfuse.seedDataset("qa", 1);
        // The fake's clients run on a clock fixed at 2025-01-01T00:00:00Z.
        langfuse.rateLimitNext("/api/public/v2/datasets/qa", 1, "Wed, 01 Jan 2025 00:00:03 GMT");

        langfuse.client().dataset("qa");

        assertThat(langfuse.sleeps()).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void fiveHundredsAreRetriedWithJitteredExponentialBackoff() {
        langfuse.seedDataset("qa", 1);
        langfuse.failNext("/api/public/v2/datasets/qa", 3, 503);

        langfuse.client().dataset("qa");

        List<Duration> sleeps = langfuse.sleeps();
        assertThat(sleeps).hasSize(3);
        assertThat(sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(sleeps.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
        assertThat(sleeps.get(2)).isBetween(Duration.ZERO, Duration.ofMillis(400));
        langfuse.assertNoViolations();
    }

    @Test
    void aResetConnectionIsRetried() {
        langfuse.disconnectNext("/api/public/ingestion");

        langfuse.client().sendScores(List.of(
                LangfuseScore.numeric("s-1", "0af7651916cd43dd8448eb211c80319c", null, "a", 1, null)));

        assertThat(langfuse.scores()).containsOnlyKeys("s-1");
        assertThat(langfuse.requestCount("POST", "/api/public/ingestion")).isEqualTo(2);
        assertThat(langfuse.sleeps()).hasSize(1);
        langfuse.assertNoViolations();
    }

    @Test
    void persistentFiveHundredsGiveUpAfterTheAttempts() {
        langfuse.failNext("/api/public/health", 10, 502);

        assertThatThrownBy(() -> langfuse.client().health()).isInstanceOf(LangfuseException.class)
                .hasMessageContaining("kept failing: HTTP 502 to GET /api/public/health after 4 attempts")
                .hasMessageContaining("Injected failure 502");
        assertThat(langfuse.sleeps()).hasSize(3);
    }

    @Test
    void aClientErrorIsNotRetried() {
        langfuse.failNext("/api/public/v2/datasets", 1, 400);

        assertThatThrownBy(() -> langfuse.client().upsertDataset("qa", null, null))
                .isInstanceOf(LangfuseException.class)
                .hasMessageContaining("answered HTTP 400 to POST /api/public/v2/datasets: Injected failure 400");
        assertThat(langfuse.sleeps()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------- datasets

    @Test
    void allItemsAreReadPageByPage() {
        langfuse.seedDataset("big", 250);

        // The server lists newest first; the client hands them on as listed, and the dataset source orders them.
        List<LangfuseDatasetItem> items = langfuse.client().datasetItems("big");

        assertThat(items).hasSize(250);
        assertThat(items.get(0).id()).isEqualTo("item-250");
        assertThat(items.get(249).id()).isEqualTo("item-001");
        items = new java.util.ArrayList<>(items);
        java.util.Collections.reverse(items);
        assertThat(items.get(41).input().path("n").asInt()).isEqualTo(42);
        assertThat(items.get(41).expectedOutput().path("n").asInt()).isEqualTo(42);
        assertThat(items.get(41).metadata().path("description").asText()).isEqualTo("Item 42");
        assertThat(items).allSatisfy(item -> assertThat(item.datasetName()).isEqualTo("big"));
        assertThat(langfuse.requestCount("GET", "/api/public/dataset-items")).isEqualTo(5);
        langfuse.assertNoViolations();
    }

    @Test
    void anEmptyDatasetHasNoItems() {
        langfuse.seedDataset("empty", 0);

        assertThat(langfuse.client().datasetItems("empty")).isEmpty();
        assertThat(langfuse.requestCount("GET", "/api/public/dataset-items")).isEqualTo(1);
    }

    @Test
    void reUpsertingADatasetAndItsItemsChangesNothing() throws Exception {
        LangfuseClient client = langfuse.client();
        List<LangfuseDatasetItem> items = List.of(
                new LangfuseDatasetItem("case-001", "prep", json("{\"job_title\":\"Backend\"}"),
                        json("{\"steps\":[1,2,3]}"), json("{\"description\":\"Backend engineer\"}")),
                new LangfuseDatasetItem("case-002", "prep", json("{\"job_title\":\"Data\"}"), null, null));

        for (int push = 0; push < 2; push++) {
            client.upsertDataset("prep", "Interview prep", json("{\"source\":\"datasets/prep\"}"));
            items.forEach(client::upsertDatasetItem);
        }

        List<JsonNode> stored = langfuse.items("prep");
        assertThat(stored).hasSize(2);
        assertThat(stored.get(0).path("expectedOutput")).isEqualTo(json("{\"steps\":[1,2,3]}"));
        assertThat(stored.get(1).path("expectedOutput").isNull()).isTrue();
        assertThat(langfuse.dataset("prep").path("description").asText()).isEqualTo("Interview prep");
        assertThat(client.datasetItems("prep")).containsExactlyElementsOf(List.of(
                withNulls(items.get(1)), withNulls(items.get(0))));
        langfuse.assertNoViolations();
    }

    private static LangfuseDatasetItem withNulls(LangfuseDatasetItem item) {
        com.fasterxml.jackson.databind.node.NullNode none = com.fasterxml.jackson.databind.node.NullNode.getInstance();
        return new LangfuseDatasetItem(item.id(), item.datasetName(), item.input(),
                item.expectedOutput() == null ? none : item.expectedOutput(),
                item.metadata() == null ? none : item.metadata());
    }

    @Test
    void anUpsertMergesOmittedFieldsKeepTheirValues() throws Exception {
        langfuse.seedDataset("qa", 1);
        LangfuseClient client = langfuse.client();

        LangfuseDatasetItem updated = client.upsertDatasetItem(
                new LangfuseDatasetItem("item-001", "qa", json("{\"n\":100}"), null, null));

        assertThat(updated.input()).isEqualTo(json("{\"n\":100}"));
        assertThat(updated.expectedOutput()).isEqualTo(json("{\"n\":1}"));
        langfuse.assertNoViolations();
    }

    @Test
    void anItemIdOfAnotherDatasetIsRefusedByName() throws Exception {
        langfuse.seedDataset("first", 1);
        langfuse.seedDataset("second", 0);

        assertThatThrownBy(() -> langfuse.client().upsertDatasetItem(
                new LangfuseDatasetItem("item-001", "second", json("{}"), null, null)))
                .isInstanceOfSatisfying(LangfuseException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("dataset item item-001 for dataset second")
                .hasMessageContaining("belongs to another dataset");
        assertThatThrownBy(() -> langfuse.client().upsertDatasetItem(
                new LangfuseDatasetItem("x", "missing", json("{}"), null, null)))
                .hasMessageStartingWith("Langfuse has no dataset named 'missing'");
        langfuse.assertNoViolations();
    }

    @Test
    void anItemIdOfAnotherDatasetOnLangfuse2IsTriedTwiceAndNamedWithItsLikelyCause() {
        try (FakeLangfuse old = FakeLangfuse.start(FakeLangfuse.Generation.V2)) {
            old.seedDataset("first", 1);
            old.seedDataset("second", 0);

            assertThatThrownBy(() -> old.client().upsertDatasetItem(
                    new LangfuseDatasetItem("item-001", "second", json("{}"), null, null)))
                    .isInstanceOfSatisfying(LangfuseException.class, e -> assertThat(e.status()).isEqualTo(500))
                    .hasMessageContaining("failed on dataset item item-001 of dataset second (HTTP 500 twice")
                    .hasMessageContaining("another dataset of the project has an item with this id")
                    .hasMessageNotContaining("kept failing");
            // The body is the same each time: one retry, not the policy's four attempts.
            assertThat(old.requestCount("POST", "/api/public/dataset-items")).isEqualTo(2);
        }
    }

    // ----------------------------------------------------------------------------------------------- prompts

    @Test
    void aPromptIsFetchedByLabelByVersionOrAsProduction() {
        langfuse.seedPrompt("greet", "Hello v1", "production");
        langfuse.seedPrompt("greet", "Hello v2", "staging");
        LangfuseClient client = langfuse.client();

        assertThat(client.prompt("greet", null, null).text()).isEqualTo("Hello v1");
        assertThat(client.prompt("greet", "staging", null).version()).isEqualTo(2);
        assertThat(client.prompt("greet", "latest", null).text()).isEqualTo("Hello v2");
        assertThat(client.prompt("greet", null, 1).labels()).containsExactly("production");
        assertThatThrownBy(() -> client.prompt("greet", "staging", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("by label or by version, not both");
        langfuse.assertNoViolations();
    }

    @Test
    void aPromptInAFolderIsUrlEncoded() {
        langfuse.seedPrompt("team/greet", "Hello {{name}}", "production");

        LangfusePrompt prompt = langfuse.client().prompt("team/greet", null, null);

        assertThat(prompt.name()).isEqualTo("team/greet");
        assertThat(langfuse.requests()).containsExactly("GET /api/public/v2/prompts/team%2Fgreet");
        langfuse.assertNoViolations();
    }

    @Test
    void textAndChatPromptVersionsAreCreatedWithConfigAndLabels() throws Exception {
        LangfuseClient client = langfuse.client();
        ObjectNode config = (ObjectNode) json("{\"model\":\"gpt-4o-mini\",\"temperature\":0.2}");

        LangfusePrompt first = client.createPromptVersion(LangfusePrompt.text("prep", "Plan for {{job}}", config),
                List.of("staging"), "from targets/prep");
        LangfusePrompt second = client.createPromptVersion(LangfusePrompt.chat("prep", List.of(
                new LangfusePrompt.Message("system", "You coach."),
                new LangfusePrompt.Message("user", "Plan for {{job}}")), config), List.of("staging"), null);

        assertThat(first.version()).isEqualTo(1);
        assertThat(first.config()).isEqualTo(config);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.type()).isEqualTo(LangfusePrompt.Type.CHAT);
        assertThat(second.labels()).containsExactlyInAnyOrder("staging", "latest");
        assertThat(langfuse.labels("prep", 1)).isEmpty();
        LangfusePrompt fetched = client.prompt("prep", "staging", null);
        assertThat(fetched.messages()).containsExactly(new LangfusePrompt.Message("system", "You coach."),
                new LangfusePrompt.Message("user", "Plan for {{job}}"));
        assertThat(fetched.sameContentAs(LangfusePrompt.chat("prep", fetched.messages(), config))).isTrue();
        assertThat(fetched.sameContentAs(first)).isFalse();
        langfuse.assertNoViolations();
    }

    @Test
    void promotingAVersionMovesTheLabel() {
        langfuse.seedPrompt("greet", "Hello v1", "production");
        langfuse.seedPrompt("greet", "Hello v2", "staging");
        LangfuseClient client = langfuse.client();

        LangfusePrompt promoted = client.setLabels("greet", 2, List.of("production"));

        assertThat(promoted.labels()).containsExactlyInAnyOrder("staging", "latest", "production");
        assertThat(langfuse.labels("greet", 1)).isEmpty();
        assertThat(client.prompt("greet", null, null).version()).isEqualTo(2);
        assertThatThrownBy(() -> client.setLabels("greet", 9, List.of("production")))
                .hasMessageStartingWith("Langfuse has no prompt named 'greet' with version 9");
        langfuse.assertNoViolations();
    }

    // ----------------------------------------------------------------------------------------- runs and scores

    @Test
    void aRunItemLinksAnItemToItsTraceOnV3() throws Exception {
        langfuse.seedDataset("qa", 2);
        LangfuseClient client = langfuse.client();
        String trace = "0af7651916cd43dd8448eb211c80319c";

        LangfuseRunItem.Created first = client.createRunItem(new LangfuseRunItem("run 1", "first run",
                json("{\"target\":\"greet\"}"), "item-001", trace, "b7ad6b7169203331"));
        LangfuseRunItem.Created second = client.createRunItem(new LangfuseRunItem("run 1", null, null, "item-002",
                trace.replace('0', '1'), null));

        assertThat(second.datasetRunId()).isEqualTo(first.datasetRunId());
        assertThat(first.datasetRunName()).isEqualTo("run 1");
        assertThat(langfuse.runItems()).hasSize(2);
        assertThat(langfuse.runItems().get(0).path("observationId").asText()).isEqualTo("b7ad6b7169203331");
        assertThat(langfuse.runItems().get(0).path("metadata")).isEqualTo(json("{\"target\":\"greet\"}"));
        langfuse.assertNoViolations();
    }

    @Test
    void aV4ServerAnswersRunItemsWithAMadeUpRunAndStoresNothing() {
        langfuse.actAs(Generation.V4);
        langfuse.seedDataset("qa", 1);

        LangfuseRunItem.Created created = langfuse.client().createRunItem(new LangfuseRunItem("run 1", null, null,
                "item-001", "0af7651916cd43dd8448eb211c80319c", null));

        assertThat(created.datasetRunId()).isNotBlank();
        assertThat(langfuse.runItems()).isEmpty();
        langfuse.assertNoViolations();
    }

    @Test
    void scoresOfEveryTypeAreIngested() {
        LangfuseClient client = langfuse.client();
        String trace = "0af7651916cd43dd8448eb211c80319c";

        client.sendScores(List.of(
                LangfuseScore.numeric("s-1", trace, null, "similarity", 0.82, "{\"reasoning\":\"close\"}"),
                LangfuseScore.bool("s-2", trace, "b7ad6b7169203331", "json_valid", true, null),
                LangfuseScore.categorical("s-3", trace, null, "tone", "friendly", null),
                LangfuseScore.onRun("s-4", "run-1", "pass_rate", 0.9, null)));

        Map<String, JsonNode> scores = langfuse.scores();
        assertThat(scores).containsOnlyKeys("s-1", "s-2", "s-3", "s-4");
        assertThat(scores.get("s-1").path("value").asDouble()).isEqualTo(0.82);
        assertThat(scores.get("s-1").path("comment").asText()).isEqualTo("{\"reasoning\":\"close\"}");
        assertThat(scores.get("s-2").path("value").isNumber()).isTrue();
        assertThat(scores.get("s-2").path("value").asDouble()).isEqualTo(1.0);
        assertThat(scores.get("s-2").path("dataType").asText()).isEqualTo("BOOLEAN");
        assertThat(scores.get("s-3").path("value").asText()).isEqualTo("friendly");
        assertThat(scores.get("s-4").path("datasetRunId").asText()).isEqualTo("run-1");
        assertThat(scores.get("s-4").has("traceId")).isFalse();
        assertThat(langfuse.ingestionEvents()).allSatisfy(event -> {
            assertThat(event.path("type").asText()).isEqualTo("score-create");
            assertThat(event.path("timestamp").asText()).isEqualTo("2025-01-01T00:00:00Z");
        });
        langfuse.assertNoViolations();
    }

    @Test
    void reSendingAScoreOverwritesIt() {
        LangfuseClient client = langfuse.client();
        String trace = "0af7651916cd43dd8448eb211c80319c";

        client.sendScores(List.of(LangfuseScore.numeric("s-1", trace, null, "similarity", 0.5, null)));
        client.sendScores(List.of(LangfuseScore.numeric("s-1", trace, null, "similarity", 0.7, null)));

        assertThat(langfuse.scores()).hasSize(1);
        assertThat(langfuse.scores().get("s-1").path("value").asDouble()).isEqualTo(0.7);
    }

    @Test
    void manyRejectedEventsMakeOneShortLineAndKeepTheWholeList() {
        LangfuseClient client = langfuse.client();
        String trace = "0af7651916cd43dd8448eb211c80319c";
        List<LangfuseScore> scores = new java.util.ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            langfuse.failEvent("s-" + i, 400, 1);
            scores.add(LangfuseScore.numeric("s-" + i, trace, null, "m", 1, null));
        }

        assertThatThrownBy(() -> client.sendScores(scores)).isInstanceOfSatisfying(LangfuseException.class, e -> {
            assertThat(e.rejectedEvents()).hasSize(40);
            assertThat(e.getMessage()).hasSizeLessThan(1000).contains("did not take 40 of 40", "; and 37 more");
        });
    }

    @Test
    void a207WithPartialErrorsResendsTheRetryableAndReportsTheRest() {
        LangfuseClient client = langfuse.client();
        String trace = "0af7651916cd43dd8448eb211c80319c";
        langfuse.failEvent("s-2", 503, 1);
        langfuse.failEvent("s-3", 429, 2);
        langfuse.failEvent("s-4", 400, 1);

        assertThatThrownBy(() -> client.sendScores(List.of(
                LangfuseScore.numeric("s-1", trace, null, "a", 1, null),
                LangfuseScore.numeric("s-2", trace, null, "b", 2, null),
                LangfuseScore.numeric("s-3", trace, null, "c", 3, null),
                LangfuseScore.numeric("s-4", trace, null, "d", 4, null))))
                .isInstanceOfSatisfying(LangfuseException.class, e -> {
                    assertThat(e.rejectedEvents()).singleElement().satisfies(rejected -> {
                        assertThat(rejected.entityId()).isEqualTo("s-4");
                        assertThat(rejected.name()).isEqualTo("d");
                        assertThat(rejected.status()).isEqualTo(400);
                    });
                    assertThat(e.status()).isEqualTo(400);
                })
                .hasMessageContaining("did not take 1 of 4 score-create events: score-create s-4 (d): HTTP 400");

        assertThat(langfuse.scores()).containsOnlyKeys("s-1", "s-2", "s-3");
        assertThat(langfuse.requestCount("POST", "/api/public/ingestion")).isEqualTo(3);
        // Sent: 4 events, then s-2 and s-3 again, then s-3 once more.
        assertThat(langfuse.ingestionEvents()).hasSize(7);
        assertThat(langfuse.sleeps()).hasSize(2);
        langfuse.assertNoViolations();
    }

    @Test
    void eventsThatKeepFailingAreReportedAfterTheAttempts() {
        langfuse.failEvent("s-1", 500, 10);

        assertThatThrownBy(() -> langfuse.client().sendScores(List.of(
                LangfuseScore.numeric("s-1", "0af7651916cd43dd8448eb211c80319c", null, "a", 1, null))))
                .isInstanceOf(LangfuseException.class).hasMessageContaining("score-create s-1 (a): HTTP 500");
        assertThat(langfuse.requestCount("POST", "/api/public/ingestion")).isEqualTo(4);
    }

    @Test
    void largeScoreBatchesAreSplitUnder3Point5Megabytes() {
        String trace = "0af7651916cd43dd8448eb211c80319c";
        String comment = "c".repeat(1_500_000);

        langfuse.client().sendScores(List.of(
                LangfuseScore.numeric("s-1", trace, null, "a", 1, comment),
                LangfuseScore.numeric("s-2", trace, null, "b", 1, comment),
                LangfuseScore.numeric("s-3", trace, null, "c", 1, comment)));

        assertThat(langfuse.requestCount("POST", "/api/public/ingestion")).isEqualTo(2);
        assertThat(langfuse.scores()).hasSize(3);
        assertThatThrownBy(() -> langfuse.client().sendScores(List.of(
                LangfuseScore.numeric("s-9", trace, null, "huge", 1, "c".repeat(4_000_000)))))
                .isInstanceOf(LangfuseException.class).hasMessageContaining("s-9 (huge)")
                .hasMessageContaining("shorten its comment");
    }

    @Test
    void scoresAreCheckedBeforeTheyAreSent() {
        assertThatThrownBy(() -> new LangfuseScore("s", null, null, null, "a", 1.0, LangfuseScore.DataType.NUMERIC,
                null, Map.of(), null)).hasMessageContaining("exactly one of a trace id and a dataset run id");
        assertThatThrownBy(() -> new LangfuseScore("s", "t", null, null, "a", 0.5, LangfuseScore.DataType.BOOLEAN,
                null, Map.of(), null)).hasMessageContaining("0 or 1");
        assertThatThrownBy(() -> new LangfuseScore("s", "t", null, null, "a", 1.0,
                LangfuseScore.DataType.CATEGORICAL, null, Map.of(), null)).hasMessageContaining("must be a String");
    }

    @Test
    void retryPolicyLimitsTheAttempts() {
        langfuse.failNext("/api/public/health", 1, 500);
        LangfuseClient once = new LangfuseClient(langfuse.host(), FakeLangfuse.PUBLIC_KEY, FakeLangfuse.SECRET_KEY,
                new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5)));

        assertThatThrownBy(once::health).hasMessageContaining("after 1 attempt:");
    }

    @Test
    void labellingAVersionOnAServerWithoutTheRouteNamesTheEndpointAndTheServersVersion() {
        try (FakeLangfuse old = FakeLangfuse.start(FakeLangfuse.Generation.V2)) {
            old.seedPrompt("greet", "Say hello to {{name}}.", "production");

            assertThatThrownBy(() -> old.client().setLabels("greet", 1, List.of("staging")))
                    .isInstanceOf(LangfuseException.class)
                    .hasMessageContaining("(version 2.95.12) has no PATCH /api/public/v2/prompts/{name}/versions/{version}")
                    .hasMessageContaining("prompt 'greet'").hasMessageNotContaining("proxy");
        }
    }
}

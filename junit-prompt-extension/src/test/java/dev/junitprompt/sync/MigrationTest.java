package dev.junitprompt.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.backend.langfuse.FakeLangfuseAccess;
import dev.junitprompt.backend.langfuse.LangfuseDatasetItem;
import dev.junitprompt.backend.langsmith.FakeLangSmithAccess;
import dev.junitprompt.backend.langsmith.LangSmithException;
import dev.junitprompt.backend.langsmith.LangSmithExample;

/** Migration from a fake LangSmith to a fake Langfuse (acting as a v3 and a v4 server where it matters). */
class MigrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeLangSmithAccess langsmith;
    private FakeLangfuseAccess langfuse;
    private Migration migration;

    private void start(boolean v4) {
        langsmith = FakeLangSmithAccess.start();
        langfuse = FakeLangfuseAccess.start(v4);
        migration = new Migration(langsmith.client(), langfuse.client());
    }

    @AfterEach
    void stop() {
        if (langsmith != null) {
            langsmith.assertNoViolations();
            langsmith.close();
        }
        if (langfuse != null) {
            langfuse.assertNoViolations();
            langfuse.close();
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(List<String> requests, String request) {
        return requests.stream().filter(request::equals).count();
    }

    // ------------------------------------------------------------------------------------------------- datasets

    @Test
    void migrateDatasetCopies250ExamplesWithSplitsAndASecondRunIsANoOp() {
        start(true);
        String datasetId = langsmith.seedDataset("qa", 250, "train", "test");

        DatasetMigrationReport report = migration.datasetFromLangSmithToLangfuse("qa");

        assertThat(report.langsmithDatasetId()).isEqualTo(datasetId);
        assertThat(report.datasetCreated()).isTrue();
        assertThat(report.created()).isEqualTo(250);
        assertThat(report.updated() + report.unchanged()).isZero();
        assertThat(count(langsmith.requests(), "GET /examples")).as("LangSmith pages of 100").isEqualTo(3);
        assertThat(langfuse.dataset("qa").path("metadata")).isEqualTo(json("""
                {"source": "langsmith", "langsmith_dataset_id": "%s"}""".formatted(datasetId)));
        List<JsonNode> items = langfuse.items("qa");
        assertThat(items).hasSize(250);
        for (int i = 1; i <= 250; i++) {
            JsonNode item = items.get(i - 1);
            String id = FakeLangSmithAccess.exampleId("qa", i);
            assertThat(item.path("id").asText()).isEqualTo(id);
            assertThat(item.path("input")).isEqualTo(json("{\"n\": " + i + "}"));
            assertThat(item.path("expectedOutput")).isEqualTo(json("{\"n\": " + i + "}"));
            assertThat(item.path("metadata")).isEqualTo(json("""
                    {"description": "Example %d", "splits": ["%s"], "langsmith_example_id": "%s"}"""
                    .formatted(i, i % 2 == 1 ? "train" : "test", id)));
        }
        assertThat(report.lines()).containsExactly(
                "qa: Langfuse dataset created, 250 examples: 250 created, 0 updated, 0 unchanged",
                "Migrated LangSmith dataset 'qa' to Langfuse.");

        int before = langfuse.requests().size();
        DatasetMigrationReport second = migration.datasetFromLangSmithToLangfuse("qa");

        assertThat(second.changedNothing()).isTrue();
        assertThat(second.unchanged()).isEqualTo(250);
        List<String> secondRequests = langfuse.requests().subList(before, langfuse.requests().size());
        assertThat(secondRequests).allMatch(request -> request.startsWith("GET "));
        assertThat(count(secondRequests, "GET /api/public/dataset-items")).as("Langfuse pages of 50").isEqualTo(5);
        assertThat(second.lines()).containsExactly("qa: unchanged (250 examples)",
                "Nothing to migrate: Langfuse already has the 250 examples of LangSmith dataset 'qa'.");
    }

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void aChangedExampleIsUpdatedAndItemsOnlyInLangfuseAreReported(boolean v4) {
        start(v4);
        String datasetId = langsmith.seedDataset("qa", 3);
        migration.datasetFromLangSmithToLangfuse("qa");
        String changed = FakeLangSmithAccess.exampleId("qa", 2);
        langsmith.client().upsertExamples(datasetId, List.of(new LangSmithExample(changed, datasetId,
                json("{\"n\": 2}"), json("{\"n\": 20}"), json("{\"description\": \"Example 2\"}"), List.of("hard"))));
        langfuse.client().upsertDatasetItem(new LangfuseDatasetItem("extra", "qa",
                json("{\"n\": 0}"), null, null));

        DatasetMigrationReport report = migration.datasetFromLangSmithToLangfuse("qa");

        assertThat(report.created()).isZero();
        assertThat(report.updated()).isEqualTo(1);
        assertThat(report.unchanged()).isEqualTo(2);
        assertThat(report.onlyInLangfuse()).containsExactly("extra");
        JsonNode item = langfuse.items("qa").get(1);
        assertThat(item.path("expectedOutput")).isEqualTo(json("{\"n\": 20}"));
        assertThat(item.path("metadata").path("splits")).isEqualTo(json("[\"hard\"]"));
        assertThat(report.lines().get(0)).isEqualTo("qa: 3 examples: 0 created, 1 updated, 2 unchanged; 1 items only "
                + "in Langfuse, left as they are: extra");
    }

    @Test
    void anUnknownLangSmithDatasetIsAClearErrorAndLangfuseIsNotTouched() {
        start(true);

        assertThatThrownBy(() -> migration.datasetFromLangSmithToLangfuse("nope"))
                .isInstanceOf(LangSmithException.class).hasMessageStartingWith("LangSmith has no dataset named 'nope'");
        assertThat(langfuse.requests()).isEmpty();
    }

    // -------------------------------------------------------------------------------------------------- prompts

    /** A LangChain serialized object. */
    private static String lc(String module, String kind, String kwargs) {
        return """
                {"lc": 1, "type": "constructor", "id": ["langchain", "prompts", "%s", "%s"], "kwargs": %s}"""
                .formatted(module, kind, kwargs);
    }

    private static String template(String text) {
        return lc("prompt", "PromptTemplate", """
                {"input_variables": [], "template": %s, "template_format": "f-string"}"""
                .formatted(JSON.valueToTree(text).toString()));
    }

    private static String message(String kind, String text) {
        return lc("chat", kind, "{\"prompt\": " + template(text) + "}");
    }

    private static JsonNode chat(String... messages) {
        return json(lc("chat", "ChatPromptTemplate", "{\"input_variables\": [\"question\"], \"messages\": ["
                + String.join(", ", messages) + "]}"));
    }

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void migratePromptCopiesAChatPromptAndASecondRunCreatesNoVersion(boolean v4) {
        start(v4);
        String hash = langsmith.seedPrompt("qa-chat", chat(
                message("SystemMessagePromptTemplate", "You answer questions about {topic}. Use {{braces}} sparingly."),
                message("HumanMessagePromptTemplate", "Question: {question}"),
                message("AIMessagePromptTemplate", "Let me think about {question}."),
                lc("chat", "HumanMessagePromptTemplate", "{\"prompt\": [" + template("Go on about {user.name}.")
                        + "]}")));

        PromptMigrationReport report = migration.promptFromLangSmithToLangfuse("qa-chat");

        assertThat(report.versionCreated()).isTrue();
        assertThat(report.commitHash()).isEqualTo(hash);
        List<JsonNode> versions = langfuse.promptVersions("qa-chat");
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).path("type").asText()).isEqualTo("chat");
        assertThat(versions.get(0).path("prompt")).isEqualTo(json("""
                [{"role": "system", "content": "You answer questions about {{topic}}. Use {braces} sparingly."},
                 {"role": "user", "content": "Question: {{question}}"},
                 {"role": "assistant", "content": "Let me think about {{question}}."},
                 {"role": "user", "content": "Go on about {{user.name}}."}]"""));
        assertThat(versions.get(0).path("commitMessage").asText()).contains("qa-chat", hash);
        assertThat(langfuse.labels("qa-chat", 1)).containsExactlyInAnyOrder("staging", "latest");
        assertThat(report.lines()).containsExactly("qa-chat: created version 1 (labels: staging, latest)",
                "Migrated LangSmith prompt 'qa-chat' at commit " + hash.substring(0, 8) + " to Langfuse.");

        PromptMigrationReport second = migration.promptFromLangSmithToLangfuse("qa-chat");

        assertThat(second.changedNothing()).isTrue();
        assertThat(langfuse.promptVersions("qa-chat")).hasSize(1);
        assertThat(second.lines()).last().isEqualTo("Nothing to migrate: Langfuse prompt 'qa-chat' already holds "
                + "LangSmith prompt 'qa-chat' at commit " + hash.substring(0, 8) + ".");

        PromptMigrationReport production = migration.promptFromLangSmithToLangfuse("-/qa-chat", "production");

        assertThat(production.langfuse().outcome()).isEqualTo(PromptPushReport.Outcome.LABELLED);
        assertThat(langfuse.promptVersions("qa-chat")).hasSize(1);
        assertThat(langfuse.labels("qa-chat", 1)).contains("production");

        langsmith.seedPrompt("qa-chat", chat(message("HumanMessagePromptTemplate", "Q: {question}")));
        PromptMigrationReport changed = migration.promptFromLangSmithToLangfuse("qa-chat");

        assertThat(changed.langfuse().outcome()).isEqualTo(PromptPushReport.Outcome.NEW_VERSION);
        assertThat(langfuse.promptVersions("qa-chat")).hasSize(2);
        assertThat(langfuse.promptVersions("qa-chat").get(1).path("prompt")).isEqualTo(json("""
                [{"role": "user", "content": "Q: {{question}}"}]"""));
    }

    @Test
    void migratePromptCopiesATextPromptAndAnOlderCommitByHash() {
        start(true);
        String first = langsmith.seedPrompt("summary", json(template("Summarize {text} in {n} words.")));
        langsmith.seedPrompt("summary", json(template("Summarize {text} in at most {n} words.")));

        PromptMigrationReport report = migration.promptFromLangSmithToLangfuse("summary", "production");

        JsonNode version = langfuse.promptVersions("summary").get(0);
        assertThat(version.path("type").asText()).isEqualTo("text");
        assertThat(version.path("prompt").asText()).isEqualTo("Summarize {{text}} in at most {{n}} words.");
        assertThat(version.path("config")).isEqualTo(json("{}"));
        assertThat(langfuse.labels("summary", 1)).containsExactlyInAnyOrder("production", "latest");
        assertThat(report.langfuse().outcome()).isEqualTo(PromptPushReport.Outcome.CREATED);

        assertThat(migration.promptFromLangSmithToLangfuse("summary", "production").changedNothing()).isTrue();
        assertThat(langfuse.promptVersions("summary")).hasSize(1);

        PromptMigrationReport older = migration.promptFromLangSmithToLangfuse("summary:" + first.substring(0, 12));

        assertThat(older.commitHash()).isEqualTo(first);
        assertThat(langfuse.promptVersions("summary")).hasSize(2);
        assertThat(langfuse.promptVersions("summary").get(1).path("prompt").asText())
                .isEqualTo("Summarize {{text}} in {{n}} words.");
    }

    @Test
    void aPromptCommittedWithItsModelTakesTheModelAsConfig() {
        start(true);
        String model = """
                {"lc": 1, "type": "constructor", "id": ["langchain", "chat_models", "openai", "ChatOpenAI"],
                 "kwargs": {"model_name": "gpt-4o-mini", "temperature": 0.2, "max_tokens": 300,
                            "openai_api_key": {"lc": 1, "type": "secret", "id": ["OPENAI_API_KEY"]}}}""";
        langsmith.seedPrompt("with-model", json("""
                {"lc": 1, "type": "constructor", "id": ["langchain", "schema", "runnable", "RunnableSequence"],
                 "kwargs": {"first": %s, "last": %s}}""".formatted(
                chat(message("HumanMessagePromptTemplate", "Hi {name}")).toString(), model)));

        migration.promptFromLangSmithToLangfuse("with-model");

        JsonNode version = langfuse.promptVersions("with-model").get(0);
        assertThat(version.path("prompt")).isEqualTo(json("[{\"role\": \"user\", \"content\": \"Hi {{name}}\"}]"));
        assertThat(version.path("config")).isEqualTo(json("""
                {"provider": "openai", "model": "gpt-4o-mini", "temperature": 0.2, "max_tokens": 300}"""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "placeholder | MessagesPlaceholder for the message list 'history'",
            "mustache    | a template in the mustache format; only f-string ({var}) templates can be copied",
            "image       | a message of 2 content parts (PromptTemplate, ImagePromptTemplate)",
            "structured  | a StructuredPrompt",
            "role        | a message with the role 'tool'",
            "partials    | partial variables (today)",
            "tools       | a model bound to tools",
    })
    void anUnsupportedManifestIsAClearErrorAndNothingIsWritten(String kind, String problem) {
        start(true);
        String templ = template("Hi {name}");
        JsonNode manifest = switch (kind) {
            case "placeholder" -> chat(message("SystemMessagePromptTemplate", "Be brief."),
                    lc("chat", "MessagesPlaceholder", "{\"variable_name\": \"history\", \"optional\": true}"));
            case "mustache" -> json(lc("prompt", "PromptTemplate",
                    "{\"template\": \"Hi {{name}}\", \"template_format\": \"mustache\"}"));
            case "image" -> chat(lc("chat", "HumanMessagePromptTemplate", "{\"prompt\": [" + templ + ", "
                    + lc("image", "ImagePromptTemplate", "{\"template\": {\"url\": \"{image_url}\"}}") + "]}"));
            case "structured" -> json(lc("structured", "StructuredPrompt", "{\"messages\": [], \"schema_\": {}}"));
            case "role" -> chat(lc("chat", "ChatMessagePromptTemplate", "{\"role\": \"tool\", \"prompt\": " + templ
                    + "}"));
            case "partials" -> json(lc("prompt", "PromptTemplate",
                    "{\"template\": \"Hi {name} on {today}\", \"partial_variables\": {\"today\": \"Monday\"}}"));
            case "tools" -> json("""
                    {"lc": 1, "type": "constructor", "id": ["langchain", "schema", "runnable", "RunnableSequence"],
                     "kwargs": {"first": %s, "last": {"lc": 1, "type": "constructor",
                       "id": ["langchain", "schema", "runnable", "RunnableBinding"],
                       "kwargs": {"bound": {"lc": 1, "type": "constructor",
                                            "id": ["langchain", "chat_models", "openai", "ChatOpenAI"],
                                            "kwargs": {"model": "gpt-4o"}},
                                  "kwargs": {"tools": [{"type": "function"}]}}}}}""".formatted(templ));
            default -> throw new IllegalArgumentException(kind);
        };
        String hash = langsmith.seedPrompt("odd", manifest);

        assertThatThrownBy(() -> migration.promptFromLangSmithToLangfuse("odd"))
                .isInstanceOf(SyncException.class)
                .hasMessageStartingWith("Cannot copy LangSmith prompt 'odd' commit " + hash.substring(0, 8))
                .hasMessageContaining(problem);
        assertThat(langfuse.promptVersions("odd")).isEmpty();
        assertThat(langfuse.requests()).allMatch(request -> request.startsWith("GET "));
    }

    @Test
    void anUnknownPromptIsAClearError() {
        start(true);

        assertThatThrownBy(() -> migration.promptFromLangSmithToLangfuse("nope"))
                .isInstanceOf(LangSmithException.class)
                .hasMessageStartingWith("LangSmith has no prompt 'nope' at " + langsmith.endpoint());
        assertThatThrownBy(() -> migration.promptFromLangSmithToLangfuse("nope", "Prod"))
                .isInstanceOf(SyncException.class).hasMessageContaining("Invalid label 'Prod'");
        assertThat(langfuse.requests()).isEmpty();
    }
}

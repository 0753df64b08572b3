package dev.junitprompt.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.backend.langfuse.FakeLangfuseAccess;
import dev.junitprompt.backend.langfuse.LangfuseException;
import dev.junitprompt.dataset.LocalDatasetSource;
import dev.junitprompt.target.PromptMessage;
import dev.junitprompt.target.PromptTarget;
import dev.junitprompt.target.TargetLoader;
import dev.junitprompt.target.Template;

/** Every test runs against a fake Langfuse acting as a v3 and as a v4 server. */
class LangfuseSyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TARGETS = Path.of("../targets");
    private static final Path DATASETS = Path.of("../datasets");
    private static final String CHAT = """
            [
              {"role": "system", "content": "You coach {{{{candidates}}}} for {role} roles."},
              {"role": "user", "content": "Plan {weeks} weeks for {candidate.name}."}
            ]
            """;

    @TempDir
    Path temp;

    private FakeLangfuseAccess langfuse;
    private LangfuseSync sync;

    private void start(boolean v4) {
        langfuse = FakeLangfuseAccess.start(v4);
        sync = new LangfuseSync(langfuse.client());
    }

    @AfterEach
    void stop() {
        if (langfuse != null) {
            langfuse.close();
        }
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    /** The repository's targets plus a chat target, copied to {@code dir}. */
    private Path targets(Path dir) throws IOException {
        copy(TARGETS, dir);
        Path chat = Files.createDirectories(dir.resolve("coach_chat"));
        Files.writeString(chat.resolve("prompt.json"), CHAT.replace("{{{{candidates}}}}", "candidates"));
        Files.writeString(chat.resolve(".metadata.yaml"), """
                model: {provider: anthropic, name: claude-3-5-haiku-latest, parameters: {temperature: 0}}
                prompt_config: {supported_languages: [en, fr]}
                """);
        return dir;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path copy = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- push prompts

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void pushPromptsCreatesTextAndChatPromptsWithConfigAndTheStagingLabel(boolean v4) throws Exception {
        start(v4);
        PromptPushReport report = sync.pushPrompts(targets(temp.resolve("targets")), List.of());

        assertThat(report.prompts()).extracting(PromptPushReport.Entry::prompt).containsExactly("coach_chat",
                "prep_generate", "prep_output_analyze", "prep_output_analyze_v2", "prep_output_questions");
        assertThat(report.prompts()).allSatisfy(entry -> {
            assertThat(entry.outcome()).isEqualTo(PromptPushReport.Outcome.CREATED);
            assertThat(entry.version()).isEqualTo(1);
            assertThat(entry.labels()).containsExactlyInAnyOrder("staging", "latest");
        });

        JsonNode generate = langfuse.promptVersions("prep_generate").get(0);
        assertThat(generate.path("type").asText()).isEqualTo("text");
        String text = generate.path("prompt").asText();
        assertThat(text).contains("- Target role: {{job_title}}\n", "exactly {{weeks}} steps",
                "    {\"week\": 1, \"title\": \"<short title>\", \"activities\": [\"<activity>\", \"...\"]}\n")
                .doesNotContain("{{\"", "}}\n  ]");
        assertThat(generate.path("config")).isEqualTo(json("""
                {"description": "Generates a week-by-week interview preparation plan as JSON for a candidate profile",
                 "provider": "openai", "model": "gpt-4o-mini", "temperature": 0.2, "max_tokens": 1200,
                 "output_format": "json"}"""));
        assertThat(langfuse.labels("prep_generate", 1)).containsExactlyInAnyOrder("staging", "latest");

        JsonNode chat = langfuse.promptVersions("coach_chat").get(0);
        assertThat(chat.path("type").asText()).isEqualTo("chat");
        assertThat(chat.path("prompt")).isEqualTo(json("""
                [{"role": "system", "content": "You coach candidates for {{role}} roles."},
                 {"role": "user", "content": "Plan {{weeks}} weeks for {{candidate.name}}."}]"""));
        assertThat(chat.path("config")).isEqualTo(json("""
                {"supported_languages": ["en", "fr"], "provider": "anthropic", "model": "claude-3-5-haiku-latest",
                 "temperature": 0}"""));
        assertThat(report.lines()).contains("prep_generate: created version 1 (labels: staging, latest)")
                .last().isEqualTo("Pushed 5 prompts: 5 changed, 0 unchanged.");
        langfuse.assertNoViolations();
    }

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void aSecondPushWithoutChangesCreatesNoVersionAndSendsNothing(boolean v4) throws Exception {
        start(v4);
        Path targets = targets(temp.resolve("targets"));
        sync.pushPrompts(targets, List.of("staging"));
        int requestsBefore = langfuse.requests().size();

        PromptPushReport second = sync.pushPrompts(targets, List.of("staging"));

        assertThat(second.changedNothing()).isTrue();
        assertThat(second.prompts()).extracting(PromptPushReport.Entry::outcome)
                .containsOnly(PromptPushReport.Outcome.UNCHANGED);
        assertThat(langfuse.promptVersions("prep_generate")).hasSize(1);
        assertThat(langfuse.requests().subList(requestsBefore, langfuse.requests().size()))
                .allMatch(request -> request.startsWith("GET /api/public/v2/prompts/")).hasSize(5);
        assertThat(second.lines()).contains("prep_generate: unchanged at version 1 (labels: staging, latest)")
                .last().isEqualTo("Nothing to push: Langfuse already has these 5 prompts.");
        langfuse.assertNoViolations();
    }

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void aChangedTemplateOrConfigCreatesTheNextVersionAndMovesTheLabels(boolean v4) throws Exception {
        start(v4);
        Path targets = targets(temp.resolve("targets"));
        sync.pushPrompts(targets, List.of());
        Path prompt = targets.resolve("prep_output_questions/prompt.txt");
        Files.writeString(prompt, Files.readString(prompt).replace("exactly {count}", "{count}"));
        Path metadata = targets.resolve("prep_generate/.metadata.yaml");
        Files.writeString(metadata, Files.readString(metadata).replace("temperature: 0.2", "temperature: 0.3"));

        PromptPushReport report = sync.pushPrompts(targets, List.of("staging", "candidate"));

        assertThat(report.prompts()).extracting(PromptPushReport.Entry::prompt, PromptPushReport.Entry::outcome,
                PromptPushReport.Entry::version).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("coach_chat", PromptPushReport.Outcome.LABELLED, 1),
                        org.assertj.core.groups.Tuple.tuple("prep_generate", PromptPushReport.Outcome.NEW_VERSION, 2),
                        org.assertj.core.groups.Tuple.tuple("prep_output_analyze", PromptPushReport.Outcome.LABELLED, 1),
                        org.assertj.core.groups.Tuple.tuple("prep_output_analyze_v2", PromptPushReport.Outcome.LABELLED,
                                1),
                        org.assertj.core.groups.Tuple.tuple("prep_output_questions",
                                PromptPushReport.Outcome.NEW_VERSION, 2));
        assertThat(langfuse.promptVersions("prep_output_questions")).hasSize(2);
        assertThat(langfuse.promptVersions("prep_output_questions").get(1).path("prompt").asText())
                .contains("Write {{count}} interview questions");
        assertThat(langfuse.promptVersions("prep_generate").get(1).path("config").path("temperature").asDouble())
                .isEqualTo(0.3);
        assertThat(langfuse.labels("prep_generate", 1)).isEmpty();
        assertThat(langfuse.labels("prep_generate", 2)).containsExactlyInAnyOrder("staging", "candidate", "latest");
        assertThat(langfuse.labels("prep_output_analyze", 1)).containsExactlyInAnyOrder("staging", "candidate",
                "latest");
        assertThat(report.prompts().get(1).describe()).isEqualTo("prep_generate: created version 2 (labels: staging, "
                + "candidate, latest), content differs from version 1");
        langfuse.assertNoViolations();
    }

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void aMalformedTargetStopsThePushBeforeAnyRequest(boolean v4) throws Exception {
        start(v4);
        Path targets = targets(temp.resolve("targets"));
        Files.writeString(targets.resolve("prep_output_questions/prompt.txt"), "Write {count questions");

        assertThatThrownBy(() -> sync.pushPrompts(targets, List.of())).isInstanceOf(SyncException.class)
                .hasMessageContaining("prep_output_questions/prompt.txt at line 1, column 7");
        Files.writeString(targets.resolve("prep_output_questions/prompt.txt"), "Literal {{{{ is not for Langfuse");
        assertThatThrownBy(() -> sync.pushPrompts(targets, List.of())).isInstanceOf(SyncException.class)
                .hasMessageContaining("as a Langfuse prompt: at line 1, column 9");
        assertThatThrownBy(() -> sync.pushPrompts(targets, List.of("Production"))).isInstanceOf(SyncException.class)
                .hasMessageStartingWith("Invalid label 'Production'");
        assertThatThrownBy(() -> sync.pushPrompts(temp.resolve("none"), List.of())).isInstanceOf(SyncException.class)
                .hasMessageStartingWith("No targets folder at ");
        assertThat(langfuse.requests()).isEmpty();
        langfuse.assertNoViolations();
    }

    // -------------------------------------------------------------------------------------------------- promote

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void promoteMovesProductionFromVersionOneToVersionTwo(boolean v4) throws Exception {
        start(v4);
        Path targets = targets(temp.resolve("targets"));
        sync.pushPrompts(targets, List.of());
        PromotionReport first = sync.promote("prep_generate", 1, null);
        Path prompt = targets.resolve("prep_generate/prompt.txt");
        Files.writeString(prompt, Files.readString(prompt) + "Be concise.\n");
        sync.pushPrompts(targets, List.of());

        PromotionReport second = sync.promote("prep_generate", 2, "production");

        assertThat(first.describe()).isEqualTo("prep_generate: label production set on version 1 (labels: "
                + "staging, latest, production)");
        assertThat(second.describe()).isEqualTo("prep_generate: label production moved from version 1 to version 2 "
                + "(labels: staging, latest, production)");
        assertThat(langfuse.labels("prep_generate", 1)).doesNotContain("production");
        assertThat(langfuse.labels("prep_generate", 2)).contains("production", "staging", "latest");

        int requests = langfuse.requests().size();
        PromotionReport again = sync.promote("prep_generate", 2, "production");
        assertThat(again.changedNothing()).isTrue();
        assertThat(again.describe()).isEqualTo("prep_generate: version 2 already has label production; nothing "
                + "changed");
        assertThat(langfuse.requests().subList(requests, langfuse.requests().size()))
                .noneMatch(request -> request.startsWith("PATCH"));
        assertThatThrownBy(() -> sync.promote("prep_generate", 9, "production"))
                .isInstanceOf(LangfuseException.class)
                .hasMessageStartingWith("Langfuse has no prompt named 'prep_generate' with version 9");
        assertThatThrownBy(() -> sync.promote("prep_generate", 2, "latest")).isInstanceOf(SyncException.class)
                .hasMessageContaining("'latest' is Langfuse's own");
        langfuse.assertNoViolations();
    }

    // -------------------------------------------------------------------------------------------- push datasets

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void pushDatasetsUpsertsEveryItemWithExpectedOutputAndDescription(boolean v4) throws Exception {
        start(v4);
        DatasetPushReport report = sync.pushDatasets(DATASETS);

        assertThat(report.datasets()).extracting(DatasetPushReport.Entry::dataset)
                .containsExactly("prep_generate", "prep_output_analyze", "prep_output_questions");
        LocalDatasetSource local = new LocalDatasetSource(DATASETS);
        for (DatasetPushReport.Entry entry : report.datasets()) {
            List<DatasetItem> items = local.load(entry.dataset()).items();
            assertThat(entry.datasetCreated()).isTrue();
            assertThat(entry.created()).isEqualTo(items.size());
            assertThat(langfuse.dataset(entry.dataset())).isNotNull();
            List<JsonNode> stored = langfuse.items(entry.dataset());
            assertThat(stored).hasSize(items.size());
            for (int i = 0; i < items.size(); i++) {
                DatasetItem item = items.get(i);
                JsonNode langfuseItem = stored.get(i);
                assertThat(langfuseItem.path("id").asText()).isEqualTo(entry.dataset() + ":" + item.id());
                assertThat(langfuseItem.path("input")).isEqualTo(item.inputs());
                assertThat(langfuseItem.path("expectedOutput")).isEqualTo(item.expected()).isNotNull();
                assertThat(langfuseItem.path("metadata").path("description").asText())
                        .isEqualTo(item.description()).isNotBlank();
                assertThat(langfuseItem.path("metadata").path("local_id").asText()).isEqualTo(item.id());
            }
        }
        assertThat(langfuse.items("prep_generate").get(0).path("expectedOutput")).isEqualTo(json("""
                {"role": "Backend Engineer", "seniority": "senior", "weeks": 4}"""));
        assertThat(report.lines()).first()
                .isEqualTo("prep_generate: dataset created, 4 items: 4 created, 0 updated, 0 unchanged");
        langfuse.assertNoViolations();
    }

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void aSecondDatasetPushChangesNothingAndSaysSo(boolean v4) throws Exception {
        start(v4);
        sync.pushDatasets(DATASETS);
        int requests = langfuse.requests().size();

        DatasetPushReport second = sync.pushDatasets(DATASETS);

        assertThat(second.changedNothing()).isTrue();
        assertThat(langfuse.requests().subList(requests, langfuse.requests().size()))
                .allMatch(request -> request.startsWith("GET "));
        assertThat(second.lines()).containsExactly("prep_generate: unchanged (4 items)",
                "prep_output_analyze: unchanged (" + langfuse.items("prep_output_analyze").size() + " items)",
                "prep_output_questions: unchanged (3 items)",
                "Nothing to push: Langfuse already has these 3 datasets.");
        langfuse.assertNoViolations();
    }

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void aChangedItemIsUpdatedAndItemsOnlyInLangfuseAreReported(boolean v4) throws Exception {
        start(v4);
        Path datasets = temp.resolve("datasets");
        copy(DATASETS, datasets);
        sync.pushDatasets(datasets);
        Path expected = datasets.resolve("prep_output_questions/expected.json");
        Files.writeString(expected, Files.readString(expected).replace("\"index\"", "\"indexes\""));
        Path cases = datasets.resolve("prep_output_questions/test_cases.json");
        JsonNode items = JSON.readTree(cases.toFile());
        ((com.fasterxml.jackson.databind.node.ArrayNode) items).remove(2);
        Files.writeString(cases, items.toString());

        DatasetPushReport.Entry entry = sync.pushDatasets(datasets).datasets().get(2);

        assertThat(entry.describe()).isEqualTo("prep_output_questions: 2 items: 0 created, 1 updated, 1 unchanged; "
                + "1 items only in Langfuse, left as they are: prep_output_questions:case-003");
        assertThat(langfuse.items("prep_output_questions").get(0).path("expectedOutput").path("keyword").asText())
                .isEqualTo("indexes");
        langfuse.assertNoViolations();
    }

    // ---------------------------------------------------------------------------------------------- pull prompt

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void aPulledPromptLoadsAsATargetAndRendersLikeTheOriginal(boolean v4) throws Exception {
        start(v4);
        sync.pushPrompts(TARGETS, List.of());
        Path pulled = temp.resolve("pulled");

        PromptPullReport report = sync.pullPrompt("prep_output_analyze", "staging", null, pulled);

        assertThat(report.written()).containsExactly(pulled.resolve("prep_output_analyze/prompt.txt"),
                pulled.resolve("prep_output_analyze/.metadata.yaml"));
        assertThat(report.describe()).startsWith("prep_output_analyze: wrote version 1 (labels: staging, latest) to ");
        PromptTarget original = new TargetLoader(TARGETS).load("prep_output_analyze");
        PromptTarget copy = new TargetLoader(pulled).load("prep_output_analyze");
        assertThat(copy.metadata().syntax()).isEqualTo(Template.Syntax.MUSTACHE);
        assertThat(copy.metadata().model()).isEqualTo(original.metadata().model());
        assertThat(copy.metadata().outputFormat()).isEqualTo(original.metadata().outputFormat());
        assertThat(copy.metadata().description()).isEqualTo(original.metadata().description());
        for (DatasetItem item : new LocalDatasetSource(DATASETS).load("prep_output_analyze").items()) {
            List<PromptMessage> expected = original.render(item);
            assertThat(copy.render(item)).as(item.id()).isEqualTo(expected);
        }
        assertThat(new YAMLMapper().readTree(pulled.resolve("prep_output_analyze/.metadata.yaml").toFile()))
                .isEqualTo(new YAMLMapper().readTree("""
                        description: Analyses a candidate's answer to an interview question and returns a verdict, \
                        score, strengths, gaps and a follow-up question as JSON
                        model:
                          provider: openai
                          name: gpt-4o-mini
                          parameters: {temperature: 0.2, max_tokens: 1200}
                        output_format: json
                        template_format: mustache
                        """));
        langfuse.assertNoViolations();
    }

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void pullingIntoATargetKeepsItsEvaluatorsAndPushingItBackChangesNothing(boolean v4) throws Exception {
        start(v4);
        Path targets = targets(temp.resolve("targets"));
        sync.pushPrompts(targets, List.of());
        sync.promote("coach_chat", 1, "production");

        sync.pullPrompt("coach_chat", null, null, targets);
        PromptPullReport text = sync.pullPrompt("prep_generate", null, 1, targets);

        assertThat(text.version()).isEqualTo(1);
        PromptTarget chat = new TargetLoader(targets).load("coach_chat");
        assertThat(chat.messages()).extracting(PromptTarget.MessageTemplate::role).containsExactly("system", "user");
        assertThat(chat.metadata().model().provider()).isEqualTo("anthropic");
        assertThat(Files.readString(targets.resolve("coach_chat/.metadata.yaml")))
                .contains("prompt_config:", "supported_languages:");
        assertThat(new TargetLoader(targets).load("prep_generate").metadata().evaluators())
                .extracting(e -> e.type()).containsExactly("valid_json");

        PromptPushReport again = sync.pushPrompts(targets, List.of());
        assertThat(again.changedNothing()).as(String.join("\n", again.lines())).isTrue();
        langfuse.assertNoViolations();
    }

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void aPullReplacesATextTargetWithAChatOne(boolean v4) throws Exception {
        start(v4);
        Path targets = targets(temp.resolve("targets"));
        sync.pushPrompts(targets, List.of());
        Path other = temp.resolve("other");
        Files.createDirectories(other.resolve("coach_chat"));
        Files.writeString(other.resolve("coach_chat/prompt.txt"), "old text");

        PromptPullReport report = sync.pullPrompt("coach_chat", "staging", null, other);

        assertThat(report.removed()).containsExactly(other.resolve("coach_chat/prompt.txt"));
        assertThat(other.resolve("coach_chat/prompt.txt")).doesNotExist();
        assertThat(JSON.readTree(other.resolve("coach_chat/prompt.json").toFile())).isEqualTo(json("""
                [{"role": "system", "content": "You coach candidates for {{role}} roles."},
                 {"role": "user", "content": "Plan {{weeks}} weeks for {{candidate.name}}."}]"""));
        langfuse.assertNoViolations();
    }

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void aPromptThatCannotBeATargetIsNotWritten(boolean v4) {
        start(v4);
        langfuse.seedPrompt("sections", "{{#items}}{{name}}{{/items}}", "production");
        Path pulled = temp.resolve("pulled");

        assertThatThrownBy(() -> sync.pullPrompt("sections", null, null, pulled)).isInstanceOf(SyncException.class)
                .hasMessageContaining("Mustache section").hasMessageContaining("nothing was written");
        assertThat(pulled).doesNotExist();
        assertThatThrownBy(() -> sync.pullPrompt("missing", "staging", null, pulled))
                .isInstanceOf(LangfuseException.class)
                .hasMessageStartingWith("Langfuse has no prompt named 'missing' with label staging");
        assertThatThrownBy(() -> sync.pullPrompt("sections", "staging", 1, pulled))
                .isInstanceOf(SyncException.class).hasMessageContaining("by label or by version, not both");
        langfuse.assertNoViolations();
    }
}

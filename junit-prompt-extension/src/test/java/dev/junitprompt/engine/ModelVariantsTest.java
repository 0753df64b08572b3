package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.engine.fixtures.ModelVariantExperiments;

/** The class's named models as variants of an experiment: each model on every item, compared at the end. */
class ModelVariantsTest {

    @TempDir
    Path work;

    private EngineExecutionResults run(String method, String cacheMode) {
        return EngineKit.engine(work).configurationParameter("prompt.experiment.cache.mode", cacheMode)
                .selectors(selectMethod(ModelVariantExperiments.class, method)).execute();
    }

    private static List<String> started(EngineExecutionResults results) {
        return results.allEvents().started().list().stream().map(event -> event.getTestDescriptor().getUniqueId()
                .toString()).filter(id -> id.contains("[variant:") || id.endsWith("[comparison:comparison]"))
                .map(id -> id.replaceAll(".*\\[experiment:", "[experiment:")).toList();
    }

    @Test
    void eachNamedModelIsAVariantWithStableIdsAndTheComparisonEndsThem() {
        EngineExecutionResults results = run("greet", "off");

        assertThat(started(results)).containsExactly("[experiment:greet]/[variant:polite]",
                "[experiment:greet]/[variant:polite]/[item:case-001]", "[experiment:greet]/[variant:polite]/[item:case-002]",
                "[experiment:greet]/[variant:polite]/[item:case-003]",
                "[experiment:greet]/[variant:polite]/[thresholds:thresholds]", "[experiment:greet]/[variant:shouting]",
                "[experiment:greet]/[variant:shouting]/[item:case-001]",
                "[experiment:greet]/[variant:shouting]/[item:case-002]",
                "[experiment:greet]/[variant:shouting]/[item:case-003]",
                "[experiment:greet]/[variant:shouting]/[thresholds:thresholds]",
                "[experiment:greet]/[comparison:comparison]");
        // German fails on both; the shouting model fails every other item too.
        assertThat(results.testEvents().failed().list()).extracting(event -> event.getTestDescriptor().getUniqueId()
                .toString().replaceAll(".*\\[variant:", "[variant:")).containsExactlyInAnyOrder(
                        "[variant:polite]/[item:case-003]", "[variant:shouting]/[item:case-001]",
                        "[variant:shouting]/[item:case-002]", "[variant:shouting]/[item:case-003]");
        assertThat(results.testEvents().finished().list()).filteredOn(event -> event.getTestDescriptor()
                .getDisplayName().equals("comparison")).singleElement().satisfies(event -> assertThat(event
                        .getRequiredPayload(TestExecutionResult.class).getStatus())
                        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
    }

    @Test
    void theComparisonSetsTheModelsSideBySide() throws IOException {
        run("greet", "off");

        Path markdown;
        try (Stream<Path> files = Files.list(work.resolve("results/greet"))) {
            markdown = files.filter(file -> file.toString().endsWith(".md")).findFirst().orElseThrow();
        }
        // The reference is named with its commit when the tests run in a git checkout: "vs variant polite (b0fc8f1):".
        assertThat(Files.readString(markdown)).containsPattern("vs variant polite( \\([0-9a-f]+\\))?: pass rate 0.67 → 0.00, "
                + "2 regressed, 0 improved").contains("## shouting against polite",
                "| case-001 | Hello, Ada! | HELLO, ADA! |");
        assertThat(work.resolve("results/greet___polite")).isDirectory();
        assertThat(work.resolve("results/greet___shouting")).isDirectory();
    }

    @Test
    void eachModelKeepsItsOwnRecordings() throws IOException {
        run("greet", "record");

        try (Stream<Path> folders = Files.list(work.resolve("recordings"))) {
            assertThat(folders.map(folder -> folder.getFileName().toString())).containsExactlyInAnyOrder(
                    "greet.polite", "greet.shouting");
        }
        // Replayed, each model answers as it did: the shouting one still shouts.
        EngineExecutionResults replayed = run("greet", "replay");
        assertThat(replayed.testEvents().failed().list()).hasSize(4);
    }

    @Test
    void severalTargetsRunEachOnEveryModel() {
        EngineExecutionResults results = run("grid", "off");

        assertThat(started(results)).filteredOn(id -> id.matches(".*\\[variant:[^]]*\\]")).containsExactly(
                "[experiment:grid]/[variant:greet · polite]", "[experiment:grid]/[variant:greet · shouting]",
                "[experiment:grid]/[variant:greet_english · polite]",
                "[experiment:grid]/[variant:greet_english · shouting]");
    }

    @Test
    void aModelTheClassDoesNotNameFailsItsVariantNamingTheModelsItHas() {
        EngineExecutionResults results = run("unknown", "off");

        assertThat(results.allEvents().failed().list()).anySatisfy(event -> assertThat(event.getRequiredPayload(
                TestExecutionResult.class).getThrowable()).hasValueSatisfying(thrown -> assertThat(thrown)
                        .hasMessageContaining("variant whispering: models names 'whispering', which is no "
                                + "@PromptModel(\"whispering\") of ModelVariantExperiments (its named models: "
                                + "[polite, shouting]) nor a model of target 'greet' ([gpt-4o-mini])")));
    }

    @Test
    void oneModelsItemReRunsByItsUniqueId() {
        String id = "[engine:prompt-experiment]/[class:" + ModelVariantExperiments.class.getName()
                + "]/[experiment:greet]/[variant:shouting]/[item:case-001]";

        EngineExecutionResults results = EngineKit.engine(work).selectors(selectUniqueId(id)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
    }

    @Test
    void anExperimentNamingOneModelRunsOnItAndTheOthersOnTheClassesUnnamedModel() {
        EngineExecutionResults plain = EngineKit.engine(work).selectors(selectMethod(
                dev.junitprompt.engine.fixtures.MixedModelExperiments.class, "plain")).execute();
        EngineExecutionResults quiet = EngineKit.engine(work).selectors(selectMethod(
                dev.junitprompt.engine.fixtures.MixedModelExperiments.class, "quiet")).execute();

        assertThat(started(quiet)).isEmpty();
        plain.testEvents().assertStatistics(stats -> stats.started(4).failed(1));
        quiet.testEvents().assertStatistics(stats -> stats.started(4).failed(3));
    }

    @Test
    void twoModelsOfOneNameFailTheExperimentNamingBoth() {
        EngineExecutionResults results = EngineKit.engine(work).selectors(selectMethod(
                dev.junitprompt.engine.fixtures.MixedModelExperiments.SameNames.class, "greet")).execute();

        assertThat(results.allEvents().failed().list()).anySatisfy(event -> assertThat(event.getRequiredPayload(
                TestExecutionResult.class).getThrowable()).hasValueSatisfying(thrown -> assertThat(thrown)
                        .hasMessageContaining("has two @PromptModel(\"twin\") members, first and second; give each "
                                + "model a name of its own")));
    }

    @Test
    void aTargetRunsOnEachModelItsMetadataListsEachWithItsOwnRecordings() throws Exception {
        List<String> models = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
            server.setDispatcher(new mockwebserver3.Dispatcher() {
                @Override
                public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                    String body = request.getBody().utf8();
                    String model;
                    try {
                        model = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("model").asText();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    models.add(model);
                    java.util.regex.Matcher name = java.util.regex.Pattern.compile("Say hello to (\\w+)").matcher(body);
                    String greeting = (name.find() ? "Hello, " + name.group(1) + "!" : "?");
                    String content = model.equals("gpt-4o") ? greeting.toUpperCase() : greeting;
                    return new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Type",
                            "application/json").body("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,"
                                    + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                                    + "\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}],"
                                    + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}}")
                            .build();
                }
            });
            server.start();
            java.util.Map<String, String> environment = new java.util.HashMap<>();
            environment.put("OPENAI_BASE_URL", server.url("/v1").toString());
            environment.put("OPENAI_API_KEY", "sk-test-not-a-key");

            EngineExecutionResults results = EngineKit.engine(work, environment)
                    .configurationParameter("prompt.experiment.cache.mode", "record")
                    .selectors(selectMethod(dev.junitprompt.engine.fixtures.ListedModelExperiments.class, "greet"))
                    .execute();

            assertThat(started(results)).filteredOn(id -> id.matches(".*\\[variant:[^]]*\\]")).containsExactly(
                    "[experiment:greet]/[variant:gpt-4o-mini]", "[experiment:greet]/[variant:gpt-4o]");
            // English passes on the small model; the large one shouts every greeting.
            assertThat(results.testEvents().failed().list()).extracting(event -> event.getTestDescriptor()
                    .getUniqueId().toString().replaceAll(".*\\[variant:", "[variant:")).containsExactlyInAnyOrder(
                            "[variant:gpt-4o-mini]/[item:case-002]", "[variant:gpt-4o-mini]/[item:case-003]",
                            "[variant:gpt-4o]/[item:case-001]", "[variant:gpt-4o]/[item:case-002]",
                            "[variant:gpt-4o]/[item:case-003]");
        }
        assertThat(models).filteredOn("gpt-4o"::equals).hasSize(3);
        assertThat(models).filteredOn("gpt-4o-mini"::equals).hasSize(3);
        try (Stream<Path> folders = Files.list(work.resolve("recordings"))) {
            assertThat(folders.map(folder -> folder.getFileName().toString())).containsExactlyInAnyOrder(
                    "greet_models.gpt-4o-mini", "greet_models.gpt-4o");
        }
    }
}

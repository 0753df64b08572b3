package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.engine.fixtures.LlmJudgeExperiments;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.RunRecord;

/** An LLM judge in a run: its own model, its calls recorded and replayed, its cost counted, its verdict shown. */
class LlmJudgeEngineTest {

    @TempDir
    Path work;

    @BeforeEach
    @AfterEach
    void reset() {
        LlmJudgeExperiments.JUDGE_CALLS.set(0);
        LlmJudgeExperiments.JUDGE_OFFLINE = false;
    }

    private EngineExecutionResults run(String cacheMode) throws IOException {
        return EngineKit.engine(work).configurationParameter("prompt.experiment.cache.mode", cacheMode)
                .configurationParameter("prompt.experiment.prices", Files.writeString(work.resolve("prices.yaml"),
                        "judge-model: {input: 1000, output: 1000}\n").toString())
                .selectors(selectMethod(LlmJudgeExperiments.class, "greet", "dev.junitprompt.api.PromptResult"))
                .execute();
    }

    private RunRecord lastRun() throws IOException {
        try (Stream<Path> runs = Files.list(work.resolve("results/greet"))) {
            Path run = runs.filter(path -> !path.getFileName().toString().startsWith("latest")).sorted()
                    .reduce((first, second) -> second).orElseThrow();
            return RunRecord.read(run.resolve("results.jsonl"));
        }
    }

    @Test
    void theVerdictFailsTheItemWithTheJudgesReasoningAndTheJudgeCostsCount() throws IOException {
        EngineExecutionResults results = run("off");

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(3).failed(1));
        assertThat(results.testEvents().failed().list()).anySatisfy(event -> assertThat(event
                .getRequiredPayload(TestExecutionResult.class).getThrowable()).hasValueSatisfying(thrown ->
                        assertThat(thrown).hasMessageContaining("greets_in_language = 0.00 < min 1.00")
                                .hasMessageContaining("Answers in English, not German.")
                                .hasMessageContaining("failed: wrong language")
                                .hasMessageContaining("suggestions: State the language in the system prompt")));
        assertThat(LlmJudgeExperiments.JUDGE_CALLS).hasValue(3);
        // The judge's calls are its evaluator's, in the trace, with the prompt it was sent; their cost is the item's.
        ItemResult german = lastRun().results().stream().filter(item -> item.item().id().equals("case-003"))
                .findFirst().orElseThrow();
        assertThat(german.trace().evaluations()).singleElement().satisfies(evaluation -> {
            assertThat(evaluation.calls()).singleElement().satisfies(call -> {
                assertThat(call.model()).isEqualTo("judge-model");
                assertThat(call.messages().get(0).content()).contains("# Rubric\nThe output greets the person");
                assertThat(call.cost()).isCloseTo(0.12, org.assertj.core.data.Offset.offset(1e-12));
            });
            assertThat(evaluation.score().metadata()).containsEntry("failed_items", java.util.List.of("wrong language"));
        });
        assertThat(german.cost()).isCloseTo(0.12, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void judgeCallsAreRecordedAndReplayWithNoJudgeModelAtAll() throws IOException {
        run("record").testEvents().assertStatistics(stats -> stats.failed(1));
        LlmJudgeExperiments.JUDGE_OFFLINE = true;

        EngineExecutionResults replayed = run("replay");

        replayed.testEvents().assertStatistics(stats -> stats.started(4).succeeded(3).failed(1));
        assertThat(lastRun().results()).allSatisfy(item -> assertThat(item.error()).isEmpty())
                .allSatisfy(item -> assertThat(item.trace().evaluations().get(0).calls()).singleElement()
                        .satisfies(call -> assertThat(call.replayed()).isTrue()));
    }

    @Test
    void aTargetsJudgeSectionPicksTheJudgeModelAskedWithAJsonSchemaResponseFormat() throws IOException {
        List<com.fasterxml.jackson.databind.JsonNode> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (mockwebserver3.MockWebServer openAi = new mockwebserver3.MockWebServer()) {
            openAi.setDispatcher(new mockwebserver3.Dispatcher() {
                @Override
                public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                    try {
                        bodies.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.getBody().utf8()));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    String verdict = "{\\\"reasoning\\\": \\\"ok\\\", \\\"verdict\\\": \\\"pass\\\"}";
                    return new mockwebserver3.MockResponse.Builder().addHeader("Content-Type", "application/json")
                            .body("{\"id\": \"c\", \"object\": \"chat.completion\", \"created\": 1, \"model\": "
                                    + "\"gpt-4o-judge\", \"choices\": [{\"index\": 0, \"message\": {\"role\": "
                                    + "\"assistant\", \"content\": \"" + verdict + "\"}, \"finish_reason\": \"stop\"}], "
                                    + "\"usage\": {\"prompt_tokens\": 10, \"completion_tokens\": 5, \"total_tokens\": 15}}")
                            .build();
                }
            });
            openAi.start();
            Map<String, String> environment = Map.of("OPENAI_BASE_URL", openAi.url("/v1").toString(),
                    "OPENAI_API_KEY", "sk-test-not-a-key");

            EngineExecutionResults results = org.junit.platform.testkit.engine.EngineTestKit
                    .engine(new PromptExperimentTestEngine(environment))
                    .configurationParameter("prompt.experiment.datasets.dir", "src/test/resources/engine/datasets")
                    .configurationParameter("prompt.experiment.targets.dir", "src/test/resources/engine/targets")
                    .configurationParameter("prompt.experiment.results.dir", work.resolve("results").toString())
                    .configurationParameter("prompt.experiment.cache.mode", "off")
                    .selectors(selectMethod(dev.junitprompt.engine.fixtures.TargetJudgedExperiments.class, "greet",
                            "dev.junitprompt.api.PromptResult")).execute();

            results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        }
        // Only the judge went to OpenAI (the class's @PromptModel answered the target): the target's judge model,
        // at temperature 0, asked for a verdict in a JSON-schema response format.
        assertThat(bodies).hasSize(3).allSatisfy(body -> {
            assertThat(body.path("model").asText()).isEqualTo("gpt-4o-judge");
            assertThat(body.path("temperature").asDouble()).isZero();
            assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_schema");
            assertThat(body.path("response_format").path("json_schema").path("name").asText()).isEqualTo("verdict");
        });
    }
}

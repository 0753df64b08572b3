package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.engine.fixtures.LlmJudgeExperiments;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.testing.LoopbackOpenAi;

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
        return lastRun("greet");
    }

    private RunRecord lastRun(String experiment) throws IOException {
        try (Stream<Path> runs = Files.list(work.resolve("results/" + experiment))) {
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

    /** An OpenAI chat completion whose message is {@code message} (JSON). */
    private static mockwebserver3.MockResponse completion(String message, String finishReason) {
        return new mockwebserver3.MockResponse.Builder().addHeader("Content-Type", "application/json")
                .body("{\"id\": \"c\", \"object\": \"chat.completion\", \"created\": 1, \"model\": \"gpt-4o-judge\", "
                        + "\"choices\": [{\"index\": 0, \"message\": " + message + ", \"finish_reason\": \""
                        + finishReason + "\"}], \"usage\": {\"prompt_tokens\": 10, \"completion_tokens\": 5, "
                        + "\"total_tokens\": 15}}")
                .build();
    }

    /** The verdict as OpenAI sends a call of the verdict tool. */
    private static mockwebserver3.MockResponse verdictToolCall() {
        String arguments = JSON.valueToTree("{\"reasoning\": \"Greets by name.\", \"criteria\": [], "
                + "\"passed_items\": [\"name\"], \"failed_items\": [], \"suggestions\": [], \"verdict\": \"pass\"}")
                .toString();
        return completion("{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"call_1\", "
                + "\"type\": \"function\", \"function\": {\"name\": \"submit_verdict\", \"arguments\": " + arguments
                + "}}]}", "tool_calls");
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private EngineExecutionResults runJudged(String method, String cacheMode, String openAiUrl) {
        return EngineKit.engine(work, Map.of("OPENAI_BASE_URL", openAiUrl, "OPENAI_API_KEY", "sk-test-not-a-key"))
                .configurationParameter("prompt.experiment.cache.mode", cacheMode)
                .selectors(selectMethod(dev.junitprompt.engine.fixtures.TargetJudgedExperiments.class, method,
                        "dev.junitprompt.api.PromptResult")).execute();
    }

    @Test
    void aTargetsJudgeSectionPicksTheJudgeModelAskedWithAJsonSchemaResponseFormat() throws IOException {
        List<JsonNode> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        String verdict = "{\\\"reasoning\\\": \\\"ok\\\", \\\"verdict\\\": \\\"pass\\\"}";
        try (mockwebserver3.MockWebServer server = LoopbackOpenAi.start(bodies, body -> completion(
                "{\"role\": \"assistant\", \"content\": \"" + verdict + "\"}", "stop"))) {
            runJudged("greet", "off", server.url("/v1").toString()).testEvents()
                    .assertStatistics(stats -> stats.started(4).succeeded(4));
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

    @Test
    void aJudgeDeclaredWithoutResponseFormatsIsAskedForAToolCallAndItsVerdictsReplayWithNoServer() throws IOException {
        List<JsonNode> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (mockwebserver3.MockWebServer server = LoopbackOpenAi.start(bodies, body -> verdictToolCall())) {
            runJudged("greetToolJudged", "record", server.url("/v1").toString()).testEvents()
                    .assertStatistics(stats -> stats.started(4).succeeded(4));
        }
        // The real OpenAI client sent the verdict's schema as the one tool, which the model had to call.
        assertThat(bodies).hasSize(3).allSatisfy(body -> {
            assertThat(body.has("response_format")).isFalse();
            assertThat(body.path("tool_choice").asText()).isEqualTo("required");
            assertThat(body.path("tools")).singleElement().satisfies(tool -> {
                assertThat(tool.path("function").path("name").asText()).isEqualTo("submit_verdict");
                assertThat(tool.path("function").path("parameters").path("properties").path("verdict")
                        .path("enum")).hasSize(2);
            });
        });

        EngineExecutionResults replayed = runJudged("greetToolJudged", "replay", "http://127.0.0.1:9/v1");

        replayed.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        assertThat(lastRun("greetToolJudged").results()).allSatisfy(item -> assertThat(item.trace().evaluations()
                .get(0).calls()).singleElement().satisfies(call -> {
                    assertThat(call.replayed()).isTrue();
                    assertThat(call.output()).startsWith("→ tool submit_verdict({");
                }));
    }

    @Test
    void aJudgeModelThatRefusesTheResponseFormatIsAskedWithTheToolAndTheRefusalReplays() throws IOException {
        List<JsonNode> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (mockwebserver3.MockWebServer server = LoopbackOpenAi.start(bodies, body -> body.has("response_format")
                ? new mockwebserver3.MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
                        .body("{\"error\": {\"message\": \"Invalid parameter: 'response_format' of type 'json_schema' "
                                + "is not supported with this model.\", \"type\": \"invalid_request_error\", "
                                + "\"param\": \"response_format\", \"code\": null}}").build()
                : verdictToolCall())) {
            runJudged("greet", "record", server.url("/v1").toString()).testEvents()
                    .assertStatistics(stats -> stats.started(4).succeeded(4));
        }
        // Refused once (or once for each item already under way), then asked with the tool only.
        long refused = bodies.stream().filter(body -> body.has("response_format")).count();
        assertThat(refused).isBetween(1L, 3L);
        assertThat(bodies).hasSize(3 + (int) refused);

        EngineExecutionResults replayed = runJudged("greet", "replay", "http://127.0.0.1:9/v1");

        replayed.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        assertThat(lastRun("greet").results()).allSatisfy(item -> assertThat(item.error()).isEmpty());
    }
}

package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.engine.fixtures.ToolCallingExperiments;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.testing.LoopbackOpenAi;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * A target that offers its model tools, over the real LangChain4j OpenAI client and a loopback OpenAI: the tools go
 * out in the request, the calls the model asks for come back as the item's tool calls, are checked by tool_called,
 * recorded, and replayed with no server.
 */
class ToolCallingTargetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    /** Asks for get_weather with the question's city, but in Italian for Rome: "Roma". */
    private static MockResponse toolCall(JsonNode body) {
        String question = body.path("messages").get(0).path("content").asText();
        String city = question.contains("Rome") ? "Roma" : "Paris";
        String arguments = JSON.valueToTree("{\"city\": \"" + city + "\"}").toString();
        return new MockResponse.Builder().addHeader("Content-Type", "application/json")
                .body("{\"id\": \"c\", \"object\": \"chat.completion\", \"created\": 1, \"model\": \"gpt-4o-mini\", "
                        + "\"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\", \"content\": null, "
                        + "\"tool_calls\": [{\"id\": \"call_" + city + "\", \"type\": \"function\", \"function\": "
                        + "{\"name\": \"get_weather\", \"arguments\": " + arguments + "}}]}, \"finish_reason\": "
                        + "\"tool_calls\"}], \"usage\": {\"prompt_tokens\": 30, \"completion_tokens\": 8, "
                        + "\"total_tokens\": 38}}")
                .build();
    }

    private EngineExecutionResults run(String cacheMode, String openAiUrl) {
        return EngineKit.engine(work, Map.of("OPENAI_BASE_URL", openAiUrl, "OPENAI_API_KEY", "sk-test-not-a-key"))
                .configurationParameter("prompt.experiment.cache.mode", cacheMode)
                .selectors(selectMethod(ToolCallingExperiments.class, "weather", "dev.junitprompt.api.PromptResult"))
                .execute();
    }

    private List<ItemResult> lastRun() throws IOException {
        try (Stream<Path> runs = Files.list(work.resolve("results/weather"))) {
            Path run = runs.filter(path -> !path.getFileName().toString().startsWith("latest")).sorted()
                    .reduce((first, second) -> second).orElseThrow();
            return RunRecord.read(run.resolve("results.jsonl")).results();
        }
    }

    private static void assertRomeFailsOnItsArgument(EngineExecutionResults results) {
        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
        assertThat(results.testEvents().failed().list()).singleElement().satisfies(event -> assertThat(event
                .getRequiredPayload(TestExecutionResult.class).getThrowable()).hasValueSatisfying(thrown ->
                        assertThat(thrown).hasMessageContaining("tool_called = 0.00 < min 1.00")
                                .hasMessageContaining("$.city: expected \"Rome\", actual \"Roma\"")));
    }

    @Test
    void theModelsToolCallsAreTheItemsCheckedRecordedAndReplayed() throws IOException {
        List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        try (MockWebServer openAi = LoopbackOpenAi.start(bodies, ToolCallingTargetTest::toolCall)) {

            assertRomeFailsOnItsArgument(run("record", openAi.url("/v1").toString()));
        }
        // The metadata's tools and tool_choice reach OpenAI as its API has them.
        assertThat(bodies).hasSize(2).allSatisfy(body -> {
            assertThat(body.path("tool_choice").asText()).isEqualTo("required");
            assertThat(body.path("tools")).hasSize(2);
            JsonNode weather = body.path("tools").get(0);
            assertThat(weather.path("type").asText()).isEqualTo("function");
            assertThat(weather.path("function").path("name").asText()).isEqualTo("get_weather");
            assertThat(weather.path("function").path("description").asText()).isEqualTo("Today's weather in a city");
            assertThat(weather.path("function").path("parameters").path("properties").path("city").path("type")
                    .asText()).isEqualTo("string");
            assertThat(weather.path("function").path("parameters").path("required").get(0).asText()).isEqualTo("city");
        });
        assertThat(lastRun()).allSatisfy(item -> assertThat(item.trace().calls()).singleElement()
                .satisfies(call -> assertThat(call.output()).startsWith("→ tool get_weather({\"city\": ")));

        EngineExecutionResults replayed = run("replay", "http://127.0.0.1:9/v1");

        assertRomeFailsOnItsArgument(replayed);
        assertThat(lastRun()).allSatisfy(item -> {
            assertThat(item.error()).isEmpty();
            assertThat(item.trace().calls()).singleElement().satisfies(call -> assertThat(call.replayed()).isTrue());
        });
        assertThat(lastRun()).filteredOn(item -> item.item().id().equals("paris")).singleElement()
                .satisfies(item -> assertThat(item.scores()).singleElement().satisfies(score -> assertThat(
                        score.comment()).isEqualTo("asked for get_weather({\"city\": \"Paris\"})")));
    }
}

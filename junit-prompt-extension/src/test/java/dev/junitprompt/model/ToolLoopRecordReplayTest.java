package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.target.TargetMetadata;
import dev.junitprompt.testing.LoopbackOpenAi;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * A task that runs the tools its model asks for, through the recordings, over the real OpenAI client: the model's
 * tool call, the tool's result sent back and the final answer are recorded, and the loop replays with no server.
 */
class ToolLoopRecordReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path recordings;

    private static final ToolSpecification WEATHER = ToolSpecification.builder().name("get_weather")
            .description("Today's weather in a city")
            .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();

    /** The tool call first; once the tool's result is in the conversation, an answer that quotes it. */
    private static MockResponse answer(JsonNode body) {
        JsonNode last = body.path("messages").get(body.path("messages").size() - 1);
        String message = last.path("role").asText().equals("tool")
                ? "{\"role\": \"assistant\", \"content\": " + JSON.valueToTree("Paris: " + last.path("content").asText())
                        + "}"
                : "{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"call_7\", \"type\": "
                        + "\"function\", \"function\": {\"name\": \"get_weather\", \"arguments\": "
                        + JSON.valueToTree("{\"city\":\"Paris\"}") + "}}]}";
        return new MockResponse.Builder().addHeader("Content-Type", "application/json")
                .body("{\"id\": \"c\", \"object\": \"chat.completion\", \"created\": 1, \"model\": \"gpt-4o-mini\", "
                        + "\"choices\": [{\"index\": 0, \"message\": " + message + ", \"finish_reason\": \"stop\"}], "
                        + "\"usage\": {\"prompt_tokens\": 20, \"completion_tokens\": 6, \"total_tokens\": 26}}")
                .build();
    }

    /** What a task does: ask, run the tool the model asks for, send its result, return the answer. */
    private static String weatherTask(ChatModel model) {
        List<ChatMessage> conversation = new ArrayList<>(List.of(UserMessage.from("Weather in Paris?")));
        AiMessage first = model.chat(ChatRequest.builder().messages(conversation).toolSpecifications(WEATHER).build())
                .aiMessage();
        conversation.add(first);
        for (ToolExecutionRequest call : first.toolExecutionRequests()) {
            conversation.add(ToolExecutionResultMessage.from(call, "sunny, 21 °C"));
        }
        return model.chat(ChatRequest.builder().messages(conversation).toolSpecifications(WEATHER).build())
                .aiMessage().text();
    }

    private RecordReplayChatModel model(ModelCaller model, CacheMode mode) {
        return new RecordReplayChatModel(new ModelRequest("openai", "gpt-4o-mini", Map.of(), List.of())
                .withLabel("case-001"), new RecordReplayCaller(model, mode, recordings), 0);
    }

    @Test
    void aToolLoopIsRecordedWithItsToolMessagesAndReplaysWithNoServer() throws Exception {
        List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        String recorded;
        try (MockWebServer server = LoopbackOpenAi.start(bodies, ToolLoopRecordReplayTest::answer)) {
            ChatModel openAi = ChatModels.fromSpec(new TargetMetadata.ModelSpec("openai", "gpt-4o-mini", Map.of()),
                    Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", server.url("/v1").toString()));

            recorded = weatherTask(model(new ChatModelCaller(() -> openAi), CacheMode.RECORD));
        }

        assertThat(recorded).isEqualTo("Paris: sunny, 21 °C");
        // The second request carries the assistant's tool call and the tool's result, as OpenAI's API has them.
        JsonNode messages = bodies.get(1).path("messages");
        assertThat(messages.get(1).path("tool_calls").get(0).path("id").asText()).isEqualTo("call_7");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).path("tool_call_id").asText()).isEqualTo("call_7");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("sunny, 21 °C");

        RecordReplayChatModel replayed = model(request -> {
            throw new AssertionError("replay must not call the model");
        }, CacheMode.REPLAY);

        assertThat(weatherTask(replayed)).isEqualTo(recorded);
        assertThat(replayed.calls()).hasSize(2).first().satisfies(call -> assertThat(call.response().toolCalls())
                .singleElement().satisfies(toolCall -> assertThat(toolCall.arguments()).isEqualTo("{\"city\":\"Paris\"}")));
    }
}

package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.api.Usage;
import dev.junitprompt.target.PromptMessage;
import dev.junitprompt.target.TargetMetadata;
import dev.langchain4j.model.chat.ChatModel;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** The OpenAI-compatible path over the real wire format, recorded once and then replayed offline. */
class OpenAiCompatibleRecordReplayTest {

    private static final String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Kafka is a distributed log."},
                         "finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}
            """;

    @TempDir
    Path recordings;

    private final ModelRequest request = new ModelRequest("openai", "gpt-4o-mini",
            Map.of("temperature", 0.2, "max_tokens", 50),
            List.of(new PromptMessage("system", "You answer in one sentence."), new PromptMessage("user", "What is Kafka?")));

    @Test
    void recordsAChatCompletionAndReplaysItWithoutTheServer() throws Exception {
        ModelResponse recorded;
        RecordedRequest http;
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body(COMPLETION).build());
            ChatModel model = ChatModels.fromSpec(
                    new TargetMetadata.ModelSpec("openai", "gpt-4o-mini", Map.of("temperature", 0.2, "max_tokens", 50)),
                    Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", server.url("/v1").toString()));

            recorded = new RecordReplayCaller(new ChatModelCaller(() -> model), CacheMode.RECORD, recordings).call(request);
            http = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(server.getRequestCount()).isEqualTo(1);
        }

        assertThat(http).isNotNull();
        assertThat(http.getMethod()).isEqualTo("POST");
        assertThat(http.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(http.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test");
        JsonNode body = new ObjectMapper().readTree(http.getBody().utf8());
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        // LangChain4j 1.19 sends the portable maxOutputTokens as the classic max_tokens field.
        assertThat(body.path("max_tokens").asInt()).isEqualTo(50);
        assertThat(body.has("max_completion_tokens")).isFalse();
        assertThat(body.path("messages")).hasSize(2);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("You answer in one sentence.");
        assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("What is Kafka?");

        assertThat(recorded.text()).isEqualTo("Kafka is a distributed log.");
        assertThat(recorded.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(recorded.usage()).isEqualTo(new Usage(12, 5, 17));
        assertThat(recorded.finishReason()).isEqualTo("STOP");
        assertThat(recorded.replayed()).isFalse();

        Path recording = recordings.resolve(request.key().substring(0, 16) + ".json");
        assertThat(recording).isRegularFile();
        assertThat(Files.readString(recording)).contains("Kafka is a distributed log.").doesNotContain("sk-test");

        ModelCaller noServer = unused -> {
            throw new AssertionError("replay must not call the model");
        };
        ModelResponse replayed = new RecordReplayCaller(noServer, CacheMode.REPLAY, recordings).call(request);

        assertThat(replayed.replayed()).isTrue();
        assertThat(replayed.text()).isEqualTo(recorded.text());
        assertThat(replayed.model()).isEqualTo(recorded.model());
        assertThat(replayed.usage()).isEqualTo(recorded.usage());
        assertThat(replayed.finishReason()).isEqualTo(recorded.finishReason());
        assertThat(replayed.latency()).isEqualTo(java.time.Duration.ofMillis(recorded.latency().toMillis()));
    }
}

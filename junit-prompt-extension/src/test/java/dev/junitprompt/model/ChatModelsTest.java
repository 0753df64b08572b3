package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junitprompt.target.TargetMetadata.ModelSpec;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import dev.junitprompt.internal.RetryPolicy;

class ChatModelsTest {

    @Test
    void eachProvidersBaseUrlIsTheOneItsClientCallsNullForItsOwnHttpsOne() {
        assertThat(ChatModels.baseUrl("openai", Map.of("OPENAI_BASE_URL", "http://localhost:8000/v1")))
                .isEqualTo("http://localhost:8000/v1");
        assertThat(ChatModels.baseUrl("openai", Map.of("OPENAI_API_KEY", "k", "OPENAI_BASE_URL", " "))).isNull();
        assertThat(ChatModels.baseUrl("ollama", Map.of())).isEqualTo("http://localhost:11434/v1");
        assertThat(ChatModels.baseUrl("anthropic", Map.of("ANTHROPIC_BASE_URL", "https://proxy.example.com")))
                .isEqualTo("https://proxy.example.com");
        assertThat(ChatModels.baseUrl("anthropic", Map.of())).isNull();
    }

    @Test
    void openAiWithoutKeyOrBaseUrlNamesOpenAiApiKey() {
        assertThatThrownBy(() -> ChatModels.fromSpec(new ModelSpec("openai", "gpt-4o-mini", Map.of()), Map.of()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("'gpt-4o-mini'")
                .hasMessageContaining("OPENAI_API_KEY")
                .hasMessageContaining("OPENAI_BASE_URL")
                .hasMessageContaining("-Dprompt.experiment.cache.mode=replay");
    }

    @Test
    void openAiWithABlankKeyCountsAsMissing() {
        assertThatThrownBy(() -> ChatModels.fromSpec(new ModelSpec("openai", "gpt-4o-mini", Map.of()),
                Map.of("OPENAI_API_KEY", " ")))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("OPENAI_API_KEY");
    }

    @Test
    void openAiCompatibleServerNeedsNoKey() {
        ChatModel model = ChatModels.fromSpec(new ModelSpec("openai", "qwen2", Map.of()),
                Map.of("OPENAI_BASE_URL", "http://localhost:8000/v1"));

        assertThat(model.provider()).isEqualTo(ModelProvider.OPEN_AI);
        assertThat(model.defaultRequestParameters().modelName()).isEqualTo("qwen2");
    }

    @Test
    void ollamaNeedsNoKey() {
        ChatModel model = ChatModels.fromSpec(new ModelSpec("ollama", "llama3.2", Map.of()), Map.of());

        assertThat(model.defaultRequestParameters().modelName()).isEqualTo("llama3.2");
    }

    @Test
    void unknownProviderListsTheProviders() {
        assertThatThrownBy(() -> ChatModels.fromSpec(new ModelSpec("gemini", "gemini-2.0", Map.of()), Map.of()))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith("Unknown model provider 'gemini'")
                .hasMessageContaining("openai")
                .hasMessageContaining("ollama")
                .hasMessageContaining("anthropic")
                .hasMessageContaining("@PromptModel");
    }

    @Test
    void anthropicWithoutKeyNamesAnthropicApiKey() {
        assertThatThrownBy(() -> ChatModels.fromSpec(new ModelSpec("anthropic", "claude-3-5-haiku-latest", Map.of()),
                Map.of("OPENAI_API_KEY", "sk-test")))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("'claude-3-5-haiku-latest'")
                .hasMessageContaining("ANTHROPIC_API_KEY");
    }

    @Test
    void anthropicWithKeyBuildsAnAnthropicModel() {
        ChatModel model = ChatModels.fromSpec(new ModelSpec("anthropic", "claude-3-5-haiku-latest", Map.of()),
                Map.of("ANTHROPIC_API_KEY", "sk-ant-test"));

        assertThat(model.provider()).isEqualTo(ModelProvider.ANTHROPIC);
    }

    @Test
    void openAiModelsTalkThroughOurClientAndNeverRetryThemselves() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3")
                    .body("{\"error\":{\"message\":\"Rate limit reached\"}}").build());
            server.enqueue(new MockResponse.Builder().code(429).body("{}").build());
            ChatModel model = ChatModels.fromSpec(new ModelSpec("openai", "gpt-4o-mini", Map.of()),
                    Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", server.url("/v1").toString()),
                    RetryPolicy.defaults());

            Throwable thrown = catchThrowable(() -> model.chat("Hi"));

            assertThat(thrown).isInstanceOf(RateLimitException.class).cause()
                    .isInstanceOfSatisfying(ProviderHttpException.class,
                            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void anthropicModelsTalkThroughOurClientToo() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(529).body(
                    "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}").build());
            ChatModel model = ChatModels.fromSpec(new ModelSpec("anthropic", "claude-3-5-haiku-latest", Map.of()),
                    Map.of("ANTHROPIC_API_KEY", "sk-ant-test", "ANTHROPIC_BASE_URL", server.url("/v1/").toString()));

            Throwable thrown = catchThrowable(() -> model.chat("Hi"));

            assertThat(thrown).cause().isInstanceOf(ProviderHttpException.class)
                    .hasMessage("HTTP 529 Overloaded: Overloaded");
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }
}

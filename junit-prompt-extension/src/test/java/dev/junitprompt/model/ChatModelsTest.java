package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junitprompt.target.TargetMetadata.ModelSpec;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;

class ChatModelsTest {

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
}

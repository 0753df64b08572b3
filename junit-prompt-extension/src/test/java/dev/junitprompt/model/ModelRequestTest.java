package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junitprompt.target.PromptMessage;

class ModelRequestTest {

    private static final List<PromptMessage> MESSAGES = List.of(
            new PromptMessage("system", "You coach candidates."), new PromptMessage("user", "Plan 4 weeks."));

    private static ModelRequest request(String model, Map<String, Object> parameters, List<PromptMessage> messages) {
        return new ModelRequest("openai", model, parameters, messages);
    }

    private static Map<String, Object> parameters(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void keyIsTheSameWhateverTheParameterOrder() {
        String key = request("gpt-4o-mini", parameters("temperature", 0.2, "max_tokens", 50, "top_p", 0.9), MESSAGES).key();
        String reordered = request("gpt-4o-mini", parameters("top_p", 0.9, "max_tokens", 50, "temperature", 0.2), MESSAGES)
                .key();

        assertThat(key).isEqualTo(reordered).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void keyIsStableForEqualRequests() {
        assertThat(request("gpt-4o-mini", Map.of("temperature", 0.2), MESSAGES).key())
                .isEqualTo(request("gpt-4o-mini", Map.of("temperature", 0.2), List.copyOf(MESSAGES)).key());
    }

    @Test
    void keyChangesWithAMessage() {
        List<PromptMessage> changed = List.of(MESSAGES.get(0), new PromptMessage("user", "Plan 5 weeks."));

        assertThat(request("gpt-4o-mini", Map.of(), changed).key())
                .isNotEqualTo(request("gpt-4o-mini", Map.of(), MESSAGES).key());
    }

    @Test
    void keyChangesWithAMessageRole() {
        List<PromptMessage> changed = List.of(new PromptMessage("user", "You coach candidates."), MESSAGES.get(1));

        assertThat(request("gpt-4o-mini", Map.of(), changed).key())
                .isNotEqualTo(request("gpt-4o-mini", Map.of(), MESSAGES).key());
    }

    @Test
    void keyChangesWithTheModel() {
        assertThat(request("gpt-4o", Map.of(), MESSAGES).key())
                .isNotEqualTo(request("gpt-4o-mini", Map.of(), MESSAGES).key());
    }

    @Test
    void keyChangesWithTheProvider() {
        assertThat(new ModelRequest("ollama", "llama3", Map.of(), MESSAGES).key())
                .isNotEqualTo(new ModelRequest("openai", "llama3", Map.of(), MESSAGES).key());
    }

    @Test
    void keyChangesWithAParameterValue() {
        assertThat(request("gpt-4o-mini", Map.of("temperature", 0.3), MESSAGES).key())
                .isNotEqualTo(request("gpt-4o-mini", Map.of("temperature", 0.2), MESSAGES).key());
    }

    @Test
    void keyChangesWithAnAddedParameter() {
        assertThat(request("gpt-4o-mini", Map.of("temperature", 0.2, "max_tokens", 50), MESSAGES).key())
                .isNotEqualTo(request("gpt-4o-mini", Map.of("temperature", 0.2), MESSAGES).key());
    }

    @Test
    void aUsersOpenAiModelIsTheOpenaiProviderAsTheMetadataSpellsIt() {
        dev.langchain4j.model.chat.ChatModel model = dev.langchain4j.model.openai.OpenAiChatModel.builder()
                .apiKey("test-key").modelName("gpt-4o-mini").build();

        ModelRequest request = ModelRequest.to(model, java.util.List.of());

        org.assertj.core.api.Assertions.assertThat(request.provider()).isEqualTo("openai");
        org.assertj.core.api.Assertions.assertThat(request.earlierKeys()).singleElement()
                .isEqualTo(new ModelRequest("open_ai", "gpt-4o-mini", request.parameters(), java.util.List.of()).key());
    }
}

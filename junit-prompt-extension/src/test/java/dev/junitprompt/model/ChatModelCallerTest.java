package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Usage;
import dev.junitprompt.target.PromptMessage;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessageType;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

class ChatModelCallerTest {

    /** A ChatModel that keeps the requests it gets and answers "ok". */
    private static final class FakeChatModel implements ChatModel {
        final List<ChatRequest> requests = new ArrayList<>();

        @Override
        public ChatResponse doChat(ChatRequest request) {
            requests.add(request);
            return ChatResponse.builder().aiMessage(AiMessage.from("ok")).modelName("served-model")
                    .tokenUsage(new TokenUsage(3, 2, 5)).finishReason(FinishReason.LENGTH).build();
        }
    }

    private static ModelRequest request(Map<String, Object> parameters) {
        return new ModelRequest("openai", "gpt-4o-mini", parameters, List.of(new PromptMessage("user", "hi")));
    }

    @Test
    void aReplyTheModelsClientCannotReadIsSaidWithTheModelsNameAndTheCauseKept() {
        IllegalStateException unreadable = new IllegalStateException("Cannot deserialize ChatCompletionChoice");
        ChatModelCaller caller = new ChatModelCaller(() -> new dev.langchain4j.model.chat.ChatModel() {
            @Override
            public dev.langchain4j.model.chat.response.ChatResponse doChat(
                    dev.langchain4j.model.chat.request.ChatRequest request) {
                throw unreadable;
            }
        });

        assertThatThrownBy(() -> caller.call(request(Map.of())))
                .isInstanceOf(ModelException.class)
                .hasMessage("The call to openai model 'gpt-4o-mini' failed: " + unreadable)
                .hasCause(unreadable);
    }

    @Test
    void rejectsAnUnknownParameterNamingIt() {
        ChatModelCaller caller = new ChatModelCaller(FakeChatModel::new);

        assertThatThrownBy(() -> caller.call(request(Map.of("temprature", 0.2))))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith("Unknown model parameter 'temprature'")
                .hasMessageContaining("temperature, top_p, top_k, max_tokens");
    }

    @Test
    void rejectsANonNumericNumberParameterNamingIt() {
        ChatModelCaller caller = new ChatModelCaller(FakeChatModel::new);

        assertThatThrownBy(() -> caller.call(request(Map.of("temperature", "warm"))))
                .isInstanceOf(ModelException.class)
                .hasMessage("Model parameter 'temperature' must be a number but is 'warm'");
    }

    @Test
    void passesMessagesModelAndParametersToTheChatModel() throws Exception {
        FakeChatModel model = new FakeChatModel();
        ModelRequest request = new ModelRequest("openai", "gpt-4o-mini",
                Map.of("temperature", 0.2, "max_tokens", 50, "top_p", 0.9, "stop", List.of("END")),
                List.of(new PromptMessage("system", "be brief"), new PromptMessage("user", "hi"),
                        new PromptMessage("assistant", "hello")));

        new ChatModelCaller(() -> model).call(request);

        ChatRequest sent = model.requests.get(0);
        assertThat(sent.messages()).extracting(message -> message.type())
                .containsExactly(ChatMessageType.SYSTEM, ChatMessageType.USER, ChatMessageType.AI);
        assertThat(sent.parameters().modelName()).isEqualTo("gpt-4o-mini");
        assertThat(sent.parameters().temperature()).isEqualTo(0.2);
        assertThat(sent.parameters().maxOutputTokens()).isEqualTo(50);
        assertThat(sent.parameters().topP()).isEqualTo(0.9);
        assertThat(sent.parameters().stopSequences()).containsExactly("END");
    }

    @Test
    void answersWithTheModelsTextModelUsageAndFinishReason() throws Exception {
        ModelResponse response = new ChatModelCaller(FakeChatModel::new).call(request(Map.of()));

        assertThat(response.text()).isEqualTo("ok");
        assertThat(response.model()).isEqualTo("served-model");
        assertThat(response.usage()).isEqualTo(new Usage(3, 2, 5));
        assertThat(response.finishReason()).isEqualTo("LENGTH");
        assertThat(response.replayed()).isFalse();
    }

    @Test
    void buildsTheModelOnceOnFirstCall() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        ChatModelCaller caller = new ChatModelCaller(() -> {
            builds.incrementAndGet();
            return new FakeChatModel();
        });
        assertThat(builds).hasValue(0);

        caller.call(request(Map.of()));
        caller.call(request(Map.of()));

        assertThat(builds).hasValue(1);
    }
}

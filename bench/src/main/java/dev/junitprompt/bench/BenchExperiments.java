package dev.junitprompt.bench;

import java.util.Map;

import dev.junitprompt.api.Evaluate;
import dev.junitprompt.api.PromptExperiment;
import dev.junitprompt.api.PromptModel;
import dev.junitprompt.eval.Contains;
import dev.junitprompt.eval.ValidJson;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.model.ChatModels;
import dev.junitprompt.target.TargetMetadata.ModelSpec;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;

/**
 * The experiments the harness runs: a template target and two evaluators per item, on either the
 * OpenAI-compatible client against the fake server or an instant in-process model.
 */
public class BenchExperiments {

    /** Set by {@link Bench}: the fake server's base URL, or empty for the in-process model. */
    static volatile String baseUrl = "";

    @PromptModel
    static ChatModel model() {
        if (baseUrl.isEmpty()) {
            return new InstantModel();
        }
        return ChatModels.fromSpec(new ModelSpec("openai", "gpt-4o-mini", Map.of()),
                Map.of("OPENAI_API_KEY", "bench-key", "OPENAI_BASE_URL", baseUrl), RetryPolicy.defaults());
    }

    @PromptExperiment(dataset = "bench", target = "bench")
    @Evaluate(value = ValidJson.class, min = 1.0)
    @Evaluate(value = Contains.class, args = "{expected.label}", min = 1.0)
    void bench() {
    }

    /** Answers at once, with the item's label as the expected JSON. */
    static final class InstantModel implements ChatModel {

        static final String ANSWER = "{\"label\": \"positive\", \"confidence\": 0.93}";

        @Override
        public ChatResponse doChat(ChatRequest request) {
            return ChatResponse.builder().aiMessage(AiMessage.from(ANSWER)).modelName("instant")
                    .tokenUsage(new TokenUsage(120, 12)).build();
        }
    }
}

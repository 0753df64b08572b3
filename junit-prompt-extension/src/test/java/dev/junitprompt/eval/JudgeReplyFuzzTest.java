package dev.junitprompt.eval;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;
import dev.junitprompt.testing.Fuzz;
import dev.junitprompt.testing.Generator;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * Whatever a judge model replies, an LLM judge gives a score or says the reply is not a verdict, naming itself (see
 * {@link Fuzz}); a model's output that is not JSON is said to be so.
 */
class JudgeReplyFuzzTest {

    private static final List<String> FIELDS = List.of("reasoning", "verdict", "criteria", "name", "passed",
            "passed_items", "failed_items", "suggestions", "score", "A", "B", "tie", "C", "D", "E", "pass", "fail",
            "good", "ok", "poor", "1", "5");
    private static final List<String> SEEDS = List.of(
            "{\"reasoning\": \"Clear and complete.\", \"verdict\": 4}",
            "{\"reasoning\": \"ok\", \"verdict\": true, \"criteria\": [{\"name\": \"a\", \"passed\": true, "
                    + "\"reasoning\": \"r\"}], \"passed_items\": [\"a\"], \"failed_items\": [], \"suggestions\": []}",
            "{\"reasoning\": \"B is closer\", \"verdict\": \"B\"}", "{\"reasoning\": \"…\", \"verdict\": \"good\"}",
            "```json\n{\"reasoning\": \"fenced\", \"verdict\": \"C\"}\n```");
    private static final List<String[]> JUDGES = List.of(
            new String[] {"name=quality", "rubric=Is the plan complete?", "scale=1-5"},
            new String[] {"name=quality", "criteria=complete|polite"},
            new String[] {"name=quality", "rubric=Is the plan complete?", "scale=good,ok,poor"},
            new String[] {"name=quality", "mode=factuality"},
            new String[] {"name=quality", "rubric=Does it match the reference?", "mode=reference", "scale=1-5"});

    private static final Generator<String> REPLIES = Fuzz.texts(SEEDS, FIELDS);

    @Test
    void anyReplyOfAJudge() {
        Fuzz.forAll(inputs -> {
            String first = inputs.draw(REPLIES);
            String second = inputs.draw(REPLIES);
            int judge = inputs.draw(Generator.between(0, JUDGES.size() - 1));
            java.util.Iterator<String> replies = List.of(first, second).iterator();
            ChatModel model = new ChatModel() {
                @Override
                public ChatResponse doChat(ChatRequest request) {
                    return ChatResponse.builder()
                            .aiMessage(AiMessage.from(replies.hasNext() ? replies.next() : second)).build();
                }
            };
            TestContext context = TestContext.of(Results.result("A plan of four weeks.", "{\"weeks\": 4}",
                    "\"Four weeks.\"")).judgedBy(model);
            Score score = Fuzz.holdsContract("quality", () -> new LlmJudge(JUDGES.get(judge)).evaluate(context),
                    LlmJudge.JudgeReplyException.class);
            if (score != null && score.isNumeric()) {
                org.assertj.core.api.Assertions.assertThat(score.value()).isBetween(0.0, 1.0);
            }
        });
    }

    @Test
    void anyOutputAsJson() {
        Fuzz.forAll(REPLIES, output -> {
            PromptResult result = new PromptResult(new DatasetItem("d", "case-001", "", null, null, null), output,
                    java.time.Duration.ZERO, Usage.NONE, "gpt-4o-mini");
            Fuzz.holdsContract("JSON", result::json, PromptResult.OutputNotJsonException.class);
        });
    }
}

package dev.junitprompt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;

class LlmJudgeTest {

    @TempDir
    Path work;

    private static final String TOOL_CALL = "tool call: ";

    /** A reply of {@link ScriptedJudge} that calls the verdict tool with {@code arguments}. */
    private static String toolCall(String arguments) {
        return TOOL_CALL + arguments;
    }

    /** A judge model that answers the given replies in turn and keeps what it was asked. */
    static final class ScriptedJudge implements ChatModel {

        final Deque<String> replies = new ArrayDeque<>();
        final List<ChatRequest> requests = new ArrayList<>();
        final Set<Capability> capabilities;

        ScriptedJudge(Set<Capability> capabilities, String... replies) {
            this.capabilities = capabilities;
            this.replies.addAll(List.of(replies));
        }

        ScriptedJudge(String... replies) {
            this(Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA), replies);
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            requests.add(request);
            String reply = replies.poll();
            if (reply.startsWith(TOOL_CALL)) {
                return ChatResponse.builder().aiMessage(AiMessage.from(ToolExecutionRequest.builder().id("call_1")
                        .name(LlmJudge.VERDICT_TOOL).arguments(reply.substring(TOOL_CALL.length())).build())).build();
            }
            return ChatResponse.builder().aiMessage(AiMessage.from(reply)).build();
        }

        @Override
        public Set<Capability> supportedCapabilities() {
            return capabilities;
        }

        String system(int request) {
            return ((SystemMessage) requests.get(request).messages().get(0)).text();
        }

        String lastUser(int request) {
            List<ChatMessage> messages = requests.get(request).messages();
            return ((UserMessage) messages.get(messages.size() - 1)).singleText();
        }
    }

    private static TestContext context(PromptResult result, ChatModel judge, Path targetDirectory) {
        return TestContext.of(result).judgedBy(judge).besideTarget(targetDirectory);
    }

    private static final String VERDICT_4 = """
            {"reasoning": "Apologises and explains, but offers store credit.",
             "criteria": [{"name": "no refund promised", "passed": false, "reasoning": "offers credit"},
                          {"name": "apologises once", "passed": true, "reasoning": "one apology"}],
             "passed_items": ["apology"], "failed_items": ["promises store credit"],
             "suggestions": ["Say what the policy allows instead"], "verdict": 4}""";

    @Test
    void aVerdictOnAScaleIsNormalisedAndCarriesItsReasoningCriteriaAndSuggestions() throws Exception {
        ScriptedJudge judge = new ScriptedJudge(VERDICT_4);
        LlmJudge evaluator = Evaluators.judge("no_refund").rubric("Never promise a refund, in any wording.")
                .criteria("no refund promised", "apologises once").scale(LlmJudge.Scale.range(1, 5));

        Score score = evaluator.evaluate(context(Results.output("We'll credit your account."), judge, null));

        assertThat(score.name()).isEqualTo("no_refund");
        assertThat(score.value()).isEqualTo(0.75);
        assertThat(score.comment()).startsWith("Apologises and explains, but offers store credit.")
                .contains("✗ no refund promised: offers credit", "✓ apologises once",
                        "failed: promises store credit", "suggestions: Say what the policy allows instead");
        assertThat(score.metadata()).containsEntry("verdict", 4).containsEntry("scale", "1-5")
                .containsEntry("failed_items", List.of("promises store credit"))
                .containsEntry("suggestions", List.of("Say what the policy allows instead"));
        assertThat((List<?>) score.metadata().get("criteria")).hasSize(2).first()
                .isEqualTo(Map.of("name", "no refund promised", "passed", false, "reasoning", "offers credit"));
        // The rubric, the criteria and the output reach the judge, with a JSON-schema response format.
        assertThat(judge.system(0)).contains("Never promise a refund", "- no refund promised",
                "a whole number from 1 (worst) to 5 (best)");
        assertThat(judge.lastUser(0)).contains("# Output\nWe'll credit your account.");
        assertThat(judge.requests.get(0).responseFormat().type()).isEqualTo(ResponseFormatType.JSON);
        assertThat(judge.requests.get(0).responseFormat().jsonSchema().name()).isEqualTo("verdict");
    }

    @Test
    void aMalformedReplyIsAskedAgainOnceSayingWhatWasWrong() throws Exception {
        ScriptedJudge judge = new ScriptedJudge("Sure! It is quite good.", """
                {"reasoning": "Fine.", "criteria": [], "passed_items": [], "failed_items": [], "suggestions": [],
                 "verdict": "pass"}""");

        Score score = Evaluators.judge("polite").rubric("Is it polite?")
                .evaluate(context(Results.output("Hello!"), judge, null));

        assertThat(score.type()).isEqualTo(Score.Type.BOOLEAN);
        assertThat(score.value()).isEqualTo(1.0);
        assertThat(judge.requests).hasSize(2);
        assertThat(judge.lastUser(1)).contains("could not be read as a verdict: it holds no JSON object");
    }

    @Test
    void aScoreOffTheScaleIsAskedAgainAndTwoBadRepliesErrorWithTheRawReply() {
        ScriptedJudge judge = new ScriptedJudge("{\"reasoning\": \"Great.\", \"verdict\": 7}",
                "{\"reasoning\": \"Great!\", \"verdict\": 9}");

        assertThatThrownBy(() -> Evaluators.judge("quality").rubric("Is it good?").scale(LlmJudge.Scale.range(1, 5))
                .evaluate(context(Results.output("x"), judge, null)))
                .isInstanceOf(LlmJudge.JudgeReplyException.class)
                .hasMessageContaining("quality: the judge's reply is not a verdict (\"verdict\" is 9, not a whole "
                        + "number from 1 (worst) to 5 (best)), asked twice")
                .hasMessageContaining("its reply: {\"reasoning\": \"Great!\", \"verdict\": 9}");
        assertThat(judge.lastUser(1)).contains("\"verdict\" is 7");
    }

    @Test
    void aJudgeModelWithoutJsonSchemaSupportIsAskedForAToolCallWhoseArgumentsAreTheVerdict() throws Exception {
        ScriptedJudge judge = new ScriptedJudge(Set.of(), toolCall(VERDICT_4));

        Score score = Evaluators.judge("no_refund").rubric("Never promise a refund.").scale(LlmJudge.Scale.range(1, 5))
                .evaluate(context(Results.output("We'll credit your account."), judge, null));

        assertThat(score.value()).isEqualTo(0.75);
        assertThat(score.metadata()).containsEntry("failed_items", List.of("promises store credit"));
        ChatRequest asked = judge.requests.get(0);
        assertThat(asked.responseFormat()).isNull();
        assertThat(asked.toolChoice()).isEqualTo(ToolChoice.REQUIRED);
        assertThat(asked.toolSpecifications()).singleElement().satisfies(tool -> {
            assertThat(tool.name()).isEqualTo("submit_verdict");
            assertThat(tool.parameters().required()).contains("reasoning", "verdict", "failed_items");
            assertThat(tool.parameters().properties().get("verdict"))
                    .isInstanceOf(dev.langchain4j.model.chat.request.json.JsonIntegerSchema.class);
        });
        assertThat(judge.system(0)).contains("as the arguments of a call of the tool submit_verdict");
    }

    @Test
    void aToolCallJudgeThatAnswersInTextIsReadAsTheJsonPathWould() throws Exception {
        ScriptedJudge judge = new ScriptedJudge(Set.of(), "```json\n{\"reasoning\": \"ok\", \"verdict\": \"good\"}\n```");

        Score score = Evaluators.judge("tone").rubric("Tone?").scale(LlmJudge.Scale.categories("good", "ok", "poor"))
                .evaluate(context(Results.output("x"), judge, null));

        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.metadata()).containsEntry("category", "good");
        assertThat(judge.requests.get(0).responseFormat()).isNull();
        assertThat(judge.system(0)).contains("Answer with only a JSON object", "one of [\"good\", \"ok\", \"poor\"]");
    }

    @Test
    void malformedToolArgumentsAreAskedAgainQuotingThemAndTwiceErrorWithTheRawCall() {
        ScriptedJudge judge = new ScriptedJudge(Set.of(), toolCall("{\"reasoning\": \"Great.\", \"verdict\": 7}"),
                toolCall("{\"reasoning\": \"Great!\", \"verdict\""));

        assertThatThrownBy(() -> Evaluators.judge("quality").rubric("Is it good?").scale(LlmJudge.Scale.range(1, 5))
                .evaluate(context(Results.output("x"), judge, null)))
                .isInstanceOf(LlmJudge.JudgeReplyException.class)
                .hasMessageContaining("quality: the judge's reply is not a verdict (")
                .hasMessageContaining("asked twice; its reply: a call of submit_verdict with {\"reasoning\": \"Great!\", "
                        + "\"verdict\"");
        // The retry quotes the bad call in a user message and asks for the tool again.
        assertThat(judge.requests.get(1).messages()).hasSize(3);
        assertThat(judge.lastUser(1)).contains("\"verdict\" is 7", "You sent: a call of submit_verdict with",
                "Call submit_verdict again");
        assertThat(judge.requests.get(1).toolChoice()).isEqualTo(ToolChoice.REQUIRED);
    }

    /** A judge model that refuses the requests {@code refused} picks with {@code refusal}, and answers the others. */
    private static ChatModel refusing(Set<Capability> capabilities, List<ChatRequest> requests,
            java.util.function.Predicate<ChatRequest> refused, String refusal, AiMessage answer) {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                requests.add(request);
                if (refused.test(request)) {
                    throw new IllegalStateException(refusal);
                }
                return ChatResponse.builder().aiMessage(answer).build();
            }

            @Override
            public Set<Capability> supportedCapabilities() {
                return capabilities;
            }
        };
    }

    @Test
    void aJudgeThatRefusesTheResponseFormatIsAskedWithTheToolFromThenOn() throws Exception {
        List<ChatRequest> requests = new ArrayList<>();
        ChatModel refusing = refusing(Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA), requests,
                request -> request.responseFormat() != null, "HTTP 400 Bad Request: Invalid parameter: 'response_format' "
                        + "of type 'json_schema' is not supported with this model.",
                AiMessage.from(ToolExecutionRequest.builder().name(LlmJudge.VERDICT_TOOL)
                        .arguments("{\"reasoning\": \"ok\", \"verdict\": \"pass\"}").build()));
        LlmJudge polite = Evaluators.judge("polite").rubric("Is it polite?");

        assertThat(polite.evaluate(context(Results.output("Hello!"), refusing, null)).value()).isEqualTo(1.0);
        assertThat(polite.evaluate(context(Results.output("Hi!"), refusing, null)).value()).isEqualTo(1.0);

        // The first item asked with the format, was refused and asked with the tool; the second asked with the tool.
        assertThat(requests).extracting(request -> request.responseFormat() != null).containsExactly(true, false, false);
    }

    @Test
    void aJudgeThatRefusesToolsTooIsAskedForTheJsonInThePromptAlone() throws Exception {
        List<ChatRequest> requests = new ArrayList<>();
        ChatModel plain = refusing(Set.of(), requests,
                request -> request.toolSpecifications() != null && !request.toolSpecifications().isEmpty(),
                "HTTP 400 Bad Request: this model does not support tools",
                AiMessage.from("{\"reasoning\": \"ok\", \"verdict\": \"pass\"}"));
        LlmJudge polite = Evaluators.judge("polite").rubric("Is it polite?");

        assertThat(polite.evaluate(context(Results.output("Hello!"), plain, null)).value()).isEqualTo(1.0);
        assertThat(polite.evaluate(context(Results.output("Hi!"), plain, null)).value()).isEqualTo(1.0);

        assertThat(requests).extracting(request -> request.toolSpecifications() == null
                || request.toolSpecifications().isEmpty()).containsExactly(false, true, true);
        assertThat(requests.get(2).responseFormat()).isNull();
        assertThat(((SystemMessage) requests.get(2).messages().get(0)).text()).contains("Answer with only a JSON object")
                .doesNotContain("submit_verdict");
    }

    @Test
    void aFailureThatIsNoRefusalOfTheFormatIsNotMistakenForOne() {
        ChatModel failing = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                throw new IllegalStateException("HTTP 401 Unauthorized: Incorrect API key provided");
            }

            @Override
            public Set<Capability> supportedCapabilities() {
                return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
            }
        };

        assertThatThrownBy(() -> Evaluators.judge("polite").rubric("Is it polite?")
                .evaluate(context(Results.output("Hello!"), failing, null))).hasMessageContaining("HTTP 401");
    }

    @Test
    void factualityComparesWithTheExpectedAnswerAsAutoevalsScoresIt() throws Exception {
        ScriptedJudge subset = new ScriptedJudge("{\"reasoning\": \"Leaves out the date.\", \"verdict\": \"A\"}");
        PromptResult result = Results.output("Paris is in France.", "\"Paris is the capital of France since 508.\"");

        Score score = Evaluators.judge("factuality").mode(LlmJudge.Mode.FACTUALITY)
                .evaluate(context(result, subset, null));

        assertThat(score.value()).isEqualTo(0.4);
        assertThat(score.metadata().get("category")).asString().startsWith("A: the output is a subset");
        assertThat(subset.lastUser(0)).contains("# Expected answer\nParis is the capital of France since 508.");
    }

    @Test
    void referenceModeNeedsAnExpectedOutputAndSaysSoBeforeAnythingRuns() {
        LlmJudge judge = new LlmJudge("name=consistent", "mode=reference");

        assertThatThrownBy(() -> judge.validate(Results.output("x").item()))
                .hasMessageContaining("'consistent' judges in reference mode, against the expected output, but item "
                        + "'case-001' has none");
    }

    @Test
    void theRubricIsJudgeMdBesideTheTargetWhenNoneIsGiven() throws Exception {
        Files.writeString(work.resolve("judge.md"), "Score 5 when the plan has steps.\n\nExample: …");
        ScriptedJudge judge = new ScriptedJudge("{\"reasoning\": \"ok\", \"verdict\": \"pass\"}");

        Evaluators.judge("plan").evaluate(context(Results.output("x"), judge, work));

        assertThat(judge.system(0)).contains("# Rubric\nScore 5 when the plan has steps.\n\nExample: …");
    }

    @Test
    void aJudgeWithNothingToJudgeByIsToldWhatToGiveIt() {
        ScriptedJudge judge = new ScriptedJudge();

        assertThatThrownBy(() -> Evaluators.judge("vague").evaluate(context(Results.output("x"), judge, work)))
                .hasMessageContaining("'vague' has no rubric and no criteria")
                .hasMessageContaining("judge.md beside the target");
    }

    @Test
    void annotationArgumentsConfigureTheSameJudge() throws Exception {
        ScriptedJudge judge = new ScriptedJudge("{\"reasoning\": \"ok\", \"verdict\": 8}");
        LlmJudge evaluator = new LlmJudge("name=helpful", "scale=0-10", "criteria=answers|is short",
                "steps=Read the question|Read the answer");

        Score score = evaluator.evaluate(context(Results.output("x"), judge, null));

        assertThat(evaluator.name()).isEqualTo("helpful");
        assertThat(score.value()).isEqualTo(0.8);
        assertThat(judge.system(0)).contains("- answers\n- is short", "1. Read the question\n2. Read the answer");
        assertThatThrownBy(() -> new LlmJudge("scale=lots")).hasMessageContaining("scale 'lots' is none of binary");
        assertThatThrownBy(() -> new LlmJudge("tone=dry")).hasMessageContaining("does not understand the argument 'tone=dry'");
    }

    @Test
    void pairwiseWeighsThisRunsOutputAgainstTheBaselinesInAnOrderDrawnFromTheItem() throws Exception {
        PromptResult result = Results.output("Hello, Ada! Lovely to meet you.");
        boolean currentFirst = ("case-001".hashCode() & 1) == 0;
        // The judge prefers whichever output is shown as A.
        ScriptedJudge judge = new ScriptedJudge("{\"reasoning\": \"Warmer.\", \"verdict\": \"A\"}");

        Score score = Evaluators.judge("preferred").rubric("Which greeting is warmer?").mode(LlmJudge.Mode.PAIRWISE)
                .evaluate(context(result, judge, null).againstBaseline("Hi."));

        assertThat(score.value()).isEqualTo(currentFirst ? 1.0 : 0.0);
        assertThat(score.metadata()).containsEntry("winner", currentFirst ? "this run" : "baseline");
        assertThat(judge.lastUser(0)).contains("# Output A\n" + (currentFirst ? result.output() : "Hi."),
                "# Output B\n" + (currentFirst ? "Hi." : result.output()));
        assertThat(judge.system(0)).contains("\"A\" or \"B\" for the better output, \"tie\"");
    }

    @Test
    void bothOrdersCallsAVerdictThatFollowsThePositionATie() throws Exception {
        ScriptedJudge positional = new ScriptedJudge("{\"reasoning\": \"First is better.\", \"verdict\": \"A\"}",
                "{\"reasoning\": \"First is better.\", \"verdict\": \"A\"}");

        Score score = new LlmJudge("name=preferred", "rubric=Warmer?", "mode=pairwise", "both_orders=true")
                .evaluate(context(Results.output("Hello!"), positional, null).againstBaseline("Hi."));

        assertThat(score.value()).isEqualTo(0.5);
        assertThat(score.metadata()).containsEntry("winner", "tie").containsEntry("orders", "disagree");
        assertThat(positional.requests).hasSize(2);
    }

    @Test
    void pairwiseWithoutABaselineOutputSaysHowToGetOne() {
        assertThatThrownBy(() -> Evaluators.judge("preferred").rubric("Warmer?").mode(LlmJudge.Mode.PAIRWISE)
                .evaluate(context(Results.output("Hello!"), new ScriptedJudge(), null)))
                .hasMessageContaining("compares with the baseline's output for item 'case-001'")
                .hasMessageContaining("prompt.experiment.baseline.update=true");
    }
}

package dev.junitprompt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Score;
import dev.junitprompt.api.ToolCall;

class ToolCalledTest {

    private static final ToolCall PARIS = new ToolCall("call_1", "get_weather", "{\"city\": \"Paris\", \"unit\": \"c\"}");
    private static final ToolCall CLOCK = new ToolCall("call_2", "get_time", "{}");

    @Test
    void passesWhenTheModelAskedForTheToolWithTheExpectedArgumentsAmongOthers() {
        Score score = Evaluators.toolCalled("get_weather").withArguments("{\"city\": \"Paris\"}")
                .evaluate(Results.calling(null, CLOCK, PARIS));

        assertThat(score.name()).isEqualTo("tool_called_get_weather");
        assertThat(score.type()).isEqualTo(Score.Type.BOOLEAN);
        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.comment()).isEqualTo("asked for get_weather({\"city\": \"Paris\", \"unit\": \"c\"})");
        assertThat(score.metadata()).containsEntry("tool_calls", List.of(CLOCK.toString(), PARIS.toString()));
    }

    @Test
    void argumentsDifferingInAValueFailNamingThePath() {
        Score score = Evaluators.toolCalled("get_weather").withArguments(Map.of("city", "Rome"))
                .evaluate(Results.calling(null, PARIS));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).isEqualTo("asked for get_weather with other arguments than expected "
                + "{\"city\":\"Rome\"}:\n$.city: expected \"Rome\", actual \"Paris\"");
    }

    @Test
    void exactArgumentsAllowNoneBeyondTheExpectedOnesAndNumbersCompareByValue() {
        ToolCall call = new ToolCall("", "set_alarm", "{\"hour\": 7.0, \"label\": \"wake\"}");

        assertThat(Evaluators.toolCalled("set_alarm").withArguments("{\"hour\": 7, \"label\": \"wake\"}").exactly()
                .evaluate(Results.calling(null, call)).value()).isEqualTo(1.0);
        Score extra = Evaluators.toolCalled("set_alarm").withArguments("{\"hour\": 7}").exactly()
                .evaluate(Results.calling(null, call));
        assertThat(extra.value()).isZero();
        assertThat(extra.comment()).contains("(exactly)", "$.label: not expected, but given \"wake\"");
    }

    @Test
    void anotherToolOrNoToolFailsSayingWhatTheModelDidInstead() {
        assertThat(Evaluators.toolCalled("get_weather").evaluate(Results.calling(null, CLOCK)).comment())
                .isEqualTo("did not ask for get_weather; asked for get_time({})");
        assertThat(Evaluators.toolCalled("get_weather").evaluate(Results.output("It is sunny.")).comment())
                .isEqualTo("asked for no tool, expected get_weather; the model answered \"It is sunny.\"");
    }

    @Test
    void argumentsThatAreNotJsonFailSayingSo() {
        Score score = Evaluators.toolCalled("get_weather").withArguments("{\"city\": \"Paris\"}")
                .evaluate(Results.calling(null, new ToolCall("c", "get_weather", "{city: Paris")));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).contains("get_weather's arguments are not JSON: {city: Paris");
    }

    @Test
    void withoutANameTheExpectedOutputSaysWhichCallIsExpected() {
        ToolCalled asExpected = Evaluators.toolCalledAsExpected();

        assertThat(asExpected.evaluate(Results.calling("{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}",
                PARIS)).value()).isEqualTo(1.0);
        assertThat(asExpected.evaluate(Results.calling("{\"name\": \"get_time\"}", PARIS)).value()).isZero();
        assertThatThrownBy(() -> asExpected.validate(Results.output("x", "\"sunny\"").item()))
                .hasMessageContaining("item 'case-001' has \"sunny\"")
                .hasMessageContaining("{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}} in expected.json");
    }

    @Test
    void metadataArgumentsConfigureTheSameCheck() throws Exception {
        assertThat(Evaluators.byName("tool_called", List.of("name=get_weather", "arguments={\"city\": \"Paris\"}"))
                .evaluate(Results.calling(null, PARIS)).value()).isEqualTo(1.0);
        assertThat(Evaluators.byName("tool_called", List.of("name=get_weather", "arguments={\"unit\": \"f\"}",
                "match=exact")).evaluate(Results.calling(null, PARIS)).value()).isZero();
        assertThatThrownBy(() -> Evaluators.byName("tool_called", List.of("name=get_weather", "arguments={city")))
                .hasMessageContaining("'tool_called': arguments={city is not JSON");
        assertThatThrownBy(() -> Evaluators.byName("tool_called", List.of("arguments={}")))
                .hasMessageContaining("arguments= without name=");
        assertThatThrownBy(() -> Evaluators.byName("tool_called", List.of("name=a", "match=fuzzy")))
                .hasMessageContaining("match=fuzzy is neither subset");
        assertThatThrownBy(() -> Evaluators.toolCalled("a").withArguments("[1]"))
                .hasMessageContaining("must be a JSON object");
    }
}

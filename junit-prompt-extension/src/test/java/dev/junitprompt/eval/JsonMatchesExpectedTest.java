package dev.junitprompt.eval;

import static dev.junitprompt.eval.Results.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.MissingExpectedOutputException;
import dev.junitprompt.api.Score;

class JsonMatchesExpectedTest {

    private static final String PLAN = "{\"role\": \"SRE\", \"weeks\": 2, \"steps\": ["
            + "{\"week\": 1, \"title\": \"Linux\"}, {\"week\": 2, \"title\": \"Mock interviews\"}]}";

    @Test
    void scoresOneForTheSameJson() {
        Score score = new JsonMatchesExpected().evaluate(output(PLAN, PLAN));

        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.comment()).isEmpty();
        assertThat(score.name()).isEqualTo("json_matches_expected");
    }

    @Test
    void comparesNumbersByValue() {
        assertThat(evaluate("{\"weeks\": 2.0, \"ratio\": 1e0}", "{\"weeks\": 2, \"ratio\": 1}").value()).isEqualTo(1.0);
    }

    @Test
    void allowsExtraFieldsInTheOutput() {
        assertThat(evaluate("{\"role\": \"SRE\", \"note\": \"extra\"}", "{\"role\": \"SRE\"}").value()).isEqualTo(1.0);
    }

    @Test
    void scoresTheShareOfExpectedValuesAndShowsEachMismatchWithItsPath() {
        String output = PLAN.replace("Mock interviews", "Mocks").replace("\"SRE\"", "\"DevOps\"");

        Score score = evaluate(output, PLAN);

        assertThat(score.value()).isEqualTo(4.0 / 6);
        assertThat(score.comment()).isEqualTo("""
                4 of 6 expected values match:
                $.role: expected "SRE", actual "DevOps"
                $.steps[1].title: expected "Mock interviews", actual "Mocks\"""");
    }

    @Test
    void reportsMissingValues() {
        Score score = evaluate("{\"role\": \"SRE\"}",
                "{\"role\": \"SRE\", \"level\": {\"name\": \"senior\", \"years\": 5}}");

        assertThat(score.value()).isEqualTo(1.0 / 3);
        assertThat(score.comment()).endsWith("$.level: missing, expected {\"name\":\"senior\",\"years\":5}");
    }

    @Test
    void countsExtraArrayElementsAsMismatches() {
        Score score = evaluate("{\"tags\": [\"a\", \"b\", \"c\"]}", "{\"tags\": [\"a\", \"b\"]}");

        assertThat(score.value()).isEqualTo(2.0 / 3);
        assertThat(score.comment()).endsWith("$.tags[2]: unexpected element \"c\"");
    }

    @Test
    void matchesAnEmptyExpectedArrayOnlyWithAnEmptyArray() {
        assertThat(evaluate("{\"gaps\": [\"none\"]}", "{\"gaps\": []}").value()).isZero();
    }

    @Test
    void countsEveryExpectedValueUnderAValueOfTheWrongKind() {
        Score score = evaluate("{\"role\": \"SRE\", \"weeks\": 2, \"steps\": \"none\"}", PLAN);

        assertThat(score.value()).isEqualTo(2.0 / 6);
        assertThat(score.comment()).contains("$.steps: expected [{\"week\":1,");
    }

    @Test
    void putsTheMismatchesInTheMetadata() {
        Score score = evaluate("{\"b\": 2}", "{\"a\": 1, \"b\": 3}");

        assertThat(score.metadata().get("mismatches")).isEqualTo(List.of(
                Map.of("path", "$.a", "expected", "1"),
                Map.of("path", "$.b", "expected", "3", "actual", "2")));
    }

    @Test
    void quotesKeysThatAreNotNames() {
        assertThat(evaluate("{}", "{\"job title\": \"SRE\"}").comment())
                .endsWith("$[\"job title\"]: missing, expected \"SRE\"");
    }

    @Test
    void ignoresFieldsInEveryArrayElement() {
        String output = PLAN.replace("Mock interviews", "Mocks").replace("Linux", "Shell");

        assertThat(new JsonMatchesExpected("ignore=steps.title").evaluate(output(output, PLAN)).value()).isEqualTo(1.0);
    }

    @Test
    void ignoringFromJava() {
        assertThat(Evaluators.jsonMatchesExpected().ignoring("$.role").evaluate(output("{}", "{\"role\": \"SRE\"}"))
                .value()).isEqualTo(1.0);
    }

    @Test
    void scoresZeroForOutputThatIsNotJson() {
        Score score = evaluate("Here is your plan: {", PLAN);

        assertThat(score.value()).isZero();
        assertThat(score.comment()).startsWith("Output of item 'case-001' is not valid JSON");
    }

    @Test
    void needsAnExpectedOutput() {
        assertThatThrownBy(() -> new JsonMatchesExpected().evaluate(output(PLAN)))
                .isInstanceOf(MissingExpectedOutputException.class);
    }

    @Test
    void rejectsIgnorePathsWithArrayPositions() {
        assertThatIllegalArgumentException().isThrownBy(() -> new JsonMatchesExpected("ignore=steps[0].title"))
                .withMessage("Evaluator 'json_matches_expected' cannot ignore 'steps[0].title': write a dotted field "
                        + "path without array positions, e.g. steps.title");
    }

    @Test
    void rejectsUnknownArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> new JsonMatchesExpected("strict"))
                .withMessage("Evaluator 'json_matches_expected' does not understand the argument 'strict'; "
                        + "it accepts ignore=...");
    }

    private static Score evaluate(String output, String expected) {
        return new JsonMatchesExpected().evaluate(output(output, expected));
    }
}

package dev.junitprompt.eval;

import static dev.junitprompt.eval.Results.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.Score;

class JsonFieldTest {

    private static final String TICKET = "{\"category\": \"billing\", \"priority\": 1, \"urgent\": false, "
            + "\"reply\": \"Sorry for the trouble\", \"note\": null, \"steps\": [{\"title\": \"Refund\"}]}";

    @Test
    void passesForAValueAmongTheAllowedOnesNamingThePathAndTheValue() throws Exception {
        Score score = Evaluators.jsonField("/category").isOneOf("billing", "shipping").evaluate(output(TICKET));

        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.type()).isEqualTo(Score.Type.BOOLEAN);
        assertThat(score.name()).isEqualTo("json_field_category");
        assertThat(score.comment()).isEqualTo("/category is \"billing\"");
    }

    @Test
    void failsForAValueOutsideTheAllowedOnesSayingWhichAreAllowed() throws Exception {
        Score score = Evaluators.jsonField("/category").isOneOf("refund", "shipping").evaluate(output(TICKET));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).isEqualTo("/category is \"billing\", expected one of [\"refund\", \"shipping\"]");
    }

    @Test
    void comparesNumbersByValueAndOtherValuesAsJson() throws Exception {
        assertThat(Evaluators.jsonField("/priority").isEqualTo(1.0).evaluate(output(TICKET)).value()).isEqualTo(1.0);
        assertThat(Evaluators.jsonField("/urgent").isEqualTo(false).evaluate(output(TICKET)).value()).isEqualTo(1.0);
        assertThat(Evaluators.jsonField("/note").isEqualTo(null).evaluate(output(TICKET)).value()).isEqualTo(1.0);
        assertThat(Evaluators.jsonField("/steps").isEqualTo(List.of(Map.of("title", "Refund")))
                .evaluate(output(TICKET)).value()).isEqualTo(1.0);
        assertThat(Evaluators.jsonField("/steps").isEqualTo(Results.json("[{\"title\": \"Refund\"}]"))
                .evaluate(output(TICKET)).value()).isEqualTo(1.0);
    }

    @Test
    void doesNotTakeATextForTheNumberItSpells() throws Exception {
        Score score = Evaluators.jsonField("/priority").isEqualTo("1").evaluate(output(TICKET));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).isEqualTo("/priority is 1, expected \"1\"");
    }

    @Test
    void matchesAPatternInTheValue() throws Exception {
        assertThat(Evaluators.jsonField("/reply").matches("(?i)^sorry").evaluate(output(TICKET)).value())
                .isEqualTo(1.0);
        assertThat(Evaluators.jsonField("/priority").matches("^\\d$").evaluate(output(TICKET)).value())
                .as("a number by its JSON text").isEqualTo(1.0);

        Score score = Evaluators.jsonField("/reply").matches("refund").evaluate(output(TICKET));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).isEqualTo("/reply is \"Sorry for the trouble\", expected a match for /refund/");
    }

    @Test
    void neverMatchesAnObjectAnArrayOrNull() throws Exception {
        assertThat(Evaluators.jsonField("/steps").matches("Refund").evaluate(output(TICKET)).value()).isZero();
        assertThat(Evaluators.jsonField("/note").matches("null").evaluate(output(TICKET)).value()).isZero();
    }

    @Test
    void existsForAnyValueNullIncluded() throws Exception {
        assertThat(Evaluators.jsonField("/note").exists().evaluate(output(TICKET)).value()).isEqualTo(1.0);

        Score score = Evaluators.jsonField("/language").exists().evaluate(output(TICKET));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).isEqualTo("/language is missing from the output");
    }

    @Test
    void saysWhenTheFieldIsMissing() throws Exception {
        Score score = Evaluators.jsonField("/steps/1/title").isEqualTo("Apology").evaluate(output(TICKET));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).isEqualTo("/steps/1/title is missing from the output, expected \"Apology\"");
    }

    @Test
    void saysWhenTheOutputIsNotJson() throws Exception {
        Score score = Evaluators.jsonField("/category").exists().evaluate(output("Category: billing"));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).startsWith("/category cannot be read: Output of item 'case-001' is not valid JSON");
    }

    @Test
    void readsAFencedOutput() throws Exception {
        assertThat(Evaluators.jsonField("/category").isEqualTo("billing").evaluate(output("```json\n" + TICKET + "\n```"))
                .value()).isEqualTo(1.0);
    }

    @Test
    void takesADollarPathToTheSameField() throws Exception {
        Evaluator check = Evaluators.jsonField("$.steps[0].title").isEqualTo("Refund");

        assertThat(check.evaluate(output(TICKET)).value()).isEqualTo(1.0);
        assertThat(check.name()).isEqualTo("json_field_steps_0_title");
    }

    @Test
    void namesTheScoreAfterThePathUnlessNamedOtherwise() throws Exception {
        assertThat(Evaluators.jsonField("/job title").exists().name()).isEqualTo("json_field_job_title");
        assertThat(Evaluators.jsonField("/a~1b").exists().name()).isEqualTo("json_field_a_b");
        assertThat(Evaluators.jsonField("").exists().name()).isEqualTo("json_field");
        assertThat(Evaluators.jsonField("/category").exists().named("has_category").evaluate(output(TICKET)).name())
                .isEqualTo("has_category");
    }

    @Test
    void rejectsAPathThatIsNoPointer() {
        assertThatIllegalArgumentException().isThrownBy(() -> Evaluators.jsonField("category"))
                .withMessage("jsonField(\"category\") is not a JSON Pointer: it starts with '/', as in /category "
                        + "(or write $.category)");
        assertThatIllegalArgumentException().isThrownBy(() -> Evaluators.jsonField("$.steps[*].title"))
                .withMessageStartingWith("jsonField(\"$.steps[*].title\"): write the path as a JSON Pointer");
    }

    @Test
    void rejectsAnInvalidPatternAndAnEmptyList() {
        assertThatIllegalArgumentException().isThrownBy(() -> Evaluators.jsonField("/reply").matches("("))
                .withMessageStartingWith("jsonField(\"/reply\").matches got an invalid pattern '(': Unclosed group");
        assertThatIllegalArgumentException().isThrownBy(() -> Evaluators.jsonField("/category").isOneOf())
                .withMessageStartingWith("jsonField(\"/category\").isOneOf() needs at least one value");
    }

    @Test
    void describesItself() {
        assertThat(Evaluators.jsonField("/category").isOneOf("billing", "shipping"))
                .hasToString("json_field_category: /category is one of [\"billing\", \"shipping\"]");
    }
}

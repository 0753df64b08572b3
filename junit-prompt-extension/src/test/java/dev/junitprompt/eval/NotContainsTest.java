package dev.junitprompt.eval;

import static dev.junitprompt.eval.Results.output;
import static dev.junitprompt.eval.Results.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Score;

class NotContainsTest {

    @Test
    void scoresOneWhenNoTextIsThere() {
        Score score = new NotContains("As an AI", "```").evaluate(output("Q1: Why?"));

        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.comment()).isEmpty();
        assertThat(score.name()).isEqualTo("not_contains");
    }

    @Test
    void scoresTheShareAbsentAndListsTheForbiddenTextsFound() {
        Score score = new NotContains("As an AI", "```", "Sure!").evaluate(output("Sure! As an AI, Q1: Why?"));

        assertThat(score.value()).isEqualTo(1.0 / 3);
        assertThat(score.comment()).isEqualTo("forbidden text in the output: 'As an AI', 'Sure!'");
        assertThat(score.metadata()).containsEntry("found", List.of("As an AI", "Sure!"));
    }

    @Test
    void fillsPlaceholdersFromTheItem() {
        Score score = new NotContains("{secret}").evaluate(result("the code is 1234", "{\"secret\": 1234}", null));

        assertThat(score.value()).isZero();
    }

    @Test
    void ignoresCaseWhenAsked() {
        assertThat(Evaluators.notContains("as an ai").ignoringCase().evaluate(output("As An AI")).value()).isZero();
    }

    @Test
    void needsAtLeastOneText() {
        assertThatIllegalArgumentException().isThrownBy(NotContains::new)
                .withMessageStartingWith("Evaluator 'not_contains' needs at least one text to look for");
    }
}

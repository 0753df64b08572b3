package dev.junitprompt.eval;

import static dev.junitprompt.eval.Results.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.MissingExpectedOutputException;
import dev.junitprompt.api.Score;

class ExactMatchTest {

    @Test
    void passesWhenEqualApartFromSurroundingWhitespace() {
        Score score = new ExactMatch().evaluate(output("  Paris\n", "\"Paris\""));

        assertThat(score.type()).isEqualTo(Score.Type.BOOLEAN);
        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.name()).isEqualTo("exact_match");
    }

    @Test
    void failsShowingExpectedAndActual() {
        Score score = new ExactMatch().evaluate(output("Lyon", "\"Paris\""));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).isEqualTo("expected: Paris\nactual:   Lyon");
    }

    @Test
    void isCaseSensitiveByDefault() {
        assertThat(new ExactMatch().evaluate(output("paris", "\"Paris\"")).value()).isZero();
    }

    @Test
    void ignoresCaseWhenAsked() {
        assertThat(new ExactMatch("ignore_case").evaluate(output("paris", "\"Paris\"")).value()).isEqualTo(1.0);
    }

    @Test
    void ignoringCaseFromJava() {
        assertThat(Evaluators.exactMatch().ignoringCase().evaluate(output("PARIS", "\"Paris\"")).value())
                .isEqualTo(1.0);
    }

    @Test
    void comparesNonTextExpectedOutputAsCompactJson() {
        assertThat(new ExactMatch().evaluate(output("{\"a\":1}", "{\"a\": 1}")).value()).isEqualTo(1.0);
    }

    @Test
    void rejectsUnknownArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ExactMatch("trim"))
                .withMessage("Evaluator 'exact_match' accepts only the argument 'ignore_case' but got 'trim'");
    }

    @Test
    void needsAnExpectedOutput() {
        assertThatThrownBy(() -> new ExactMatch().evaluate(output("Paris")))
                .isInstanceOf(MissingExpectedOutputException.class);
    }
}

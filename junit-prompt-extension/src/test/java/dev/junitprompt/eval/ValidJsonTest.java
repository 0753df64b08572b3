package dev.junitprompt.eval;

import static dev.junitprompt.eval.Results.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Score;

class ValidJsonTest {

    @Test
    void passesForJson() {
        Score score = new ValidJson().evaluate(output("{\"steps\": []}"));

        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.name()).isEqualTo("valid_json");
    }

    @Test
    void toleratesAMarkdownFence() {
        assertThat(new ValidJson().evaluate(output("```json\n{\"steps\": []}\n```")).value()).isEqualTo(1.0);
    }

    @Test
    void failsSayingWhereTheOutputStopsBeingJson() {
        Score score = new ValidJson().evaluate(output("{\"steps\": [}"));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).startsWith("Output of item 'case-001' is not valid JSON")
                .contains("line 1, column");
    }

    @Test
    void takesNoArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ValidJson("strict"))
                .withMessage("Evaluator 'valid_json' takes no arguments but got: strict");
    }
}

package dev.junitprompt.eval;

import static dev.junitprompt.eval.Results.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Score;

class RegexTest {

    @Test
    void passesWhenThePatternIsFoundAnywhere() {
        Score score = new Regex("Q\\d+:").evaluate(output("Intro\nQ1: Why?"));

        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.type()).isEqualTo(Score.Type.BOOLEAN);
        assertThat(score.name()).isEqualTo("regex");
    }

    @Test
    void failsNamingThePattern() {
        Score score = new Regex("^Q1: ").evaluate(output("Intro\nQ1: Why?"));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).isEqualTo("no match for /^Q1: / in the output");
    }

    @Test
    void anchorsMatchLinesInMultilineMode() {
        assertThat(Evaluators.regex("(?m)^Q1: ").evaluate(output("Intro\nQ1: Why?")).value()).isEqualTo(1.0);
    }

    @Test
    void rejectsAnInvalidPatternNamingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Regex("Q(\\d+"))
                .withMessageStartingWith("Evaluator 'regex' got an invalid pattern 'Q(\\d+': Unclosed group");
    }

    @Test
    void needsExactlyOnePattern() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Regex("a", "b"))
                .withMessage("Evaluator 'regex' takes exactly one argument, the pattern, but got 2: a, b");
    }
}

package dev.junitprompt.eval;

import static dev.junitprompt.eval.Results.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Score;

class LengthBoundsTest {

    @Test
    void passesWithinBoundsSayingTheLength() {
        Score score = new LengthBounds("min=1", "max=20").evaluate(output("  twelve chars  "));

        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.name()).isEqualTo("length");
        assertThat(score.comment()).isEqualTo("12 characters, within 1..20 characters");
    }

    @Test
    void failsAboveTheMaximum() {
        Score score = new LengthBounds("max=5").evaluate(output("too long"));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).isEqualTo("8 characters, more than the maximum of 5");
    }

    @Test
    void failsBelowTheMinimum() {
        assertThat(Evaluators.length(10, 100).evaluate(output("short")).comment())
                .isEqualTo("5 characters, fewer than the minimum of 10");
    }

    @Test
    void countsWords() {
        Score score = new LengthBounds("min_words=2", "max_words=3").evaluate(output("one  two\nthree four"));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).isEqualTo("4 words, more than the maximum of 3");
    }

    @Test
    void checksCharactersAndWordsTogether() {
        Score score = new LengthBounds("max=100", "min_words=3").evaluate(output("two words"));

        assertThat(score.value()).isZero();
        assertThat(score.comment())
                .isEqualTo("9 characters, within at most 100 characters; 2 words, fewer than the minimum of 3");
    }

    @Test
    void countsCharactersAsCodePoints() {
        assertThat(Evaluators.length(0, 2).evaluate(output("\uD83D\uDE00\uD83D\uDE00")).value()).isEqualTo(1.0);
    }

    @Test
    void needsABound() {
        assertThatIllegalArgumentException().isThrownBy(LengthBounds::new)
                .withMessageStartingWith("Evaluator 'length' needs bounds: min=<characters>");
    }

    @Test
    void rejectsUnknownArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LengthBounds("maximum=5"))
                .withMessage("Evaluator 'length' does not understand the argument 'maximum=5'; "
                        + "it accepts min=..., max=..., min_words=..., max_words=...");
    }

    @Test
    void rejectsBoundsThatAreNotCounts() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LengthBounds("max=-1"))
                .withMessage("Argument 'max=-1' of evaluator 'length' must be a whole number of characters, 0 or more");
    }

    @Test
    void rejectsAMinimumAboveTheMaximum() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LengthBounds("min_words=5", "max_words=2"))
                .withMessage("Evaluator 'length' got a minimum of 5 words above its maximum of 2");
    }

    @Test
    void rejectsABoundGivenTwice() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LengthBounds("max=5", "max=6"))
                .withMessage("Evaluator 'length' got 'max' twice; give each bound once");
    }
}

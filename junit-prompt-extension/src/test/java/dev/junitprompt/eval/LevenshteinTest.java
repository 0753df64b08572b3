package dev.junitprompt.eval;

import static dev.junitprompt.eval.Results.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.MissingExpectedOutputException;
import dev.junitprompt.api.Score;

class LevenshteinTest {

    @Test
    void scoresOneForTheSameTextApartFromSurroundingWhitespace() {
        Score score = new Levenshtein().evaluate(output("  Paris\n", "\"Paris\""));

        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.type()).isEqualTo(Score.Type.NUMERIC);
        assertThat(score.name()).isEqualTo("levenshtein");
        assertThat(score.comment()).isEmpty();
    }

    @Test
    void scoresOneForTwoEmptyTexts() {
        assertThat(new Levenshtein().evaluate(output(" ", "\"\"")).value()).isEqualTo(1.0);
    }

    @Test
    void scoresOneMinusTheDistanceOverTheLongerLengthAndSaysTheDistance() {
        Score score = new Levenshtein().evaluate(output("kitten", "\"sitting\""));

        assertThat(score.value()).isCloseTo(1 - 3 / 7.0, within(1e-12));
        assertThat(score.comment()).isEqualTo("edit distance 3 from the expected output (the longer text has 7 characters)");
        assertThat(score.metadata()).containsEntry("distance", 3);
    }

    @Test
    void scoresZeroWhenOneTextIsEmptyOrNothingLinesUp() {
        assertThat(new Levenshtein().evaluate(output("", "\"abc\"")).value()).isZero();
        assertThat(new Levenshtein().evaluate(output("xyz", "\"abc\"")).value()).isZero();
    }

    @Test
    void countsCodePointsNotUtf16Units() {
        Score score = new Levenshtein().evaluate(output("a\uD83D\uDE00", "\"a\uD83D\uDE01\""));

        assertThat(score.metadata()).containsEntry("distance", 1);
        assertThat(score.value()).isEqualTo(0.5);
    }

    @Test
    void computesTheDistanceWhicheverTextIsLonger() {
        int[] flaw = "flaw".codePoints().toArray();
        int[] lawn = "lawn".codePoints().toArray();
        int[] saturday = "Saturday".codePoints().toArray();
        int[] sunday = "Sunday".codePoints().toArray();

        assertThat(Levenshtein.distance(flaw, lawn)).isEqualTo(2);
        assertThat(Levenshtein.distance(saturday, sunday)).isEqualTo(3);
        assertThat(Levenshtein.distance(sunday, saturday)).isEqualTo(3);
        assertThat(Levenshtein.distance(new int[0], sunday)).isEqualTo(6);
    }

    @Test
    void isCaseSensitiveByDefault() {
        assertThat(new Levenshtein().evaluate(output("PARIS", "\"Paris\"")).value()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void ignoresCaseWhenAsked() {
        assertThat(new Levenshtein("ignore_case").evaluate(output("PARIS", "\"Paris\"")).value()).isEqualTo(1.0);
        assertThat(Evaluators.editDistanceToExpected().ignoringCase().evaluate(output("PARIS", "\"Paris\"")).value())
                .isEqualTo(1.0);
    }

    @Test
    void countsEveryRunOfWhitespaceAsOneSpaceWhenAsked() {
        String output = "Paris is\n\n  the capital";

        assertThat(new Levenshtein().evaluate(output(output, "\"Paris is the capital\"")).value()).isLessThan(1.0);
        assertThat(new Levenshtein("ignore_whitespace").evaluate(output(output, "\"Paris is the capital\"")).value())
                .isEqualTo(1.0);
        assertThat(Evaluators.editDistanceToExpected().ignoringWhitespace().ignoringCase()
                .evaluate(output(output, "\"PARIS IS THE CAPITAL\"")).value()).isEqualTo(1.0);
    }

    @Test
    void comparesNonTextExpectedOutputAsCompactJson() {
        assertThat(new Levenshtein().evaluate(output("{\"a\":1}", "{\"a\": 1}")).value()).isEqualTo(1.0);
    }

    @Test
    void rejectsUnknownArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Levenshtein("trim"))
                .withMessage("Evaluator 'levenshtein' accepts only the arguments 'ignore_case', 'ignore_whitespace' "
                        + "but got 'trim'");
    }

    @Test
    void needsAnExpectedOutput() {
        assertThatThrownBy(() -> new Levenshtein().evaluate(output("Paris")))
                .isInstanceOf(MissingExpectedOutputException.class);
    }
}

package dev.junitprompt.eval;

import static dev.junitprompt.eval.Results.output;
import static dev.junitprompt.eval.Results.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.MissingExpectedOutputException;
import dev.junitprompt.api.Score;
import dev.junitprompt.target.TemplateException;

class ContainsTest {

    @Test
    void scoresOneWhenEveryTextIsThere() {
        Score score = new Contains("refund", "sorry").evaluate(output("We are sorry; a refund is on its way."));

        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.comment()).isEmpty();
        assertThat(score.name()).isEqualTo("contains");
    }

    @Test
    void scoresTheShareFoundAndListsTheMissingTexts() {
        Score score = new Contains("refund", "sorry", "today", "email").evaluate(output("A refund, today."));

        assertThat(score.type()).isEqualTo(Score.Type.NUMERIC);
        assertThat(score.value()).isEqualTo(0.5);
        assertThat(score.comment()).isEqualTo("missing from the output: 'sorry', 'email'");
        assertThat(score.metadata()).containsEntry("missing", List.of("sorry", "email"));
    }

    @Test
    void fillsPlaceholdersFromTheInputs() {
        Score score = new Contains("{job_title}").evaluate(result("Questions for a data engineer",
                "{\"job_title\": \"data engineer\"}", null));

        assertThat(score.value()).isEqualTo(1.0);
    }

    @Test
    void fillsInputPlaceholdersAsTheReadmeWritesThem() {
        Score score = new Contains("{input.job_title}").evaluate(result("Questions for a data engineer",
                "{\"job_title\": \"data engineer\"}", null));
        Score ownInput = new Contains("{input}").evaluate(result("Echo: hi", "{\"input\": \"hi\"}", null));

        assertThat(score.value()).isEqualTo(1.0);
        assertThat(ownInput.value()).as("an input named input is that input").isEqualTo(1.0);
    }

    @Test
    void fillsPlaceholdersFromTheExpectedOutput() {
        Score score = new Contains("{expected.keyword}").evaluate(result("Use an index.", "{}",
                "{\"keyword\": \"index\"}"));

        assertThat(score.value()).isEqualTo(1.0);
    }

    @Test
    void needsAnExpectedOutputOnlyWhenAskingForIt() {
        assertThatThrownBy(() -> new Contains("{expected}").evaluate(output("anything")))
                .isInstanceOf(MissingExpectedOutputException.class);
    }

    @Test
    void doubledBracesAreLiteral() {
        assertThat(new Contains("{{\"ok\": true}}").evaluate(output("{\"ok\": true}")).value()).isEqualTo(1.0);
    }

    @Test
    void isCaseSensitiveByDefault() {
        assertThat(new Contains("Refund").evaluate(output("a refund")).value()).isZero();
    }

    @Test
    void ignoresCaseWhenAsked() {
        assertThat(Evaluators.contains("Refund").ignoringCase().evaluate(output("a REFUND")).value()).isEqualTo(1.0);
    }

    @Test
    void namesAPlaceholderTheItemCannotFill() {
        assertThatThrownBy(() -> new Contains("{topic}").evaluate(result("x", "{\"job_title\": \"SRE\"}", null)))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("{topic}")
                .hasMessageContaining("available variables: job_title");
    }

    @Test
    void needsAtLeastOneText() {
        assertThatIllegalArgumentException().isThrownBy(Contains::new)
                .withMessageStartingWith("Evaluator 'contains' needs at least one text to look for");
    }

    @Test
    void rejectsAnEmptyText() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Contains("a", ""))
                .withMessage("Argument 2 of evaluator 'contains' is empty; give the text to look for");
    }

    @Test
    void rejectsAnInvalidPlaceholderNamingTheArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Contains("{\"a\": 1}"))
                .withMessageStartingWith("Invalid template argument '{\"a\": 1}' of evaluator 'contains'");
    }
}

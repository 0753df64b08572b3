package dev.junitprompt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Score;

class WeightedScoreTest {

    private static TestContext after(Score... scores) {
        return TestContext.of(Results.output("x")).after(scores);
    }

    @Test
    void weighsTheScoresBeforeIt() {
        Score score = Evaluators.weighted("overall").weight("json_matches_expected", 2).weight("helpful", 1)
                .evaluate(after(Score.of("json_matches_expected", 0.5), Score.of("helpful", true)));

        assertThat(score.name()).isEqualTo("overall");
        assertThat(score.value()).isEqualTo((2 * 0.5 + 1.0) / 3);
        assertThat(score.comment()).isEqualTo("(json_matches_expected 0.50 × 2 + helpful true × 1) / 3");
    }

    @Test
    void aScoreItCannotFindOrWeighIsNamed() {
        WeightedScore overall = Evaluators.weighted("overall").weight("helpful", 1);

        assertThatThrownBy(() -> overall.evaluate(after(Score.of("exact_match", true))))
                .hasMessageContaining("weighs helpful, which no evaluator before it gave this item")
                .hasMessageContaining("[exact_match]");
        assertThatThrownBy(() -> overall.evaluate(after(Score.category("helpful", "yes"))))
                .hasMessageContaining("categorical ('yes')");
        assertThatThrownBy(() -> overall.weight("x", 0)).hasMessageContaining("must be more than 0");
    }
}

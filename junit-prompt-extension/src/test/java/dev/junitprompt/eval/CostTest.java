package dev.junitprompt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Score;

class CostTest {

    private static TestContext costing(OptionalDouble cost) {
        return TestContext.of(Results.output("x")).costing(cost);
    }

    @Test
    void passesWithinTheBudgetAndSaysTheCost() {
        Score cheap = Evaluators.costAtMost(0.002).evaluate(costing(OptionalDouble.of(0.0015)));
        Score dear = new Cost("max_usd=0.001").evaluate(costing(OptionalDouble.of(0.0015)));

        assertThat(cheap.value()).isEqualTo(1.0);
        assertThat(cheap.comment()).isEqualTo("$0.001500, within the maximum of $0.002000");
        assertThat(dear.value()).isEqualTo(0.0);
        assertThat(dear.comment()).contains("over the maximum");
    }

    @Test
    void anUnpricedOutputFailsSayingWhatToAdd() {
        Score unknown = Evaluators.costAtMost(1).evaluate(costing(OptionalDouble.empty()));

        assertThat(unknown.value()).isEqualTo(0.0);
        assertThat(unknown.comment()).contains("no price", "prices.yaml");
        assertThatThrownBy(() -> new Cost("max_usd=cheap")).hasMessageContaining("must be an amount");
    }

    @Test
    void evaluatorsThatNeedTheEnginesContextSaySoWhenGivenABareResult() {
        assertThatThrownBy(() -> Evaluators.costAtMost(1).evaluate(Results.output("x")))
                .hasMessage("Evaluator 'cost' needs the item's cost: it is run with an EvaluationContext "
                        + "(evaluate(EvaluationContext)), as the engine does");
        assertThatThrownBy(() -> Evaluators.judge("polite").evaluate(Results.output("x")))
                .hasMessageContaining("Evaluator 'polite' needs a judge model");
        assertThatThrownBy(() -> Evaluators.weighted("overall").evaluate(Results.output("x")))
                .hasMessageContaining("Evaluator 'overall' needs the item's other scores");
    }
}

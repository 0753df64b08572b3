package dev.junitprompt.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.PromptExperiment.PassRule.Decision;

class WilsonIntervalTest {

    @Test
    void boundsAtKnownCounts() {
        // Reference values of the Wilson score interval at z = 1.96.
        assertThat(WilsonInterval.of(8, 10).low()).isCloseTo(0.4902, within(1e-4));
        assertThat(WilsonInterval.of(8, 10).high()).isCloseTo(0.9433, within(1e-4));
        assertThat(WilsonInterval.of(0, 1).high()).isCloseTo(0.7935, within(1e-4));
        assertThat(WilsonInterval.of(10, 10).high()).isEqualTo(1.0);
        assertThat(WilsonInterval.of(0, 0)).isEqualTo(new WilsonInterval(0, 1));
    }

    @Test
    void decidesPassFailOrInconclusiveAgainstATarget() {
        assertThat(PassRule().decide(20, 20, 0, 0.8)).isEqualTo(Decision.PASSED);
        assertThat(PassRule().decide(1, 10, 0, 0.8)).isEqualTo(Decision.FAILED);
        assertThat(PassRule().decide(8, 10, 0, 0.8)).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(PromptExperiment.PassRule.MAJORITY.decide(2, 3, 0, 0.8)).isEqualTo(Decision.PASSED);
    }

    @Test
    void estimatesTheRunsThatWouldDecide() {
        assertThat(WilsonInterval.runsToDecide(3, 3, 0.8)).hasValue(16);
        assertThat(WilsonInterval.runsToDecide(4, 5, 0.8)).isEmpty();
    }

    private static PromptExperiment.PassRule PassRule() {
        return PromptExperiment.PassRule.WILSON;
    }
}

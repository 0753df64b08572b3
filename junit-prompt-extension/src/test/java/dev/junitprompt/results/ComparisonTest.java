package dev.junitprompt.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Score;

class ComparisonTest {

    @Test
    void mcNemarIsTheExactBinomialTestOnTheFlips() {
        // 1 of 10 flips one way: 2 · (C(10,0) + C(10,1)) / 2^10.
        assertThat(Comparison.mcNemar(1, 9)).isCloseTo(22.0 / 1024, within(1e-12));
        assertThat(Comparison.mcNemar(0, 0)).isEqualTo(1.0);
        assertThat(Comparison.mcNemar(3, 3)).isEqualTo(1.0);
        assertThat(Comparison.mcNemar(6, 0)).isCloseTo(2.0 / 64, within(1e-12));
    }

    @Test
    void theBootstrapIntervalHoldsAShiftAndSpansZeroForNoise() {
        Random random = new Random(42);
        List<double[]> shifted = new ArrayList<>();
        List<double[]> noise = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double before = random.nextDouble() * 0.5;
            shifted.add(new double[] {before, before + 0.1 + (random.nextDouble() - 0.5) * 0.1});
            noise.add(new double[] {before, before + (random.nextDouble() - 0.5) * 0.2});
        }

        Comparison.MetricChange change = Comparison.change("m", shifted);
        Comparison.MetricChange within = Comparison.change("m", noise);

        assertThat(change.low()).isLessThan(0.1);
        assertThat(change.high()).isGreaterThan(0.1);
        assertThat(change.significant()).isTrue();
        assertThat(within.low()).isNegative();
        assertThat(within.high()).isPositive();
        assertThat(within.significant()).isFalse();
        // A fixed seed: the same interval on every run.
        assertThat(Comparison.change("m", shifted)).isEqualTo(change);
    }

    @Test
    void countsThePairwiseJudgesWinsTiesAndLossesAndNoOtherScores() {
        java.util.function.BiFunction<String, Double, ItemResult> judged = (id, value) -> TestResults.passed(id, 10,
                Score.of("preferred", value).withMetadata("scale", "pairwise"), Score.of("judge", value));
        RunRecord before = new RunRecord(TestResults.run("e", "r0").build(), List.of(TestResults.passed("a", 10),
                TestResults.passed("b", 10), TestResults.passed("c", 10), TestResults.passed("d", 10)),
                java.util.Optional.empty());
        ExperimentSummary now = ExperimentSummary.builder("e").results(List.of(judged.apply("a", 1.0),
                judged.apply("b", 0.5), judged.apply("c", 0.0), judged.apply("d", 1.0))).build();

        Comparison comparison = Comparison.of(before, "run r0", now);

        assertThat(comparison.pairwise()).containsExactly(new Comparison.Pairwise("preferred", 2, 1, 1));
        assertThat(comparison.pairwise().get(0).counts()).isEqualTo("2 wins, 1 tie, 1 loss");
    }
}

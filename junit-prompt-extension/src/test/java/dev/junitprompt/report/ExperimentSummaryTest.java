package dev.junitprompt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;

class ExperimentSummaryTest {

    static ItemResult passed(String id, long latencyMillis, Score... scores) {
        return result(id, latencyMillis, List.of(), "", scores);
    }

    static ItemResult failed(String id, long latencyMillis, Score... scores) {
        return result(id, latencyMillis, List.of("below threshold"), "", scores);
    }

    static ItemResult errored(String id, long latencyMillis) {
        return result(id, latencyMillis, List.of(), "model timed out");
    }

    static ItemResult result(String id, long latencyMillis, List<String> failures, String error, Score... scores) {
        return new ItemResult(new DatasetItem("ds", id, "", null, null, null), "out", List.of(scores), failures, error,
                Duration.ofMillis(latencyMillis), new Usage(10, 4, 14), "gpt-4o-mini");
    }

    private static ExperimentSummary summary(ItemResult... items) {
        return new ExperimentSummary("prepGenerate", List.of(items), List.of());
    }

    @Test
    void countsItemsByStatus() {
        ExperimentSummary summary = summary(passed("a", 1), failed("b", 1), errored("c", 1), passed("d", 1));

        assertThat(summary.count(ItemResult.Status.PASSED)).isEqualTo(2);
        assertThat(summary.count(ItemResult.Status.FAILED)).isEqualTo(1);
        assertThat(summary.count(ItemResult.Status.ERRORED)).isEqualTo(1);
    }

    @Test
    void passRateIsTheShareOfPassedItemsCountingErrorsAsNotPassed() {
        assertThat(summary(passed("a", 1), failed("b", 1), errored("c", 1), passed("d", 1)).passRate())
                .isEqualTo(0.5);
    }

    @Test
    void passRateOfAnEmptyExperimentIsZero() {
        assertThat(summary().passRate()).isZero();
    }

    @Test
    void meansEveryNumericMetricOverTheItemsThatHaveItInFirstAppearanceOrder() {
        ExperimentSummary summary = summary(
                passed("a", 1, Score.of("judge", 0.9), Score.of("valid_json", true)),
                failed("b", 1, Score.of("judge", 0.4), Score.of("valid_json", false), Score.of("similarity", 0.6)),
                errored("c", 1),
                passed("d", 1, Score.of("judge", 0.8)));

        assertThat(summary.means()).containsExactly(
                entry("judge", (0.9 + 0.4 + 0.8) / 3), entry("valid_json", 0.5), entry("similarity", 0.6));
    }

    @Test
    void meansSkipCategoricalScores() {
        ExperimentSummary summary = summary(
                passed("a", 1, Score.category("tone", "friendly"), Score.of("judge", 1.0)),
                passed("b", 1, Score.category("tone", "curt")));

        assertThat(summary.means()).containsOnlyKeys("judge");
    }

    @Test
    void latencyPercentilesUseTheNearestRank() {
        ExperimentSummary summary = summary(passed("a", 40), passed("b", 10), passed("c", 30), passed("d", 20));

        assertThat(summary.latencyPercentile(50)).isEqualTo(Duration.ofMillis(20));
        assertThat(summary.latencyPercentile(95)).isEqualTo(Duration.ofMillis(40));
        assertThat(summary.latencyPercentile(75)).isEqualTo(Duration.ofMillis(30));
        assertThat(summary.latencyPercentile(0)).isEqualTo(Duration.ofMillis(10));
        assertThat(summary.latencyPercentile(100)).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void latencyP95OfTwentyItemsIsTheNineteenth() {
        ItemResult[] items = new ItemResult[20];
        for (int i = 0; i < items.length; i++) {
            items[i] = passed("i" + i, (20 - i) * 10L);
        }

        assertThat(summary(items).latencyPercentile(95)).isEqualTo(Duration.ofMillis(190));
        assertThat(summary(items).latencyPercentile(50)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void latencyOfAnEmptyExperimentIsZero() {
        assertThat(summary().latencyPercentile(95)).isEqualTo(Duration.ZERO);
    }

    @Test
    void addsUpTheUsageOfAllItems() {
        assertThat(summary(passed("a", 1), failed("b", 1), errored("c", 1)).usage()).isEqualTo(new Usage(30, 12, 42));
    }
}

package dev.junitprompt.results;

import static dev.junitprompt.results.TestResults.errored;
import static dev.junitprompt.results.TestResults.failed;
import static dev.junitprompt.results.TestResults.passed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;

class ExperimentSummaryTest {

    private static ExperimentSummary summary(ItemResult... items) {
        return TestResults.summary("prepGenerate", items);
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

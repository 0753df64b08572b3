package dev.junitprompt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.RunEvaluator;
import dev.junitprompt.api.Score;

class ClassificationTest {

    /** Expected billing, billing, shipping, shipping, refund; predicted billing, shipping, shipping, shipping, billing. */
    private static final List<RunEvaluator.ScoredResult> RESULTS = List.of(
            scored("billing", "\"billing\""), scored("shipping", "\"billing\""), scored("Shipping ", "\"shipping\""),
            scored("shipping", "\"shipping\""), scored("billing", "\"refund\""));

    private static RunEvaluator.ScoredResult scored(String output, String expected) {
        return new RunEvaluator.ScoredResult(Results.output(output, expected), 1, List.of());
    }

    private static Map<String, Double> values(List<Score> scores) {
        Map<String, Double> values = new java.util.LinkedHashMap<>();
        scores.forEach(score -> values.put(score.name(), score.value()));
        return values;
    }

    @Test
    void scoresTheRunAsAClassifierMacroAveragedOverTheLabels() {
        List<Score> scores = RunEvaluators.classification().evaluate(RESULTS);

        assertThat(scores).extracting(Score::name).containsExactly("accuracy", "precision", "recall", "f1");
        Map<String, Double> values = values(scores);
        assertThat(values.get("accuracy")).isEqualTo(0.6);
        assertThat(values.get("precision")).isCloseTo((0.5 + 2.0 / 3 + 0) / 3, within(1e-12));
        assertThat(values.get("recall")).isCloseTo((0.5 + 1 + 0) / 3, within(1e-12));
        assertThat(values.get("f1")).isCloseTo((0.5 + 0.8 + 0) / 3, within(1e-12));
        assertThat(scores.get(0).comment()).isEqualTo("3 of 5 labelled right; macro average over 3 labels");
        assertThat(scores.get(3).metadata().get("confusion")).isEqualTo(Map.of(
                "billing", Map.of("billing", 1, "shipping", 1), "shipping", Map.of("shipping", 2),
                "refund", Map.of("billing", 1)));
    }

    @Test
    void oneLabelAsThePositiveClassGivesItsOwnPrecisionRecallAndF1() {
        Map<String, Double> values = values(RunEvaluators.classification().positive("shipping").evaluate(RESULTS));

        assertThat(values.get("precision")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(values.get("recall")).isEqualTo(1.0);
        assertThat(values.get("f1")).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void readsTheLabelFromAJsonFieldAndCountsAnOutputWithoutOneAsWrong() {
        List<RunEvaluator.ScoredResult> results = List.of(
                scored("{\"category\": \"billing\"}", "{\"category\": \"billing\"}"),
                scored("not json", "{\"category\": \"shipping\"}"),
                new RunEvaluator.ScoredResult(Results.output("{\"category\": \"x\"}"), 1, List.of()));

        List<Score> scores = RunEvaluators.classification().field("/category").evaluate(results);

        assertThat(values(scores).get("accuracy")).isEqualTo(0.5);
        assertThat(scores.get(0).comment()).contains("1 of 2 labelled right", "not counted: case-001 has no expected label");
        assertThatThrownBy(() -> RunEvaluators.classification().field("category"))
                .hasMessageContaining("write it as /category");
    }
}

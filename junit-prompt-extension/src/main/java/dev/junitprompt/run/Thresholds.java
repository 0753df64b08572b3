package dev.junitprompt.run;

import java.util.Optional;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.Score;
import dev.junitprompt.results.Format;
import dev.junitprompt.results.ItemResult;

/** Holds a score to its evaluator's per-item threshold. */
final class Thresholds {

    private Thresholds() {
    }

    /** The failure when {@code score} falls short of {@code evaluator}'s threshold; empty when it holds or there is none. */
    static Optional<ItemResult.Failure> failure(Evaluator evaluator, Score score) {
        if (evaluator.threshold().isEmpty()) {
            return Optional.empty();
        }
        double min = evaluator.threshold().getAsDouble();
        if (!score.isNumeric()) {
            return Optional.of(new ItemResult.Failure(evaluator.name(), Double.NaN, min, evaluator.name()
                    + " is categorical ('" + score.category() + "'); a min threshold needs a numeric or boolean score"));
        }
        if (score.value() >= min) {
            return Optional.empty();
        }
        return Optional.of(new ItemResult.Failure(evaluator.name(), score.value(), min, evaluator.name() + " = "
                + Format.score(score.value()) + " < min " + Format.score(min)
                + (score.comment().isBlank() ? "" : "\n" + indent(score.comment()))));
    }

    private static String indent(String text) {
        return text.strip().replace("\n", "\n  ").indent(2).stripTrailing();
    }
}

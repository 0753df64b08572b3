package dev.junitprompt.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apiguardian.api.API;

import dev.junitprompt.api.EvaluationContext;
import dev.junitprompt.api.Score;

/**
 * An overall score per item: the weighted mean of the scores other evaluators gave it. List it after them; its
 * {@code min} fails the item and {@code @Threshold(metric = "overall", mean = …)} holds the experiment to it, like
 * any score.
 *
 * <pre>{@code
 * List.of(Evaluators.jsonMatchesExpected(), Evaluators.judge("helpful").rubric("…"),
 *         Evaluators.weighted("overall").weight("json_matches_expected", 2).weight("helpful", 1).min(0.7));
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class WeightedScore implements ContextEvaluator {

    private final String name;
    private final Map<String, Double> weights;

    WeightedScore(String name, Map<String, Double> weights) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A weighted score needs a name: its score is known by it");
        }
        this.name = name;
        this.weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights)); // in the order given
    }

    /** This score, counting the score {@code metric} with {@code weight} (more than 0). */
    public WeightedScore weight(String metric, double weight) {
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("Weighted score '" + name + "': the weight of " + metric + " must be "
                    + "more than 0, but is " + weight);
        }
        Map<String, Double> more = new LinkedHashMap<>(weights);
        more.put(metric, weight);
        return new WeightedScore(name, more);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String needs() {
        return "the item's other scores";
    }

    @Override
    public Score evaluate(EvaluationContext context) {
        if (weights.isEmpty()) {
            throw new IllegalStateException("The weighted score '" + name + "' has no weights: add "
                    + ".weight(\"metric\", 1) for each score it combines");
        }
        double sum = 0;
        double total = 0;
        StringBuilder comment = new StringBuilder();
        for (Map.Entry<String, Double> weight : weights.entrySet()) {
            Optional<Score> score = context.scores().stream().filter(s -> s.name().equals(weight.getKey()))
                    .findFirst();
            if (score.isEmpty()) {
                throw new IllegalStateException("The weighted score '" + name + "' weighs " + weight.getKey()
                        + ", which no evaluator before it gave this item; list it after that evaluator (scores so "
                        + "far: " + context.scores().stream().map(Score::name).toList() + ")");
            }
            if (!score.get().isNumeric()) {
                throw new IllegalStateException("The weighted score '" + name + "' weighs " + weight.getKey()
                        + ", which is categorical ('" + score.get().category() + "'); weigh numeric or boolean scores");
            }
            sum += weight.getValue() * score.get().value();
            total += weight.getValue();
            comment.append(comment.length() == 0 ? "" : " + ").append(weight.getKey()).append(' ')
                    .append(score.get().formattedValue()).append(" × ").append(format(weight.getValue()));
        }
        return Score.of(name, sum / total).withComment("(" + comment + ") / " + format(total))
                .withMetadata("weights", weights);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}

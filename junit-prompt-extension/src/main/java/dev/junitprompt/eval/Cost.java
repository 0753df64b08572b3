package dev.junitprompt.eval;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

import org.apiguardian.api.API;

import dev.junitprompt.api.EvaluationContext;
import dev.junitprompt.api.Score;

/**
 * Passes when producing the item's output cost at most the given amount, by the price table
 * ({@link EvaluationContext#cost()}: the target's or task's model calls, not the evaluators'). An output whose
 * calls have no price fails, saying so: a cost that cannot be known cannot be shown to be within budget. Argument:
 * {@code max_usd=<amount>}. For the experiment's total use {@code @Threshold(maxCost = …)}.
 *
 * <pre>{@code
 * Evaluators.costAtMost(0.002).min(1.0)    // an item that cost more than $0.002 fails
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Cost implements ContextEvaluator {

    static final String NAME = "cost";
    private static final String MAX_USD = "max_usd";

    private final double max;

    /** @param args exactly one argument, {@code max_usd=<amount>} */
    public Cost(String... args) {
        this(parse(args));
    }

    Cost(double max) {
        if (!(max >= 0) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("Evaluator '" + NAME + "' needs a maximum cost of 0 or more but got "
                    + max);
        }
        this.max = max;
    }

    private static double parse(String[] args) {
        Option option = Option.parse(NAME, Option.single(NAME, args, MAX_USD + "=<amount>"), List.of(MAX_USD));
        try {
            return Double.parseDouble(option.value());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Argument '" + MAX_USD + "=" + option.value() + "' of evaluator '" + NAME
                    + "' must be an amount such as 0.002", e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String needs() {
        return "the item's cost";
    }

    @Override
    public Score evaluate(EvaluationContext context) {
        OptionalDouble cost = context.cost();
        if (cost.isEmpty()) {
            return Score.of(NAME, false).withComment("no price for the model that answered: add it to prices.yaml "
                    + "(prompt.experiment.prices) or to the target's model.price");
        }
        boolean within = cost.getAsDouble() <= max;
        return Score.of(NAME, within).withComment(String.format(Locale.ROOT, "$%.6f, %s the maximum of $%.6f",
                cost.getAsDouble(), within ? "within" : "over", max)).withMetadata("cost_usd", cost.getAsDouble());
    }
}

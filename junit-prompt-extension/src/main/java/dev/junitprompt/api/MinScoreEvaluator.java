package dev.junitprompt.api;

import java.util.OptionalDouble;

/** An evaluator held to a per-item threshold; see {@link Evaluator#min(double)}. */
record MinScoreEvaluator(Evaluator delegate, double min) implements Evaluator {

    MinScoreEvaluator {
        if (!(min >= 0.0 && min <= 1.0)) {
            throw new IllegalArgumentException(
                    "Threshold of evaluator '" + delegate.name() + "' must be in 0..1 but was " + min);
        }
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Score evaluate(PromptResult result) throws Exception {
        return delegate.evaluate(result);
    }

    @Override
    public Score evaluate(EvaluationContext context) throws Exception {
        return delegate.evaluate(context);
    }

    @Override
    public void validate(DatasetItem item) {
        delegate.validate(item);
    }

    @Override
    public OptionalDouble threshold() {
        return OptionalDouble.of(min);
    }

    @Override
    public String toString() {
        return delegate + " (min " + min + ")";
    }
}

package dev.junitprompt.api;

import java.util.Objects;
import java.util.OptionalDouble;

/** An evaluator under a name of the user's; see {@link Evaluator#named(String)}. */
record NamedEvaluator(Evaluator delegate, String name) implements Evaluator {

    NamedEvaluator {
        Objects.requireNonNull(delegate, "delegate");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Evaluator '" + delegate.name() + "' needs a non-blank name");
        }
    }

    @Override
    public Score evaluate(PromptResult result) throws Exception {
        return delegate.evaluate(result).withName(name);
    }

    @Override
    public Score evaluate(EvaluationContext context) throws Exception {
        return delegate.evaluate(context).withName(name);
    }

    @Override
    public void validate(DatasetItem item) {
        delegate.validate(item);
    }

    @Override
    public OptionalDouble threshold() {
        return delegate.threshold();
    }

    @Override
    public String toString() {
        return delegate + " named " + name;
    }
}

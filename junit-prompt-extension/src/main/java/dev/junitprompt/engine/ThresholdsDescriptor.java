package dev.junitprompt.engine;

import org.junit.platform.engine.UniqueId;

import dev.junitprompt.api.Constants;

/** The experiment's last test: checks the {@code @Threshold}s over every item that ran. */
final class ThresholdsDescriptor extends ExperimentTestDescriptor {

    static final String SEGMENT = "thresholds";

    private final String name;

    ThresholdsDescriptor(UniqueId uniqueId, ExperimentPlan plan) {
        super(uniqueId, SEGMENT, plan);
        this.name = plan.name();
    }

    @Override
    public SkipResult shouldBeSkipped(PromptEngineContext context) {
        return context.experiment() != null ? SkipResult.doNotSkip()
                : SkipResult.skip("No item of experiment " + name + " was selected (" + Constants.ITEMS + ", "
                        + Constants.SAMPLE + "), so there is nothing to hold to its thresholds");
    }

    @Override
    public PromptEngineContext execute(PromptEngineContext context, DynamicTestExecutor executor) {
        context.experiment().checkThresholds(this);
        return context;
    }
}

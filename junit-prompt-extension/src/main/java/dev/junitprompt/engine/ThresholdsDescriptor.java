package dev.junitprompt.engine;

import org.junit.platform.engine.UniqueId;

/** The experiment's last test: checks the {@code @Threshold}s over every item that ran. */
final class ThresholdsDescriptor extends ExperimentTestDescriptor {

    static final String SEGMENT = "thresholds";

    ThresholdsDescriptor(UniqueId uniqueId, ExperimentPlan plan) {
        super(uniqueId, SEGMENT, plan);
    }

    @Override
    public PromptEngineContext execute(PromptEngineContext context, DynamicTestExecutor executor) {
        context.experiment().checkThresholds(this);
        return context;
    }
}

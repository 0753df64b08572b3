package dev.junitprompt.engine;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.hierarchical.Node;

/** The experiment's last test: checks the {@code @Threshold}s over every item that ran. */
final class ThresholdsDescriptor extends AbstractTestDescriptor implements Node<PromptEngineContext> {

    static final String SEGMENT = "thresholds";

    private final String legacyName;

    ThresholdsDescriptor(UniqueId uniqueId, ExperimentPlan plan) {
        super(uniqueId, SEGMENT, MethodSource.from(plan.testClass(), plan.method()));
        this.legacyName = plan.name() + " · " + SEGMENT;
    }

    @Override
    public String getLegacyReportingName() {
        return legacyName;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public PromptEngineContext execute(PromptEngineContext context, DynamicTestExecutor executor) {
        context.experiment().checkThresholds(this);
        return context;
    }
}

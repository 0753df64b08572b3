package dev.junitprompt.engine;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * A test of an experiment — an item run or the thresholds — with what every such test shares: the
 * method's source, so {@code -Dtest=Class#method} and IDE navigation find it, and a Surefire name that
 * carries the experiment, since an item or {@code thresholds} alone would repeat across a class's experiments.
 */
abstract class ExperimentTestDescriptor extends AbstractTestDescriptor implements Node<PromptEngineContext> {

    private final String legacyName;

    ExperimentTestDescriptor(UniqueId uniqueId, String displayName, ExperimentPlan plan) {
        this(uniqueId, displayName, plan.testClass(), plan.method(), plan.name());
    }

    ExperimentTestDescriptor(UniqueId uniqueId, String displayName, Class<?> testClass, java.lang.reflect.Method method,
            String experiment) {
        super(uniqueId, displayName, MethodSource.from(testClass, method));
        this.legacyName = experiment + " · " + displayName;
    }

    @Override
    public final String getLegacyReportingName() {
        return legacyName;
    }

    @Override
    public final Type getType() {
        return Type.TEST;
    }
}

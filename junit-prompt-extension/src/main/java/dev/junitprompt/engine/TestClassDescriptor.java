package dev.junitprompt.engine;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.hierarchical.Node;

/** A test class holding experiments; running it prepares the class's instance, model and evaluators. */
final class TestClassDescriptor extends AbstractTestDescriptor implements Node<PromptEngineContext> {

    static final String SEGMENT = "class";

    private final Class<?> testClass;

    TestClassDescriptor(UniqueId uniqueId, Class<?> testClass) {
        super(uniqueId, testClass.getSimpleName(), ClassSource.from(testClass));
        this.testClass = testClass;
    }

    Class<?> testClass() {
        return testClass;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    @Override
    public String getLegacyReportingName() {
        return testClass.getName();
    }

    @Override
    public PromptEngineContext before(PromptEngineContext context) {
        PromptEngineContext withClass = context.withTestClass(TestClassContext.create(testClass));
        if (!context.config().parallelExperiments()) {
            return withClass;
        }
        // Experiments run in parallel: start them all now; each experiment node then reports its own.
        Map<UniqueId, PromptEngineContext.StartedRun> started = new LinkedHashMap<>();
        for (TestDescriptor child : getChildren()) {
            if (child instanceof ExperimentDescriptor experiment && experiment.plan().problem().isEmpty()
                    && !experiment.runs().isEmpty()) {
                try {
                    started.put(child.getUniqueId(), new PromptEngineContext.StartedRun(
                            ExperimentExecution.start(experiment.plan(), withClass, experiment.runs()), null));
                } catch (Exception e) {
                    started.put(child.getUniqueId(), new PromptEngineContext.StartedRun(null, e));
                }
            }
        }
        return withClass.withStartedRuns(started);
    }
}

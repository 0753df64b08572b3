package dev.junitprompt.engine;


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
        return ExperimentDescriptor.startTogether(getChildren().stream().filter(ExperimentDescriptor.class::isInstance)
                .map(ExperimentDescriptor.class::cast).toList(), withClass, java.util.Optional.empty());
    }
}

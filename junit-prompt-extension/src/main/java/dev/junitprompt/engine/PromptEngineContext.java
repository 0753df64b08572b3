package dev.junitprompt.engine;

import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/**
 * What a node needs while it runs; each level adds its part: the class's instance and model, then the
 * running experiment.
 */
record PromptEngineContext(EngineConfig config, EngineExecutionListener listener, TestClassContext testClass,
        ExperimentRun experiment) implements EngineExecutionContext {

    PromptEngineContext withTestClass(TestClassContext testClass) {
        return new PromptEngineContext(config, listener, testClass, experiment);
    }

    PromptEngineContext withExperiment(ExperimentRun experiment) {
        return new PromptEngineContext(config, listener, testClass, experiment);
    }
}

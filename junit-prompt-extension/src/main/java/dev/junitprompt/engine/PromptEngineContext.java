package dev.junitprompt.engine;

import java.util.Map;

import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

import dev.junitprompt.model.RecordingLedger;
import dev.junitprompt.run.BackendBreaker;

/**
 * What a node needs while it runs; each level adds its part: the class's instance and model, the
 * experiment runs the class started ahead (when experiments run in parallel), then the running
 * experiment.
 */
record PromptEngineContext(EngineConfig config, EngineExecutionListener listener, RecordingLedger recordings,
        BackendBreaker backends, TestClassContext testClass, Map<UniqueId, StartedRun> startedRuns,
        ExperimentExecution experiment) implements EngineExecutionContext {

    PromptEngineContext(EngineConfig config, EngineExecutionListener listener) {
        this(config, listener, new RecordingLedger(), new BackendBreaker(), null, Map.of(), null);
    }

    PromptEngineContext withTestClass(TestClassContext testClass) {
        return new PromptEngineContext(config, listener, recordings, backends, testClass, Map.of(), experiment);
    }

    PromptEngineContext withStartedRuns(Map<UniqueId, StartedRun> startedRuns) {
        return new PromptEngineContext(config, listener, recordings, backends, testClass, Map.copyOf(startedRuns), experiment);
    }

    PromptEngineContext withExperiment(ExperimentExecution experiment) {
        return new PromptEngineContext(config, listener, recordings, backends, testClass, startedRuns, experiment);
    }

    /** An experiment run its class started ahead, or why it could not start (its own node fails with it). */
    record StartedRun(ExperimentExecution run, Exception failure) {
    }
}

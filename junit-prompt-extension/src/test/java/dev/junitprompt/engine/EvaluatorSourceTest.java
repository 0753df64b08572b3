package dev.junitprompt.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.cause;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.engine.fixtures.EvaluatorSourceExperiments;

class EvaluatorSourceTest {

    @TempDir
    Path work;

    @Test
    void evaluatorObjectsScoreEveryItemAndAThrowingOneErrorsOnlyItsItem() {
        EngineExecutionResults results = EngineKit.engine(work)
                .selectors(selectClass(EvaluatorSourceExperiments.class)).execute();

        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("case-001"), finishedSuccessfully()))
                .haveExactly(1, event(test("case-002"), finishedWithFailure(
                        instanceOf(ExperimentExecution.ItemErroredException.class),
                        message(m -> m.contains("judge unavailable")),
                        cause(instanceOf(IllegalStateException.class)))))
                .haveExactly(1, event(test("case-003"), finishedSuccessfully()))
                // the threshold names a score of an @EvaluatorSource evaluator; the errored item has none
                .haveExactly(1, event(test("thresholds"), finishedSuccessfully()));
    }
}

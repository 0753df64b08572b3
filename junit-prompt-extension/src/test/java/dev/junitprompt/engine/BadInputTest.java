package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

import dev.junitprompt.engine.fixtures.BadInputExperiments;

/** Every kind of bad input fails its own node with a message naming what to fix; the rest still runs. */
class BadInputTest {

    @TempDir
    Path work;

    private EngineExecutionResults runClass() {
        return EngineKit.engine(work).selectors(selectClass(BadInputExperiments.class)).execute();
    }

    private static Predicate<String> containsAll(String... parts) {
        return text -> {
            for (String part : parts) {
                if (!text.contains(part)) {
                    return false;
                }
            }
            return true;
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformedDataset       | malformed/test_cases.json: malformed JSON at line 3, column 41",
            "unknownDataset         | Unknown dataset 'no_such_dataset'; [duplicates, greetings, malformed, no_expected, tickets, weather]",
            "duplicateIds           | duplicate item ids [case-001]; duplicates/test_cases.json",
            "unknownTarget          | Unknown target 'no_such_target'; [bad_evaluator, echo_n, echo_n_loud, greet, greet_english, greet_judged, greet_missing_var, greet_models, greet_plain, greet_tool_judged, weather]",
            "unknownEvaluator       | Unknown evaluator 'sentiment_magic'; exact_match",
            "thresholdOutOfRange    | @Threshold mean = 1.5 is outside 0..1; thresholdOutOfRange",
            "evaluatorMinOutOfRange | @Evaluate(ExactMatch) min = 2.0 is outside 0..1",
            "unsupportedParameter   | parameter 'thread' of type Thread is not supported; inputs: [name, lang]",
            "versionOfALocalDataset | datasetVersion '2026-01-21T14:35:42Z' on local dataset 'greetings'; versioned by git",
    })
    void experimentFailsWithAClearMessage(String experiment, String expectedParts) {
        EngineExecutionResults results = runClass();

        results.testEvents().assertThatEvents().haveExactly(1, event(test(experiment),
                finishedWithFailure(message(containsAll(expectedParts.split("; "))))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"malformedDataset", "unknownDataset", "duplicateIds", "unknownTarget", "unknownEvaluator",
            "thresholdOutOfRange", "evaluatorMinOutOfRange", "unsupportedParameter", "versionOfALocalDataset"})
    void badExperimentIsAlsoADiscoveryWarningAtItsMethod(String experiment) {
        EngineDiscoveryResults discovery = EngineKit.engine(work)
                .selectors(selectClass(BadInputExperiments.class)).discover();

        assertThat(discovery.getDiscoveryIssues()).anySatisfy(issue -> {
            assertThat(issue.source()).hasValueSatisfying(source -> assertThat(source.toString()).contains(experiment));
            assertThat(issue.message()).contains("BadInputExperiments#" + experiment);
        });
    }

    @Test
    void badExperimentsDoNotStopTheOthers() {
        EngineExecutionResults results = runClass();

        results.containerEvents().assertThatEvents()
                .haveExactly(1, event(container("missingVariable"), finishedSuccessfully()))
                .haveExactly(1, event(container("itemWithoutExpected"), finishedSuccessfully()));
        results.testEvents().assertThatEvents().haveExactly(1,
                event(test("itemWithoutExpected"), test("with-expected"), finishedSuccessfully()));
    }

    @Test
    void missingTemplateVariableErrorsEachItemNamingVariableItemAndTarget() {
        EngineExecutionResults results = EngineKit.engine(work)
                .selectors(selectMethod(BadInputExperiments.class, "missingVariable")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(4).failed(3).succeeded(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("case-002"), finishedWithFailure(
                instanceOf(ExperimentExecution.ItemErroredException.class),
                message(containsAll("nickname", "item 'case-002'", "target 'greet_missing_var'", "name", "lang")))));
    }

    @Test
    void itemWithoutExpectedFailsOnlyTheEvaluatorsThatNeedIt() {
        EngineExecutionResults results = EngineKit.engine(work)
                .selectors(selectMethod(BadInputExperiments.class, "itemWithoutExpected")).execute();

        results.testEvents().assertThatEvents().haveExactly(1, event(test("without-expected"), finishedWithFailure(
                instanceOf(AssertionFailedError.class),
                message(containsAll("failed 1 check", "exact_match: Item 'without-expected' has no expected output",
                        "regex=true")))));
    }

    @Test
    void itemMissingFromExpectedJsonIsADiscoveryWarningNamingIt() {
        EngineDiscoveryResults discovery = EngineKit.engine(work)
                .selectors(selectMethod(BadInputExperiments.class, "itemWithoutExpected")).discover();

        assertThat(discovery.getDiscoveryIssues()).anySatisfy(issue -> assertThat(issue.message())
                .contains("no_expected/expected.json has no expected output for items [without-expected]"));
    }

    @Test
    void badConfigurationIsADiscoveryErrorNamingTheKey() {
        EngineDiscoveryResults discovery = EngineKit.engine(work)
                .configurationParameter("prompt.experiment.cache.mode", "sometimes")
                .selectors(selectClass(BadInputExperiments.class)).discover();

        assertThat(discovery.getDiscoveryIssues()).anySatisfy(issue -> assertThat(issue.message())
                .contains("prompt.experiment.cache.mode is 'sometimes'; use replay, record, auto or off"));
    }
}

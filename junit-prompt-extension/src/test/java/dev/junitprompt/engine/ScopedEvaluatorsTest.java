package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.api.Score;
import dev.junitprompt.engine.fixtures.GreetingModel;
import dev.junitprompt.engine.fixtures.ScopedEvaluatorExperiments;
import dev.junitprompt.results.RunRecord;

/** Evaluators belong to the experiments they name, under names of their own; a clash or a typo is said before any call. */
class ScopedEvaluatorsTest {

    @TempDir
    Path work;

    private EngineExecutionResults run(String experiment) {
        return EngineKit.engine(work).selectors(selectMethod(ScopedEvaluatorExperiments.class, experiment)).execute();
    }

    private RunRecord record(String experiment) throws Exception {
        try (Stream<Path> runs = Files.list(work.resolve("results").resolve(experiment))) {
            return RunRecord.read(runs.findFirst().orElseThrow().resolve(RunRecord.FILE_NAME));
        }
    }

    @Test
    void aSourceNamingAnExperimentScoresThatExperimentOnlyEachScoreUnderItsOwnName() throws Exception {
        run("greet").testEvents().assertStatistics(stats -> stats.failed(0));
        run("plain").testEvents().assertStatistics(stats -> stats.failed(0));

        assertThat(record("greet").results().get(0).scores()).extracting(Score::name).containsExactly("english", "french");
        assertThat(record("plain").results().get(0).scores()).isEmpty();
    }

    @Test
    void twoEvaluatorsOfOneNameFailTheExperimentAtDiscoveryNamingTheName() {
        var discovery = EngineKit.engine(work)
                .selectors(selectMethod(ScopedEvaluatorExperiments.class, "twoRegexes")).discover();

        assertThat(discovery.getDiscoveryIssues()).anySatisfy(issue -> assertThat(issue.message())
                .contains("several evaluators are named [regex]").contains("named("));
    }

    @Test
    void aThresholdOnAScoreNoEvaluatorGivesFailsTheExperimentBeforeAnyModelCall() {
        int callsBefore = GreetingModel.CALLS.get();

        EngineExecutionResults results = run("mistypedMetric");

        assertThat(GreetingModel.CALLS.get()).isEqualTo(callsBefore);
        assertThat(results.allEvents().failed().list()).singleElement().satisfies(event -> assertThat(event
                .getRequiredPayload(TestExecutionResult.class).getThrowable()).hasValueSatisfying(thrown -> assertThat(
                        thrown).hasMessageContaining("@Threshold metric 'regx' is not a score of any evaluator")
                                .hasMessageContaining("closest: [regex]")));
    }

    @Test
    void inAClassWithoutEvaluatorSourcesAMistypedMetricIsADiscoveryIssue() {
        var discovery = EngineKit.engine(work).selectors(selectMethod(
                dev.junitprompt.engine.fixtures.GreetingExperiments.class, "greet")).discover();
        assertThat(discovery.getDiscoveryIssues()).noneSatisfy(issue -> assertThat(issue.message())
                .contains("is not a score"));

        var mistyped = EngineKit.engine(work).selectors(selectMethod(
                dev.junitprompt.engine.fixtures.UnnamedModelExperiments.class, "mistypedMetric", "java.lang.String"))
                .discover();
        assertThat(mistyped.getDiscoveryIssues()).anySatisfy(issue -> assertThat(issue.message())
                .contains("@Threshold metric 'regx' is not a score of any evaluator").contains("closest: [regex]"));
    }

    @Test
    void anArgumentNamingAnInputTheItemsLackFailsTheExperimentAtDiscovery() {
        var discovery = EngineKit.engine(work)
                .selectors(selectMethod(ScopedEvaluatorExperiments.class, "unknownPlaceholder")).discover();

        assertThat(discovery.getDiscoveryIssues()).anySatisfy(issue -> assertThat(issue.message())
                .contains("evaluator contains: argument '{nickname}' names {nickname}")
                .contains("item 'case-001' of dataset 'greetings'").contains("its inputs: [name, lang]"));
    }
}

package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junitprompt.engine.fixtures.GreetingModel;
import dev.junitprompt.engine.fixtures.JudgingExperiments;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.results.Trace;

/** Evaluators that call a model do so through the run's recordings, and their calls are the item's. */
class EvaluationContextTest {

    @TempDir
    Path work;

    private RunRecord run(String cacheMode) throws Exception {
        EngineKit.engine(work).configurationParameter("prompt.experiment.cache.mode", cacheMode)
                .selectors(selectClass(JudgingExperiments.class)).execute()
                .testEvents().assertStatistics(stats -> stats.failed(0).aborted(0));
        try (Stream<Path> runs = Files.list(work.resolve("results/greet"))) {
            return RunRecord.read(runs.sorted().reduce((first, second) -> second).orElseThrow()
                    .resolve(RunRecord.FILE_NAME));
        }
    }

    @Test
    void anEvaluatorsModelCallsAreTracedOnItsEvaluationAndCountInTheItemsUsage() throws Exception {
        ItemResult first = run("off").results().get(0);

        Trace.Evaluation evaluation = first.trace().evaluations().get(0);
        assertThat(evaluation.evaluator()).isEqualTo("asks_the_model");
        assertThat(evaluation.score().value()).isEqualTo(1.0);
        assertThat(evaluation.calls()).singleElement().satisfies(call -> {
            assertThat(call.messages()).extracting(message -> message.content())
                    .containsExactly("Say hello to Judge in English.");
            assertThat(call.output()).isEqualTo("Hello, Judge!");
        });
        long targetTokens = first.trace().calls().get(0).usage().totalTokens();
        assertThat(first.usage().totalTokens()).isEqualTo(targetTokens + evaluation.calls().get(0).usage().totalTokens());
    }

    @Test
    void anEvaluatorsModelCallsAreRecordedAndReplayedLikeTheTargets() throws Exception {
        run("record");
        int callsWhenRecording = GreetingModel.CALLS.get();

        RunRecord replayed = run("replay");

        assertThat(GreetingModel.CALLS.get()).isEqualTo(callsWhenRecording);
        assertThat(replayed.results()).allSatisfy(result -> assertThat(result.trace().evaluations().get(0).calls())
                .singleElement().satisfies(call -> assertThat(call.replayed()).isTrue()));
    }
}

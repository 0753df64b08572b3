package dev.junitprompt.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.EvaluationContext;
import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.MissingBaselineOutputException;
import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.model.CacheMode;
import dev.junitprompt.model.RecordingLedger;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.RunInfo;

/** A variant's pairwise judges weigh its outputs against the reference variant's, which run alongside. */
class PairedOutputsTest {

    @TempDir
    Path work;

    private final DatasetItem first = item("i-1");
    private final DatasetItem second = item("i-2");

    private static DatasetItem item(String id) {
        return new DatasetItem("d", id, "", JsonNodeFactory.instance.objectNode(), null, null);
    }

    /** An evaluator that scores the other output it was given as its comment, or says it had none. */
    static Evaluator pairwise(CountDownLatch asking) {
        return new Evaluator() {
            @Override
            public String name() {
                return "preferred";
            }

            @Override
            public Score evaluate(PromptResult result) {
                throw new UnsupportedOperationException("needs the context");
            }

            @Override
            public Score evaluate(EvaluationContext context) {
                asking.countDown();
                String other = context.baselineOutput().orElseThrow(() -> new MissingBaselineOutputException(
                        context.item(), name()));
                return Score.of(name(), 0.5).withComment(other);
            }
        };
    }

    private ExperimentSetup.Builder setup(String experiment, List<DatasetItem> items, Task task, Evaluator evaluator) {
        return ExperimentSetup.builder(RunInfo.builder(experiment, "run").items(items).startedAt(Instant.now()).build())
                .task(task).evaluators(List.of(evaluator))
                .models(new ModelSettings(Map.of(), RetryPolicy.defaults(), CacheMode.OFF, work, Optional.empty(),
                        new RecordingLedger()))
                .concurrency(2).runs(items.stream().map(item -> new ScheduledRun(item, 1)).toList());
    }

    @Test
    void aVariantsJudgeWaitsForTheReferencesOutputOfTheItemAndTheReferenceLeavesItsScoreOut() {
        CountDownLatch variantAsking = new CountDownLatch(1);
        // The reference answers i-1 only once the variant's judge is asking for that answer.
        Task reference = (item, model) -> {
            if (item.id().equals("i-1") && !variantAsking.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the variant's judge never asked");
            }
            return "reference " + item.id();
        };
        ExperimentRun referenceRun = ExperimentRun.start(setup("e · a", List.of(first), reference,
                pairwise(new CountDownLatch(1))).reference().build(), PassRule.ALL, 0);
        ExperimentRun variantRun = ExperimentRun.start(setup("e · b", List.of(first, second),
                (item, model) -> "variant " + item.id(), pairwise(variantAsking)).pairedWith(referenceRun)
                .baselineOutputs(Map.of("i-2", "baseline i-2")).build(), PassRule.ALL, 0);

        ItemResult judged = variantRun.await(first, 1).result();
        ItemResult fromTheBaseline = variantRun.await(second, 1).result();
        ItemResult referenceResult = referenceRun.await(first, 1).result();
        referenceRun.record(referenceResult);

        assertThat(judged.score("preferred")).hasValueSatisfying(score -> assertThat(score.comment())
                .isEqualTo("reference i-1"));
        // The reference does not run i-2: its other output is the baseline's.
        assertThat(fromTheBaseline.score("preferred")).hasValueSatisfying(score -> assertThat(score.comment())
                .isEqualTo("baseline i-2"));
        assertThat(referenceResult.status()).isEqualTo(ItemResult.Status.PASSED);
        assertThat(referenceResult.scores()).isEmpty();
        assertThat(referenceResult.trace().evaluations()).singleElement().satisfies(evaluation -> assertThat(
                evaluation.error()).contains("reference variant"));
        assertThat(referenceRun.finish().summary().notes()).containsExactly("pairwise judge preferred left 1 item "
                + "runs of this variant unscored: it is the reference the other variants are weighed against");
        variantRun.finish();
    }

    @Test
    void aRunWithNothingToWeighAgainstErrorsTheItemSayingHowToGetABaseline() {
        ExperimentRun run = ExperimentRun.start(setup("e", List.of(first), (item, model) -> "out",
                pairwise(new CountDownLatch(1))).build(), PassRule.ALL, 0);

        ItemResult result = run.await(first, 1).result();
        run.finish();

        assertThat(result.status()).isEqualTo(ItemResult.Status.ERRORED);
        assertThat(result.failures()).singleElement().satisfies(failure -> assertThat(failure.message())
                .contains("compares with the baseline's output for item 'i-1'", "prompt.experiment.baseline.update"));
    }
}

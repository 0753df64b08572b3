package dev.junitprompt.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.model.CacheMode;
import dev.junitprompt.model.RecordingLedger;
import dev.junitprompt.results.RunInfo;

/** An experiment's variants share one budget, which interleaves their item runs. */
class RunBudgetTest {

    @TempDir
    Path work;

    private final List<DatasetItem> items = List.of(item("i-1"), item("i-2"), item("i-3"));

    private static DatasetItem item(String id) {
        return new DatasetItem("d", id, "", JsonNodeFactory.instance.objectNode(), null, null);
    }

    private ExperimentSetup.Builder setup(String experiment, List<DatasetItem> runs, Task task, RunBudget budget) {
        return ExperimentSetup.builder(RunInfo.builder(experiment, "run").items(runs).startedAt(Instant.now()).build())
                .task(task).models(new ModelSettings(Map.of(), RetryPolicy.defaults(), CacheMode.OFF, work,
                        Optional.empty(), new RecordingLedger()))
                .concurrency(8).runs(runs.stream().map(item -> new ScheduledRun(item, 1)).toList()).budget(budget);
    }

    @Test
    void twoVariantsItemRunsTakeTurnsInOneBudget() {
        List<String> ran = new CopyOnWriteArrayList<>();
        try (RunBudget budget = RunBudget.held("e", 1)) {
            ExperimentRun a = ExperimentRun.start(setup("e · a", items, (item, model) -> {
                ran.add("a " + item.id());
                return "a";
            }, budget).build(), PassRule.ALL, 0);
            ExperimentRun b = ExperimentRun.start(setup("e · b", items, (item, model) -> {
                ran.add("b " + item.id());
                return "b";
            }, budget).build(), PassRule.ALL, 0);
            budget.open();

            items.forEach(item -> b.await(item, 1));
            items.forEach(item -> a.await(item, 1));
            a.finish();
            b.finish();
        }

        // Eight each would be allowed on their own; together the two get the budget's one, item by item.
        assertThat(ran).containsExactly("a i-1", "b i-1", "a i-2", "b i-2", "a i-3", "b i-3");
    }

    @Test
    void anOpenBudgetStartsWhatIsHandedInAtOnce() {
        try (RunBudget budget = RunBudget.of("e", 2)) {
            ExperimentRun a = ExperimentRun.start(setup("e", items, (item, model) -> "out " + item.id(), budget)
                    .build(), PassRule.ALL, 0);

            assertThat(items).allSatisfy(item -> assertThat(a.await(item, 1).result().output())
                    .isEqualTo("out " + item.id()));
            a.finish();
        }
    }

    @Test
    @Timeout(30)
    void aVariantsItemWaitsBehindTheReferencesRunOfItEvenWhenItRunsFewerItems() {
        try (RunBudget budget = RunBudget.held("e", 1)) {
            ExperimentRun reference = ExperimentRun.start(setup("e · a", items, (item, model) -> "a " + item.id(),
                    budget).reference().build(), PassRule.ALL, 0);
            // The variant runs only i-3: its one item run must not take the one thread before the reference's i-3.
            ExperimentRun variant = ExperimentRun.start(setup("e · b", List.of(items.get(2)),
                    (item, model) -> "b " + item.id(), budget)
                    .evaluators(List.of(PairedOutputsTest.pairwise(new CountDownLatch(1)))).pairedWith(reference)
                    .build(), PassRule.ALL, 0);
            budget.open();

            assertThat(variant.await(items.get(2), 1).result().score("preferred")).hasValueSatisfying(score ->
                    assertThat(score.comment()).isEqualTo("a i-3"));
            items.forEach(item -> reference.await(item, 1));
            reference.finish();
            variant.finish();
        }
    }
}

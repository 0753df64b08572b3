package dev.junitprompt.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.model.CacheMode;
import dev.junitprompt.model.RecordingLedger;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.results.RunInfo;

class SinkOpeningTest {

    @TempDir
    Path work;

    /** A sink whose start waits for the other's: it can only start when both start at once. */
    private static ResultSink meeting(String name, CyclicBarrier both) {
        return new ResultSink() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Recorder open(RunInfo run) throws Exception {
                // A deadline, not a pause: if the sinks opened one after the other, this would give up.
                both.await(30, TimeUnit.SECONDS);
                return new Recorder() {
                    @Override
                    public void record(ItemResult result) {
                    }

                    @Override
                    public String finish(ExperimentSummary summary) {
                        return name + " finished";
                    }
                };
            }
        };
    }

    @Test
    void theSinksOfARunOpenSideBySide() {
        CyclicBarrier both = new CyclicBarrier(2);
        DatasetItem item = new DatasetItem("d", "i-1", "", JsonNodeFactory.instance.objectNode(), null, null);
        ExperimentSetup setup = ExperimentSetup.builder(RunInfo.builder("e", "run").items(List.of(item))
                .startedAt(Instant.now()).build())
                .task((ignored, model) -> "out")
                .models(new ModelSettings(Map.of(), RetryPolicy.defaults(), CacheMode.OFF, work, Optional.empty(),
                        new RecordingLedger()))
                .concurrency(1).runs(List.of(new ScheduledRun(item, 1)))
                .sinks(List.of(meeting("first", both), meeting("second", both))).build();

        ExperimentRun run = ExperimentRun.start(setup, PassRule.ALL, 0);
        run.record(run.await(item, 1).result());
        ExperimentRun.Finished finished = run.finish();

        assertThat(finished.summary().notes()).isEmpty();
        assertThat(finished.summary().links()).containsExactlyInAnyOrder("first finished", "second finished");
    }

    @Test
    void itemsStartWhileTheSinksOpen() {
        java.util.concurrent.CountDownLatch itemStarted = new java.util.concurrent.CountDownLatch(1);
        ResultSink slow = new ResultSink() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public Recorder open(RunInfo run) throws Exception {
                // A deadline, not a pause: a sink that opened before the items started would give up here.
                if (!itemStarted.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no item started while the sink opened");
                }
                return new Recorder() {
                    @Override
                    public void record(ItemResult result) {
                    }

                    @Override
                    public String finish(ExperimentSummary summary) {
                        return "slow finished";
                    }
                };
            }
        };
        DatasetItem item = new DatasetItem("d", "i-1", "", JsonNodeFactory.instance.objectNode(), null, null);
        ExperimentSetup setup = ExperimentSetup.builder(RunInfo.builder("e", "run").items(List.of(item))
                .startedAt(Instant.now()).build())
                .task((ignored, model) -> {
                    itemStarted.countDown();
                    return "out";
                })
                .models(new ModelSettings(Map.of(), RetryPolicy.defaults(), CacheMode.OFF, work, Optional.empty(),
                        new RecordingLedger()))
                .concurrency(1).runs(List.of(new ScheduledRun(item, 1))).sinks(List.of(slow)).build();

        ExperimentRun run = ExperimentRun.start(setup, PassRule.ALL, 0);
        run.record(run.await(item, 1).result());

        assertThat(run.finish().summary().links()).containsExactly("slow finished");
    }
}

package dev.junitprompt.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

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
import dev.junitprompt.results.Spool;

/** What a run owes its remote sinks is spooled, marked as they take it, and sent again when they did not. */
class SpoolTest {

    @TempDir
    Path work;

    /**
     * A remote backend that keeps what it was sent, by item id (a second send of an item overwrites, as the real ones
     * do with their derived ids), and counts each send. It can be set to fail from a given item on, or to be slow.
     */
    private static class RemoteBackend implements ResultSink {

        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<String> flushedAt = new CopyOnWriteArrayList<>();
        final List<String> finished = new CopyOnWriteArrayList<>();
        /** Whether each item run it was given was whole (its trace kept), as it was sent: by item id. */
        final Map<String, Boolean> whole = new java.util.concurrent.ConcurrentHashMap<>();
        volatile int failFrom = Integer.MAX_VALUE;
        volatile int opens;
        /** Whether only its first recorder fails: the backend is well again when the run tries it anew. */
        volatile boolean healsOnReopen;
        /** How long each item takes it, on the sink's clock. */
        volatile Duration perItem = Duration.ZERO;

        @Override
        public String name() {
            return "remote";
        }

        @Override
        public boolean remote() {
            return true;
        }

        @Override
        public Recorder open(RunInfo run) {
            opens++;
            boolean failing = !healsOnReopen || opens == 1;
            List<String> queued = new ArrayList<>();
            return new Recorder() {
                @Override
                public void record(ItemResult result) throws Exception {
                    int number = Integer.parseInt(result.item().id().substring("i-".length()));
                    if (failing && number >= failFrom) {
                        throw new java.io.IOException("HTTP 503 from the remote at " + result.item().id());
                    }
                    if (!perItem.isZero()) {
                        // The backend's own slowness, which is what the budget is for; not a wait for the test.
                        Thread.sleep(perItem.toMillis());
                    }
                    queued.add(result.item().id());
                    whole.put(result.item().id(), !result.trace().start().equals(Instant.EPOCH));
                }

                @Override
                public void flush() {
                    sent.addAll(queued);
                    flushedAt.add(String.valueOf(sent.size()));
                    queued.clear();
                }

                @Override
                public String finish(ExperimentSummary summary) {
                    flush();
                    finished.add(summary.results().size() + " runs");
                    return "remote: run recorded";
                }
            };
        }
    }

    private final List<DatasetItem> items = IntStream.rangeClosed(1, 120).mapToObj(i -> new DatasetItem("d",
            "i-" + i, "", JsonNodeFactory.instance.objectNode().put("n", i), null, null)).toList();

    private ExperimentSetup setup(List<DatasetItem> runItems, RemoteBackend remote, Duration budget) {
        return ExperimentSetup.builder(RunInfo.builder("e", "run-1").items(runItems)
                .startedAt(Instant.parse("2026-12-01T10:00:00Z")).build())
                .task((item, model) -> "out " + item.id())
                .models(new ModelSettings(Map.of(), RetryPolicy.defaults(), CacheMode.OFF, work, Optional.empty(),
                        new RecordingLedger()))
                .concurrency(4).runs(runItems.stream().map(item -> new ScheduledRun(item, 1)).toList())
                .sinks(List.of(remote)).spool(spool()).backendBudget(budget).build();
    }

    private ExperimentRun.Finished run(RemoteBackend remote, Duration budget) {
        ExperimentSetup setup = setup(items, remote, budget);
        ExperimentRun run = ExperimentRun.start(setup, PassRule.ALL, 0);
        items.forEach(item -> run.record(run.await(item, 1).result()));
        return run.finish();
    }

    private Path spool() {
        return work.resolve("results/e/run-1").resolve(Spool.FILE_NAME);
    }

    @Test
    void aSinkIsFlushedEveryCheckpointAndTheSpoolIsDeletedOnceItHasTheWholeRun() {
        RemoteBackend remote = new RemoteBackend();

        ExperimentRun.Finished finished = run(remote, Duration.ZERO);

        assertThat(remote.flushedAt).startsWith("50", "100").contains("120");
        assertThat(remote.sent).hasSize(120).doesNotHaveDuplicates();
        assertThat(remote.finished).containsExactly("120 runs");
        assertThat(finished.summary().notes()).isEmpty();
        assertThat(spool()).doesNotExist();
    }

    @Test
    void aSinkThatFailsMidRunIsSentWhatItLacksAnewFromTheSpoolAtTheEnd() {
        RemoteBackend remote = new RemoteBackend();
        remote.failFrom = 70;
        // The backend is well again when the run ends: its second recorder takes everything.
        remote.healsOnReopen = true;

        ExperimentRun.Finished finished = run(remote, Duration.ZERO);

        assertThat(remote.opens).isEqualTo(2);
        // Items 1–50 were delivered before the failure and not sent again; 51–69 were queued, lost, and re-sent.
        assertThat(remote.sent).hasSize(120).doesNotHaveDuplicates();
        assertThat(remote.finished).containsExactly("120 runs");
        assertThat(finished.summary().notes()).containsExactly("remote failed mid-run and was sent the run again from "
                + "its spool at the end: its record is complete");
        assertThat(spool()).doesNotExist();
    }

    @Test
    void aSinkThatStaysDownLeavesWhatItLacksInTheSpoolWithTheCommandThatSendsIt() throws Exception {
        RemoteBackend remote = new RemoteBackend();
        remote.failFrom = 70;

        ExperimentRun.Finished finished = run(remote, Duration.ZERO);

        assertThat(remote.sent).hasSize(50);
        Path folder = spool().toAbsolutePath().getParent();
        assertThat(finished.summary().notes()).contains("remote lacks 70 of the run's 120 item runs, kept in "
                + folder.resolve(Spool.FILE_NAME) + "; send them later with `mvn junit-prompt:upload-spool "
                + "-Djunitprompt.spool=" + folder + "` or the CLI's `upload-spool " + folder + "`");
        Spool.Pending pending = Spool.read(folder);
        assertThat(pending.undelivered("remote")).extracting(result -> result.item().id())
                .containsExactlyElementsOf(items.subList(50, 120).stream().map(DatasetItem::id).toList());
        assertThat(pending.summary()).isPresent();

        // Later, the backend is well: the spool sends it the rest, and the run's end, once.
        remote.failFrom = Integer.MAX_VALUE;
        try (Spool spool = Spool.reopen(pending)) {
            assertThat(spool.deliver(remote)).isEqualTo("remote: run recorded");
        }
        assertThat(remote.sent).hasSize(120).doesNotHaveDuplicates();
        assertThat(remote.finished).containsExactly("120 runs");
        // Sent whole from the spool's lines, not as the compact results a read of it keeps.
        assertThat(remote.whole).hasSize(120).doesNotContainValue(false);
        assertThat(spool()).doesNotExist();
    }

    @Test
    void aSinkPastItsTimeBudgetIsSentNothingMoreAndTheRunDoesNotWaitForIt() {
        RemoteBackend remote = new RemoteBackend();
        remote.perItem = Duration.ofMillis(5);

        ExperimentRun.Finished finished = run(remote, Duration.ofMillis(100));

        assertThat(remote.sent.size()).isLessThan(120);
        assertThat(finished.summary().notes()).anySatisfy(note -> assertThat(note).startsWith(
                "remote spent its time budget of 100 ms (prompt.experiment.backends.budget-ms) and was sent nothing more"));
        assertThat(finished.summary().notes()).anySatisfy(note -> assertThat(note).startsWith("remote lacks "));
        assertThat(Spool.read(spool()).undelivered("remote")).hasSize(120 - Spool.read(spool()).delivered()
                .getOrDefault("remote", 0));
    }

    @Test
    void aSpoolCutShortByAKillIsSentWithASummaryOfWhatItHolds() throws Exception {
        RunInfo info = RunInfo.builder("e", "run-1").items(items).startedAt(Instant.now()).build();
        Spool spool = Spool.create(spool(), info, List.of("remote", "other"));
        spool.add(ItemResult.builder(items.get(0)).output("out").build());
        // Killed here: no summary, no close; the last line cut in half.
        Files.writeString(spool(), "{\"type\":\"item\",\"item\":\"i-", java.nio.file.StandardOpenOption.APPEND);

        RemoteBackend remote = new RemoteBackend();
        try (Spool reopened = Spool.reopen(Spool.read(spool()))) {
            reopened.deliver(remote);
        }

        assertThat(remote.sent).containsExactly("i-1");
        assertThat(remote.finished).containsExactly("1 runs");
        // The half line is gone, not buried under the marks: the spool still reads, owing the other backend its run.
        Spool.Pending after = Spool.read(spool());
        assertThat(after.complete("remote")).isTrue();
        assertThat(after.undelivered("other")).hasSize(1);
    }

    @Test
    void aBackendThatNeverAnswersCostsItsBudgetOnceAndLeavesTheWholeRunSpooled() {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        RemoteBackend silent = new RemoteBackend() {
            @Override
            public Recorder open(RunInfo run) {
                try {
                    // A server that takes the connection and never answers; the latch is never counted down.
                    never.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.open(run);
            }
        };

        ExperimentRun.Finished finished = run(silent, Duration.ofMillis(200));

        assertThat(finished.summary().results()).hasSize(120);
        assertThat(finished.summary().notes()).anySatisfy(note -> assertThat(note).isEqualTo("remote could not start "
                + "the run: it did not start within its time budget (prompt.experiment.backends.budget-ms)"));
        assertThat(Spool.read(spool()).undelivered("remote")).hasSize(120);
        never.countDown();
    }

    @Test
    void aSinkSlowerThanTheRunFallsBehindAndIsSentTheRestFromTheSpoolSoItsQueueStaysBounded() throws Exception {
        java.util.concurrent.CountDownLatch recordedAll = new java.util.concurrent.CountDownLatch(1);
        RemoteBackend slow = new RemoteBackend() {
            @Override
            public Recorder open(RunInfo run) {
                Recorder recorder = super.open(run);
                boolean first = opens == 1;
                return new Recorder() {
                    @Override
                    public void record(ItemResult result) throws Exception {
                        if (first) {
                            // Slower than the run: its first item is taken only once the run has recorded all of them.
                            assertThat(recordedAll.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                        }
                        recorder.record(result);
                    }

                    @Override
                    public void flush() throws Exception {
                        recorder.flush();
                    }

                    @Override
                    public String finish(ExperimentSummary summary) throws Exception {
                        return recorder.finish(summary);
                    }
                };
            }
        };
        List<DatasetItem> many = IntStream.rangeClosed(1, SinkChannel.BACKLOG + 200).mapToObj(i -> new DatasetItem("d",
                "i-" + i, "", JsonNodeFactory.instance.objectNode().put("n", i), null, null)).toList();
        ExperimentRun run = ExperimentRun.start(setup(many, slow, Duration.ZERO), PassRule.ALL, 0);
        many.forEach(item -> run.record(run.await(item, 1).result()));
        recordedAll.countDown();

        ExperimentRun.Finished finished = run.finish();

        assertThat(slow.opens).isEqualTo(2);
        assertThat(slow.sent).hasSize(many.size()).doesNotHaveDuplicates();
        assertThat(slow.finished).containsExactly(many.size() + " runs");
        assertThat(finished.summary().notes()).containsExactly("remote fell more than " + SinkChannel.BACKLOG
                + " item runs behind the run and was sent the rest from its spool at the end: its record is complete");
        assertThat(spool()).doesNotExist();
    }
}

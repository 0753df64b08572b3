package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.engine.fixtures.GreetingExperiments;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.results.RunRecordException;
import dev.junitprompt.sync.SyncCli;

/**
 * merge-reports: the shards of a CI matrix joined give the run an unsharded run would have — every item once, the same
 * threshold verdicts — in a run record and reports of their own, and a failed threshold fails the merge.
 */
class ShardMergeTest {

    private static final DiscoverySelector[] EXPERIMENTS = {selectMethod(GreetingExperiments.class, "greet"),
            selectMethod(GreetingExperiments.class, "shout", "java.lang.String")};

    @TempDir
    Path work;

    /** Runs the experiments as shard {@code shard} (empty: unsharded) into {@code <work>/<name>/results}. */
    private Path run(String name, String shard) {
        var kit = EngineKit.engine(work.resolve(name));
        if (!shard.isEmpty()) {
            kit.configurationParameter("prompt.experiment.shard", shard);
        }
        kit.selectors(EXPERIMENTS).execute();
        return work.resolve(name).resolve("results");
    }

    private static List<RunRecord> records(Path folder, String experiment) throws IOException {
        Path experimentFolder = folder.resolve(experiment);
        if (!Files.isDirectory(experimentFolder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(experimentFolder)) {
            return files.filter(file -> file.getFileName().toString().equals(RunRecord.FILE_NAME)).sorted()
                    .map(RunRecord::read).toList();
        }
    }

    private static List<String> itemIds(RunRecord record) {
        return record.run().items().stream().map(DatasetItem::id).toList();
    }

    @Test
    void theMergedShardsHoldEveryItemOnceAndTheThresholdsOfTheUnshardedRun() throws IOException {
        RunRecord whole = records(run("whole", ""), "greet").get(0);
        // As a CI merge job has them: each shard's results (its artifact) in a folder of its own. Shard 3 has no item,
        // so it writes nothing.
        List<Path> shards = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            shards.add(run("shards/shard-" + i, i + "/3"));
        }
        // Shard by shard: disjoint, and together every item.
        List<String> sharded = new ArrayList<>();
        for (Path shard : shards) {
            records(shard, "greet").forEach(record -> sharded.addAll(itemIds(record)));
        }
        assertThat(sharded).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(itemIds(whole));
        assertThat(shards.get(2)).doesNotExist();

        ShardMerge.Result merged = ShardMerge.merge(List.of(work.resolve("shards")), new dev.junitprompt.backend.local.LocalResultSink(work.resolve("merged")));

        RunRecord greet = records(work.resolve("merged"), "greet").get(0);
        assertThat(itemIds(greet)).containsExactlyElementsOf(itemIds(whole));
        assertThat(greet.results()).extracting(result -> result.item().id() + " " + result.status())
                .containsExactlyInAnyOrderElementsOf(whole.results().stream()
                        .map(result -> result.item().id() + " " + result.status()).toList());
        assertThat(greet.summary().map(ExperimentSummary::thresholds).orElseThrow()).isNotEmpty()
                .containsExactlyElementsOf(whole.summary().orElseThrow().thresholds());
        assertThat(greet.summary().orElseThrow().passRate()).isEqualTo(whole.summary().orElseThrow().passRate());
        assertThat(greet.run().settings()).doesNotContainKey("shard")
                .containsEntry("threshold.1", "mean=0.9 metric=exact_match");
        assertThat(greet.summary().orElseThrow().notes()).anySatisfy(note -> assertThat(note)
                .startsWith("merged from shards 1/3, 2/3"));
        Path runFolder = Files.list(work.resolve("merged").resolve("greet"))
                .filter(path -> !path.getFileName().toString().startsWith("latest")).findFirst().orElseThrow();
        assertThat(runFolder.resolve("report.md")).content().contains("mean exact_match");
        assertThat(runFolder.resolve("report.html")).exists();
        assertThat(work.resolve("merged").resolve("index.html")).exists();

        // greet's mean exact_match falls short, unsharded and merged alike; shout's pass rate holds.
        assertThat(merged.held()).isFalse();
        assertThat(merged.missed()).singleElement().asString().startsWith("greet: ✗ mean exact_match 0.67 < 0.90");
        assertThat(merged.lines()).anySatisfy(line -> assertThat(line).startsWith("shout: 2 of 3 shards, 3 items"));
        assertThat(records(work.resolve("merged"), "shout").get(0).summary().orElseThrow().thresholds())
                .containsExactlyElementsOf(records(work.resolve("whole").resolve("results"), "shout").get(0)
                        .summary().orElseThrow().thresholds());
    }

    @Test
    void theCommandExitsNonZeroWhenAThresholdFallsShortAndZeroWhenAllHold() throws IOException {
        List<Path> shards = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            shards.add(run("shard-" + i, i + "/3"));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = SyncCli.run(new String[] {"merge-reports", "--out", work.resolve("merged").toString(),
                shards.get(0).toString(), shards.get(1).toString()}, Map.of(),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("thresholds missed over the merged shards: greet: ✗ "
                + "mean exact_match 0.67 < 0.90");

        // Only shout's records: its pass rate holds over every item.
        Path shoutOnly = work.resolve("shout-only");
        for (Path shard : shards.subList(0, 2)) {
            copy(shard.resolve("shout"), shoutOnly.resolve(shard.getParent().getFileName().toString()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(SyncCli.run(new String[] {"merge-reports", "--out", work.resolve("merged-shout").toString(),
                shoutOnly.toString()}, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("shout: ", "✓ pass rate 1.00 ≥ 1.00");
    }

    @Test
    void aThresholdReadsBackFromItsSettingWithEveryBound() {
        ExperimentThreshold every = new ExperimentThreshold("judge score", 0.8, 0.5, 0.9, 0.25, 1200, 10_000, 0.05);
        ExperimentThreshold passRate = new ExperimentThreshold("", Double.NaN, Double.NaN, 1.0, Double.NaN, -1, -1,
                Double.NaN);

        assertThat(every.setting()).isEqualTo("mean=0.8 min=0.5 pass_rate=0.9 max_cost=0.25 max_latency_p95_ms=1200 "
                + "max_tokens=10000 max_regression=0.05 metric=judge score");
        assertThat(ExperimentThreshold.ofSetting(every.setting(), "r")).isEqualTo(every);
        assertThat(ExperimentThreshold.ofSetting(passRate.setting(), "r")).isEqualTo(passRate);
        assertThatThrownBy(() -> ExperimentThreshold.ofSetting("mean=high metric=x", "results.jsonl"))
                .hasMessageStartingWith("results.jsonl: threshold 'mean=high metric=x' has a bound that is not a number");
    }

    @Test
    void shardsOfDifferentMatricesAreRefusedNamingTheirFiles() throws IOException {
        Path thirds = run("thirds", "1/3");
        Path halves = run("halves", "2/2");

        assertThatThrownBy(() -> ShardMerge.merge(List.of(thirds, halves), new dev.junitprompt.backend.local.LocalResultSink(work.resolve("merged"))))
                .isInstanceOf(RunRecordException.class)
                .hasMessageContaining("is shard 1/3 but")
                .hasMessageContaining("is shard 2/2; merge the shards of one CI run");
        Path empty = Files.createDirectories(work.resolve("empty"));
        assertThatThrownBy(() -> ShardMerge.merge(List.of(empty), new dev.junitprompt.backend.local.LocalResultSink(work.resolve("merged"))))
                .isInstanceOf(RunRecordException.class).hasMessageStartingWith("No run record (results.jsonl) under");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }
}

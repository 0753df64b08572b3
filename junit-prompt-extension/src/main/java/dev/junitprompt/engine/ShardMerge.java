package dev.junitprompt.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apiguardian.api.API;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.results.RunInfo;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.results.RunRecordException;

/**
 * Joins the run records of a CI matrix's shards ({@code prompt.experiment.shard=i/n}) into one run record per
 * experiment, with report.md, report.html and index.html beside it, and checks the experiment's thresholds again over
 * all its items: what {@code merge-reports} (the sync command line and the Maven goal) does.
 *
 * <pre>{@code
 * ShardMerge.Result merged = ShardMerge.merge(List.of(Path.of("shard-1"), Path.of("shard-2")),
 *         new LocalResultSink(Path.of("merged")));
 * merged.held();   // false when a threshold fell short over the shards' items together
 * }</pre>
 *
 * <p>Each folder is searched for run records ({@code results.jsonl}); of each experiment, the newest record of each
 * shard is taken. The thresholds are the ones the shards recorded in their run headers ({@code threshold.N}); a
 * {@code maxRegression} bound has no baseline here and a run evaluator's score (F1…) is per shard, so neither is
 * checked again (the report says so).
 */
@API(status = API.Status.INTERNAL)
public final class ShardMerge {

    /** Where merged runs go unless told otherwise. */
    public static final String DEFAULT_OUT = "target/prompt-experiments-merged";

    private ShardMerge() {
    }

    /**
     * What the merge did.
     *
     * @param lines  one line per merged experiment (its shards, items, pass rate and report) and one per threshold
     *               verdict, for the console
     * @param missed the thresholds that fell short, with the experiment's name; empty when every one held
     */
    @API(status = API.Status.INTERNAL)
    public record Result(List<String> lines, List<String> missed) {

        /** Whether every experiment's thresholds held over all its items. */
        public boolean held() {
            return missed.isEmpty();
        }
    }

    /**
     * Merges the shards' records found under {@code folders} into {@code out}.
     *
     * @throws RunRecordException naming the files when a record cannot be read, when the shards of an experiment do
     *                            not belong together (different shard counts or thresholds) or overlap (an item in two
     *                            shards), or when there is no record at all
     */
    public static Result merge(List<Path> folders, ResultSink out) {
        Map<String, Map<Integer, Found>> byExperiment = new TreeMap<>();
        for (Path folder : folders) {
            for (Path file : records(folder)) {
                RunRecord record = RunRecord.read(file);
                Found found = new Found(file, record, Shard.parse(record.run().settings().get("shard")));
                byExperiment.computeIfAbsent(record.run().experiment(), name -> new TreeMap<>())
                        .merge(found.shard().index(), found, ShardMerge::newer);
            }
        }
        if (byExperiment.isEmpty()) {
            throw new RunRecordException("No run record (" + RunRecord.FILE_NAME + ") under " + folders
                    + ": give the folders the shards wrote their results to (prompt.experiment.results.dir, by default "
                    + "target/prompt-experiments)");
        }
        List<String> lines = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        byExperiment.forEach((experiment, shards) -> mergeExperiment(experiment, List.copyOf(shards.values()), out,
                lines, missed));
        return new Result(List.copyOf(lines), List.copyOf(missed));
    }

    /** A shard's record, the file it was read from, and which shard it is. */
    private record Found(Path file, RunRecord record, Shard shard) {
    }

    private static Found newer(Found one, Found other) {
        return Comparator.comparing((Found found) -> found.record().run().startedAt())
                .thenComparing(found -> found.file().toString()).compare(one, other) >= 0 ? one : other;
    }

    private static void mergeExperiment(String experiment, List<Found> shards, ResultSink out, List<String> lines,
            List<String> missed) {
        Found first = shards.get(0);
        RunInfo header = first.record().run();
        int count = first.shard().count();
        Map<String, String> thresholdSettings = thresholdSettings(header);
        Map<String, Found> owners = new LinkedHashMap<>();
        for (Found shard : shards) {
            if (shard.shard().count() != count) {
                throw new RunRecordException("Experiment " + experiment + ": " + first.file() + " is shard "
                        + first.shard() + " but " + shard.file() + " is shard " + shard.shard() + "; merge the shards "
                        + "of one CI run");
            }
            if (!thresholdSettings(shard.record().run()).equals(thresholdSettings)) {
                throw new RunRecordException("Experiment " + experiment + ": " + first.file() + " and " + shard.file()
                        + " hold different thresholds " + thresholdSettings.values() + " and "
                        + thresholdSettings(shard.record().run()).values() + "; merge the shards of one CI run");
            }
            for (DatasetItem item : shard.record().run().items()) {
                Found owner = owners.putIfAbsent(item.id(), shard);
                if (owner != null) {
                    throw new RunRecordException("Experiment " + experiment + ": item " + item.id() + " is in "
                            + owner.file() + " (shard " + owner.shard() + ") and in " + shard.file() + " (shard "
                            + shard.shard() + "); the shards of one run never share an item, so these are of "
                            + "different runs or datasets");
                }
            }
        }
        List<ItemResult> results = new ArrayList<>();
        List<DatasetItem> items = new ArrayList<>();
        shards.forEach(shard -> {
            results.addAll(shard.record().results());
            items.addAll(shard.record().run().items());
        });
        // The dataset's own order is not in the shards' records; by id it is the same for every merge.
        results.sort(Comparator.comparing((ItemResult result) -> result.item().id())
                .thenComparingInt(ItemResult::repetition));
        items.sort(Comparator.comparing(DatasetItem::id));

        RunInfo.Builder merged = RunInfo.builder(experiment, header.settings().getOrDefault("run_id", header.runId()))
                .testClass(header.testClass()).dataset(header.dataset(), header.datasetSource(), header.datasetVersion())
                .items(items).target(header.target()).prompt(header.prompt()).model(header.model())
                .startedAt(shards.stream().map(shard -> shard.record().run().startedAt()).min(Comparator.naturalOrder())
                        .orElse(header.startedAt()))
                .gitCommit(header.gitCommit());
        header.settings().forEach((key, value) -> {
            if (!key.equals("shard")) {
                merged.setting(key, value);
            }
        });
        RunInfo info = merged.build();

        Optional<ExperimentSummary> firstSummary = shards.stream().map(shard -> shard.record().summary())
                .flatMap(Optional::stream).findFirst();
        PassRule rule = firstSummary.map(ExperimentSummary::rule).orElse(PassRule.ALL);
        int atLeast = firstSummary.map(ExperimentSummary::atLeast).orElse(0);
        double passTarget = firstSummary.map(ExperimentSummary::passTarget).orElse(0.8);
        List<String> notes = notes(shards, count);
        LinkedHashSet<String> links = new LinkedHashSet<>();
        shards.forEach(shard -> shard.record().summary().ifPresent(summary -> links.addAll(summary.links())));

        ExperimentSummary unchecked = ExperimentSummary.builder(experiment).results(results).passRule(rule, atLeast)
                .passTarget(passTarget).notes(notes).links(List.copyOf(links)).build();
        List<String> verdicts = new ArrayList<>();
        boolean runScores = shards.stream().anyMatch(shard -> shard.record().summary()
                .map(summary -> !summary.runScores().isEmpty()).orElse(false));
        if (!thresholdSettings.isEmpty() && !results.isEmpty()
                && unchecked.count(ItemResult.Status.ERRORED) == results.size()) {
            String line = "✗ all " + results.size() + " item runs errored, so the thresholds cannot be judged";
            verdicts.add(line);
            missed.add(experiment + ": " + line);
        } else {
            thresholdSettings.forEach((key, setting) -> {
                ExperimentThreshold threshold = threshold(setting, experiment, first.file());
                if (runScores && !threshold.metric().isEmpty() && unchecked.results().stream()
                        .noneMatch(result -> result.score(threshold.metric()).isPresent())) {
                    verdicts.add("? " + threshold.metric() + ": a run evaluator's score, given per shard; not checked "
                            + "over the merged items");
                    return;
                }
                for (ExperimentThreshold.Verdict verdict : threshold.check(unchecked)) {
                    verdicts.add(verdict.line());
                    if (!verdict.held() && !verdict.inconclusive()) {
                        missed.add(experiment + ": " + verdict.line());
                    }
                }
            });
        }
        ExperimentSummary summary = ExperimentSummary.builder(experiment).results(results).thresholds(verdicts)
                .passRule(rule, atLeast).passTarget(passTarget).notes(notes).links(List.copyOf(links)).build();
        String report = write(out, info, summary);
        lines.add(experiment + ": " + shards.size() + " of " + count + " shards, " + summary.itemIds().size()
                + " items, pass rate " + dev.junitprompt.results.Format.score(summary.passRate()) + " → " + report);
        verdicts.forEach(verdict -> lines.add("  " + verdict));
    }

    /** The shards' notes but their own shard notes, then which shards were merged and which had no record. */
    private static List<String> notes(List<Found> shards, int count) {
        LinkedHashSet<String> notes = new LinkedHashSet<>();
        for (Found shard : shards) {
            shard.record().summary().ifPresentOrElse(summary -> summary.notes().stream()
                    .filter(note -> !note.startsWith("shard ")).forEach(notes::add),
                    () -> notes.add("shard " + shard.shard() + " did not finish: its record holds the items it ran"));
        }
        List<String> merged = shards.stream().map(shard -> shard.shard().toString()).toList();
        notes.add("merged from shards " + String.join(", ", merged) + " (merge-reports)");
        List<String> absent = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (!merged.contains(i + "/" + count)) {
                absent.add(i + "/" + count);
            }
        }
        if (!absent.isEmpty()) {
            notes.add("no record of shards " + String.join(", ", absent) + ": they had no item of this experiment, or "
                    + "their results were not given to merge-reports");
        }
        return List.copyOf(notes);
    }

    /** The run header's {@code threshold.N} settings, in order. */
    private static Map<String, String> thresholdSettings(RunInfo run) {
        Map<String, String> thresholds = new LinkedHashMap<>();
        for (int n = 1; run.settings().containsKey(ExperimentThreshold.settingKey(n)); n++) {
            thresholds.put(ExperimentThreshold.settingKey(n), run.settings().get(ExperimentThreshold.settingKey(n)));
        }
        return thresholds;
    }

    private static ExperimentThreshold threshold(String setting, String experiment, Path file) {
        try {
            return ExperimentThreshold.ofSetting(setting, file.toString());
        } catch (IllegalArgumentException e) {
            throw new RunRecordException("Experiment " + experiment + ": " + e.getMessage(), e);
        }
    }

    /** Records the merged run as a run of its own (in local files: results.jsonl, report.md, report.html, the index). */
    private static String write(ResultSink out, RunInfo info, ExperimentSummary summary) {
        try {
            ResultSink.Recorder recorder = out.open(info);
            try {
                for (ItemResult result : summary.results()) {
                    recorder.record(result);
                }
                return recorder.finish(summary);
            } finally {
                recorder.close();
            }
        } catch (Exception e) {
            throw new RunRecordException("Cannot write the merged run of " + info.experiment() + " to " + out.name()
                    + ": " + e, e);
        }
    }

    /** The run records under {@code folder}, in a stable order; {@code latest} links are not followed. */
    private static List<Path> records(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new RunRecordException("No folder " + folder.toAbsolutePath().normalize() + " to merge");
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.getFileName().toString().equals(RunRecord.FILE_NAME))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + folder + ": " + e.getMessage(), e);
        }
    }
}

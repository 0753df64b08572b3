package dev.junitprompt.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apiguardian.api.API;

import dev.junitprompt.api.DatasetItem;

/**
 * A finished (or interrupted) run read back from its {@code results.jsonl}: the run's header, every item
 * run recorded, and the summary when the run got to write it. The file is the run's whole record; what
 * reads it — reports, comparisons, re-sending to a backend — sees the same objects the run had.
 *
 * <pre>{@code
 * RunRecord run = RunRecord.read(Path.of("target/prompt-experiments/prepGenerate/20250101T120000Z/results.jsonl"));
 * run.summary().map(ExperimentSummary::passRate);
 * }</pre>
 *
 * @param run     the run's header
 * @param results the item runs in the order they were recorded
 * @param summary the run-level summary, empty when the run ended before writing it
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RunRecord(RunInfo run, List<ItemResult> results, Optional<ExperimentSummary> summary) {

    /** The file name of a run record in its run folder. */
    public static final String FILE_NAME = "results.jsonl";

    public RunRecord {
        Objects.requireNonNull(run, "run");
        results = List.copyOf(results);
        summary = summary == null ? Optional.empty() : summary;
    }

    /**
     * Reads a run record.
     *
     * @throws RunRecordException naming the file and line when it is not a run record
     */
    public static RunRecord read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read run record " + file + ": " + e.getMessage(), e);
        }
        return parse(lines, file.toString());
    }

    /**
     * The item runs of a run record whose item ids {@code items} accepts, read line by line: what a report details
     * of a run too large to hold whole. The lines of other items are not decoded, so not checked either.
     *
     * @throws RunRecordException naming the file and line when a line is not part of a run record
     */
    public static List<ItemResult> readResults(Path file, java.util.function.Predicate<String> items) {
        List<ItemResult> results = new ArrayList<>();
        try (java.io.BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                Optional<String> id = line.isBlank() ? Optional.empty() : RunRecordCodec.itemId(line);
                if (line.isBlank() || id.isPresent() && !items.test(id.get())) {
                    continue; // an item run not asked for is not decoded
                }
                if (RunRecordCodec.decode(line, file + " line " + number) instanceof RunRecordCodec.ItemLine item
                        && items.test(item.result().item().id())) {
                    results.add(item.result());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read run record " + file + ": " + e.getMessage(), e);
        }
        return results;
    }

    /**
     * Parses the lines of a run record.
     *
     * @param origin the file the lines come from, for messages
     */
    public static RunRecord parse(List<String> lines, String origin) {
        RunRecordCodec.Header header = null;
        List<ItemResult> results = new ArrayList<>();
        RunRecordCodec.SummaryLine summaryLine = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = origin + " line " + (i + 1);
            RunRecordCodec.Line parsed = RunRecordCodec.decode(line, where);
            if (header == null && !(parsed instanceof RunRecordCodec.Header)) {
                throw new RunRecordException(where + ": a run record starts with its \"run\" line; is this a "
                        + "results.jsonl written by an older junit-prompt? Run the experiment again to get one");
            }
            if (parsed instanceof RunRecordCodec.Header found) {
                if (header != null) {
                    throw new RunRecordException(where + ": a second \"run\" line; a run record holds one run");
                }
                header = found;
            } else if (parsed instanceof RunRecordCodec.ItemLine item) {
                results.add(item.result());
            } else if (parsed instanceof RunRecordCodec.SummaryLine summary) {
                summaryLine = summary;
            }
        }
        if (header == null) {
            throw new RunRecordException(origin + " is empty: it holds no run");
        }
        RunInfo run = header.withItems(items(header.itemIds(), results, header.info().dataset()));
        Optional<ExperimentSummary> summary = summaryLine == null ? Optional.empty()
                : Optional.of(summaryLine.summary(run.experiment(), results));
        return new RunRecord(run, results, summary);
    }

    /** The run's items: as its item lines hold them; an item that never ran is known by its id alone. */
    private static List<DatasetItem> items(List<String> ids, List<ItemResult> results, String dataset) {
        Map<String, DatasetItem> seen = new LinkedHashMap<>();
        results.forEach(result -> seen.putIfAbsent(result.item().id(), result.item()));
        return ids.stream().map(id -> seen.getOrDefault(id, new DatasetItem(dataset, id, "", null, null, null)))
                .toList();
    }

    /** The record as its file holds it, line by line: write, read, write again gives the same bytes. */
    public String toJsonLines() {
        StringBuilder out = new StringBuilder(RunRecordCodec.encode(run)).append('\n');
        results.forEach(result -> out.append(RunRecordCodec.encode(result)).append('\n'));
        summary.ifPresent(value -> out.append(RunRecordCodec.encode(value)).append('\n'));
        return out.toString();
    }
}

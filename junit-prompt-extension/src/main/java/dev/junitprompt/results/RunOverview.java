package dev.junitprompt.results;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apiguardian.api.API;

import dev.junitprompt.api.DatasetItem;

/**
 * A run at a glance: its record's header and the figures its summary line holds, read from the first and the
 * last line of {@code results.jsonl} alone. What lists many runs reads, where {@link RunRecord#read} would
 * decode every item of every run (a 10,000-item run's record is tens of megabytes).
 *
 * <pre>{@code
 * RunOverview run = RunOverview.read(folder.resolve(RunRecord.FILE_NAME));
 * run.figures().map(RunOverview.Figures::passRate);   // empty: the run was interrupted, or is still running
 * }</pre>
 *
 * @param run     the run's header; its items are known by their ids alone
 * @param figures the summary's figures, empty when the record has no summary line (yet)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RunOverview(RunInfo run, Optional<Figures> figures) {

    public RunOverview {
        Objects.requireNonNull(run, "run");
        figures = figures == null ? Optional.empty() : figures;
    }

    /**
     * The figures of a finished run, as its summary line holds them.
     *
     * @param items      items that ran
     * @param runs       item runs (more than items with repetitions)
     * @param passed     runs that passed
     * @param failed     runs that failed
     * @param errored    runs that errored
     * @param passRate   share of items that passed by the pass rule
     * @param cost       total cost of the runs whose price is known
     * @param thresholds one line per experiment threshold with its verdict
     */
    public record Figures(int items, int runs, long passed, long failed, long errored, double passRate, double cost,
            List<String> thresholds) {

        public Figures {
            thresholds = List.copyOf(thresholds);
        }
    }

    /**
     * Reads the header and the summary's figures of a run record.
     *
     * @throws RunRecordException naming the file when its first line is no run header, or its summary is malformed
     */
    public static RunOverview read(Path file) {
        String first;
        String last;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            first = firstLine(in);
            last = lastLine(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read run record " + file + ": " + e.getMessage(), e);
        }
        if (first.isBlank()) {
            throw new RunRecordException(file + " is empty: it holds no run");
        }
        if (!(RunRecordCodec.decode(first, file + " line 1") instanceof RunRecordCodec.Header header)) {
            throw new RunRecordException(file + " line 1: a run record starts with its \"run\" line");
        }
        String dataset = header.info().dataset();
        RunInfo run = header.withItems(header.itemIds().stream()
                .map(id -> new DatasetItem(dataset, id, "", null, null, null)).toList());
        return new RunOverview(run, last == null ? Optional.empty()
                : RunRecordCodec.figures(last, file + " (its last line)"));
    }

    private static String firstLine(RandomAccessFile in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        in.seek(0);
        for (int read = in.read(chunk); read > 0; read = in.read(chunk)) {
            for (int i = 0; i < read; i++) {
                if (chunk[i] == '\n') {
                    line.write(chunk, 0, i);
                    return line.toString(StandardCharsets.UTF_8);
                }
            }
            line.write(chunk, 0, read);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** The last non-empty line, or {@code null} when that is the first line (a record of its header alone). */
    private static String lastLine(RandomAccessFile in) throws IOException {
        long end = in.length();
        byte[] chunk = new byte[8192];
        // Past the newline that ends the record.
        while (end > 0) {
            in.seek(end - 1);
            int last = in.read();
            if (last != '\n' && last != '\r') {
                break;
            }
            end--;
        }
        long start = end;
        search:
        while (start > 0) {
            int size = (int) Math.min(chunk.length, start);
            in.seek(start - size);
            in.readFully(chunk, 0, size);
            for (int i = size - 1; i >= 0; i--) {
                if (chunk[i] == '\n') {
                    start = start - size + i + 1;
                    break search;
                }
            }
            start -= size;
        }
        if (start == 0) {
            return null;
        }
        byte[] line = new byte[(int) (end - start)];
        in.seek(start);
        in.readFully(line);
        return new String(line, StandardCharsets.UTF_8);
    }
}

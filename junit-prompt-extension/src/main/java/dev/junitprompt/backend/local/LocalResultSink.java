package dev.junitprompt.backend.local;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apiguardian.api.API;

import dev.junitprompt.report.HtmlReport;
import dev.junitprompt.report.MarkdownReport;
import dev.junitprompt.report.RunIndex;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.results.RunInfo;
import dev.junitprompt.results.RunFolders;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.results.RunRecordWriter;

/**
 * Writes {@code <dir>/<experiment>/<run>/results.jsonl}, the run's whole record (its header, a line per
 * item run written as the item finishes, so a crash keeps what ran, and the summary; see {@link RunRecord}),
 * and at the end of the run {@code report.md} and {@code report.html} beside it, and {@code <dir>/index.html}
 * listing every run.
 */
@API(status = API.Status.INTERNAL)
public final class LocalResultSink implements ResultSink {

    /**
     * The item runs after which {@code report.md} and {@code report.html} are first written, showing those runs
     * as the run goes on. Rendering them once, on the sink's own thread while the run waits on its model calls, is
     * also what makes the final reports quick: on a fresh JVM the first rendering is mostly class loading and
     * interpreted code (0.26 s of 0.3 s for 500 items).
     */
    static final int IN_PROGRESS_AFTER = 50;

    private final Path directory;

    public LocalResultSink(Path directory) {
        this.directory = directory;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Recorder open(RunInfo run) throws IOException {
        Path folder = createRunFolder(RunFolders.experimentFolder(directory, run.experiment()), run.runId());
        RunRecordWriter record = RunRecordWriter.create(folder.resolve(RunRecord.FILE_NAME), run);
        List<String> problems = new CopyOnWriteArrayList<>();
        return new Recorder() {
            /** The first item runs, compact, until the in-progress reports are written; null when they never are. */
            private List<ItemResult> firstRuns = writesInProgress(run) ? new ArrayList<>() : null;

            @Override
            public synchronized void record(ItemResult result) throws IOException {
                record.write(result);
                if (firstRuns != null) {
                    firstRuns.add(result.compact());
                    if (firstRuns.size() >= IN_PROGRESS_AFTER) {
                        writeInProgress(run, firstRuns, folder, record.file());
                        firstRuns = null;
                    }
                }
            }

            @Override
            public boolean finishesLast() {
                return true;
            }

            @Override
            public void close() {
                try {
                    record.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("Cannot close " + record.file(), e);
                }
            }

            @Override
            public List<String> problems() {
                return problems;
            }

            /** Returns the path of {@code report.html}, the report a person opens ({@code report.md} without it). */
            @Override
            public String finish(ExperimentSummary summary) throws IOException {
                record.write(summary);
                record.close();
                Path markdown = Files.writeString(folder.resolve("report.md"), MarkdownReport.render(run, summary));
                Path report = folder.resolve(HtmlReport.FILE_NAME);
                // The record and report.md are written: a page or a list of runs that could not be is said as a
                // problem of the run, not a failure of its record.
                try (Writer out = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
                    // The summary's results are compact: what the page details it reads whole from the record.
                    HtmlReport.write(run, summary, record.file(), out);
                } catch (IOException | RuntimeException e) {
                    problems.add(HtmlReport.FILE_NAME + " of run " + run.runId() + " not written: " + e);
                    Files.deleteIfExists(report); // not the in-progress page of the run's first item runs
                    report = markdown;
                }
                pointLatestAt(folder);
                try {
                    RunIndex.write(directory);
                } catch (IOException | RuntimeException e) {
                    problems.add(RunIndex.FILE_NAME + " of " + directory + " not written: " + e);
                }
                return report.toString();
            }
        };
    }

    /**
     * Whether the run gets in-progress reports: not when its first item runs are most of it (they would be rendered
     * twice for nothing at its end), nor with repetitions, whose items' verdicts wait for all their runs.
     */
    private static boolean writesInProgress(RunInfo run) {
        return run.items().size() > 2 * IN_PROGRESS_AFTER && run.settings().getOrDefault("repetitions", "1").equals("1");
    }

    /** The reports of the run's first item runs, said to be in progress; written again when the run ends. */
    private static void writeInProgress(RunInfo run, List<ItemResult> firstRuns, Path folder, Path recordFile) {
        ExperimentSummary soFar = ExperimentSummary.builder(run.experiment()).results(firstRuns)
                .notes(List.of("in progress: the run's first " + firstRuns.size() + " item runs; this report is "
                        + "written again when the run ends"))
                .build();
        try {
            Files.writeString(folder.resolve("report.md"), MarkdownReport.render(run, soFar));
            try (Writer out = Files.newBufferedWriter(folder.resolve(HtmlReport.FILE_NAME), StandardCharsets.UTF_8)) {
                HtmlReport.write(run, soFar, recordFile, out);
            }
        } catch (IOException | RuntimeException e) {
            // Said, but not a problem of the run: the final reports are written over them all the same.
            System.err.println("[prompt-experiment] " + run.experiment() + ": the in-progress reports of run "
                    + run.runId() + " in " + folder + " were not written (" + e + "); they are written when the run ends");
        }
    }

    /**
     * {@code <experiment>/latest} → the run folder, so the last run is always at one path (a link, swapped in
     * by rename so a reader never finds it missing); where links cannot be made, {@code latest.txt} names it.
     */
    private static void pointLatestAt(Path folder) throws IOException {
        Path latest = folder.resolveSibling("latest");
        Path next = folder.resolveSibling(".latest-" + folder.getFileName());
        try {
            Files.deleteIfExists(next);
            Files.createSymbolicLink(next, folder.getFileName());
            Files.move(next, latest, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (UnsupportedOperationException | IOException | SecurityException noLinks) {
            Files.deleteIfExists(next);
            Files.writeString(folder.resolveSibling("latest.txt"), folder.getFileName() + "\n");
        }
    }

    /**
     * The run's folder: the one the engine {@linkplain RunFolders#reserve reserved} for it (it holds no run record
     * yet), else a fresh one by {@link RunFolders#reserve}.
     */
    private static Path createRunFolder(Path parent, String runId) throws IOException {
        Path reserved = parent.resolve(runId);
        if (Files.isDirectory(reserved) && !Files.exists(reserved.resolve(RunRecord.FILE_NAME))) {
            return reserved;
        }
        return RunFolders.reserve(parent, runId);
    }
}

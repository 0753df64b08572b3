package dev.junitprompt.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.junitprompt.api.Constants;
import dev.junitprompt.results.RunFolders;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.results.RunRecordException;

/**
 * Where an experiment's baseline is, by {@link Constants#BASELINE}: the committed record
 * {@code <baselines.dir>/<experiment>.jsonl}, the experiment's previous run, or a named run. A baseline that is
 * missing or unreadable is a note, never a failed run.
 */
final class Baselines {

    /** A baseline found: its record, and what it is for people. */
    record Found(RunRecord record, String label) {
    }

    private final EngineConfig config;

    Baselines(EngineConfig config) {
        this.config = config;
    }

    /** The committed baseline file of {@code experiment}. */
    Path file(String experiment) {
        return config.baselinesDir().resolve(RunFolders.safe(experiment) + ".jsonl");
    }

    /**
     * The baseline of a run of {@code experiment} about to start, or empty (with a note when one was asked for and
     * not found).
     */
    Optional<Found> find(String experiment, Consumer<String> note) {
        String mode = config.baseline();
        if (mode.equals("none")) {
            return Optional.empty();
        }
        if (mode.equals("auto")) {
            Path file = file(experiment);
            return Files.isRegularFile(file) ? read(file, file.toString(), note) : Optional.empty();
        }
        Path runs = RunFolders.experimentFolder(config.resultsDir(), experiment);
        List<String> earlier = runFolders(runs);
        if (mode.equals("last")) {
            if (earlier.isEmpty()) {
                note.accept("no earlier run of " + experiment + " in " + runs + " to compare with ("
                        + Constants.BASELINE + "=last)");
                return Optional.empty();
            }
            String last = earlier.get(earlier.size() - 1);
            return read(runs.resolve(last).resolve(RunRecord.FILE_NAME), "run " + last, note);
        }
        if (!earlier.contains(mode)) {
            note.accept(Constants.BASELINE + " names run '" + mode + "', which " + runs + " does not have; its runs: "
                    + earlier + " (or use auto, last or none)");
            return Optional.empty();
        }
        return read(runs.resolve(mode).resolve(RunRecord.FILE_NAME), "run " + mode, note);
    }

    /** The record of {@code experiment}'s last run under {@code resultsDir} (its newest run folder), if any. */
    static Optional<Path> lastRecord(Path resultsDir, String experiment) {
        Path runs = RunFolders.experimentFolder(resultsDir, experiment);
        List<String> earlier = runFolders(runs);
        return earlier.isEmpty() ? Optional.empty()
                : Optional.of(runs.resolve(earlier.get(earlier.size() - 1)).resolve(RunRecord.FILE_NAME));
    }

    /** The run folders that hold a record, oldest first (their names are times). */
    private static List<String> runFolders(Path runs) {
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(runs)) {
            return folders.filter(folder -> Files.isRegularFile(folder.resolve(RunRecord.FILE_NAME)))
                    .map(folder -> folder.getFileName().toString()).filter(name -> !name.startsWith("latest"))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<Found> read(Path file, String label, Consumer<String> note) {
        try {
            return Optional.of(new Found(RunRecord.read(file), label));
        } catch (RunRecordException e) {
            note.accept("baseline " + label + " cannot be read, so this run is compared with nothing: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes {@code record} as the experiment's committed baseline, for review in a pull request. */
    Path update(String experiment, RunRecord record) throws IOException {
        Path file = file(experiment);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, record.toJsonLines());
    }
}

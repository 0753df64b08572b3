package dev.junitprompt.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.junitprompt.api.Constants;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.RunFolders;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.results.RunRecordException;

/**
 * {@code prompt.experiment.resume} for one experiment: the earlier run it continues, and that run's item runs that
 * are complete (passed or failed: an errored one runs again, as a run cut short errors its items).
 *
 * @param record  the run resumed, as its record holds it
 * @param folder  its run folder, which the resumed run writes to again
 * @param results its complete item runs, in the order they were recorded
 */
record Resume(RunRecord record, Path folder, List<ItemResult> results) {

    /**
     * The run to resume, when one is asked for and found; else empty, said to {@code note}.
     *
     * @throws ExperimentConfigurationException when the run asked for is not there or cannot be read: resuming
     *                                          something else would run, and pay for, what the user meant to skip
     */
    static Optional<Resume> of(EngineConfig config, String experiment, Consumer<String> note) {
        String asked = config.resume();
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        Path runs = RunFolders.experimentFolder(config.resultsDir(), experiment);
        Path folder;
        if (asked.equals("latest")) {
            Optional<Path> last = lastRun(runs);
            if (last.isEmpty()) {
                note.accept(Constants.RESUME + "=latest: no earlier run of " + experiment + " in " + runs
                        + ", so every item ran");
                return Optional.empty();
            }
            folder = last.get();
        } else {
            folder = runs.resolve(RunFolders.safe(asked));
            if (!isRun(folder)) {
                throw new ExperimentConfigurationException(Constants.RESUME + " names run '" + asked + "', but "
                        + folder.resolve(RunRecord.FILE_NAME) + " does not exist; use latest or the name of a folder in "
                        + runs);
            }
        }
        // A resume that was stopped before it wrote a record of its own left only the record it set aside.
        Path file = folder.resolve(RunRecord.FILE_NAME);
        Path before = folder.resolve(BEFORE_RESUME);
        RunRecord record;
        try {
            record = RunRecord.read(Files.isRegularFile(file) ? file : before);
        } catch (RunRecordException | java.io.UncheckedIOException e) {
            throw new ExperimentConfigurationException(Constants.RESUME + ": the run to resume cannot be read: "
                    + e.getMessage());
        }
        // What an earlier resume of the same run had before it: a kill right after it started keeps it only there.
        Map<String, ItemResult> complete = new LinkedHashMap<>();
        if (Files.isRegularFile(before) && Files.isRegularFile(file)) {
            try {
                keepComplete(RunRecord.read(before).results(), complete);
            } catch (RunRecordException | java.io.UncheckedIOException e) {
                note.accept(Constants.RESUME + ": " + before + " cannot be read (" + e.getMessage() + "); resuming "
                        + "from " + file + " alone");
            }
        }
        keepComplete(record.results(), complete);
        return Optional.of(new Resume(record, folder, new ArrayList<>(complete.values())));
    }

    /** Whether {@code folder} holds a run: its record, or the one a resume set aside. */
    private static boolean isRun(Path folder) {
        return Files.isRegularFile(folder.resolve(RunRecord.FILE_NAME)) || Files.isRegularFile(folder.resolve(BEFORE_RESUME));
    }

    /** The newest run folder of an experiment (their names are times), a resume's that was stopped included. */
    private static Optional<Path> lastRun(Path runs) {
        if (!Files.isDirectory(runs)) {
            return Optional.empty();
        }
        try (java.util.stream.Stream<Path> folders = Files.list(runs)) {
            return folders.filter(folder -> !folder.getFileName().toString().startsWith("latest")).filter(Resume::isRun)
                    .max(java.util.Comparator.comparing(folder -> folder.getFileName().toString()));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The complete item runs this run may take as they are: refused when the run resumed ran another prompt or model
     * (its outputs are not this run's to report); an item whose input or expected output changed since runs again.
     *
     * @throws ExperimentConfigurationException naming what differs
     */
    List<ItemResult> resumable(dev.junitprompt.results.RunInfo now, Consumer<String> note) {
        dev.junitprompt.results.RunInfo then = record.run();
        if (!then.prompt().hash().equals(now.prompt().hash()) || !then.model().equals(now.model())) {
            throw new ExperimentConfigurationException(Constants.RESUME + ": run " + then.runId() + " ran prompt "
                    + then.prompt().hash() + " on " + then.model().name() + ", this run has prompt " + now.prompt().hash()
                    + " on " + now.model().name() + "; its outputs are not this prompt's. Run without "
                    + Constants.RESUME + " (a new run), or undo the change to resume it");
        }
        Map<String, dev.junitprompt.api.DatasetItem> items = new java.util.HashMap<>();
        now.items().forEach(item -> items.put(item.id(), item));
        List<ItemResult> same = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (ItemResult result : results) {
            dev.junitprompt.api.DatasetItem current = items.get(result.item().id());
            if (current != null && java.util.Objects.equals(current.inputs(), result.item().inputs())
                    && java.util.Objects.equals(current.expected(), result.item().expected())) {
                same.add(result);
            } else if (current != null) {
                changed.add(current.id());
            }
        }
        if (!changed.isEmpty()) {
            note.accept(Constants.RESUME + ": " + changed.size() + " items changed since run " + then.runId()
                    + " and run again: " + String.join(", ", changed.stream().limit(10).toList())
                    + (changed.size() > 10 ? " …" : ""));
        }
        return same;
    }

    /** The name the run record of a resumed run is kept under while the resumed run writes its own. */
    static final String BEFORE_RESUME = "results.before-resume.jsonl";

    private static void keepComplete(List<ItemResult> results, Map<String, ItemResult> complete) {
        for (ItemResult result : results) {
            if (result.status() == ItemResult.Status.PASSED || result.status() == ItemResult.Status.FAILED) {
                complete.put(result.item().id() + "#" + result.repetition(), result);
            }
        }
    }

    /**
     * Sets the run's record aside ({@value #BEFORE_RESUME}, with every complete item run it and an earlier set-aside
     * record hold), so the resumed run writes a record of its own in the same folder: until it has reported them
     * all again, the set-aside record still holds them.
     */
    void setAside() throws java.io.IOException {
        Path record = folder.resolve(RunRecord.FILE_NAME);
        Path aside = folder.resolve(BEFORE_RESUME);
        Path next = folder.resolve(BEFORE_RESUME + ".new");
        Files.writeString(next, new RunRecord(this.record.run(), results, Optional.empty()).toJsonLines());
        Files.move(next, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(record);
        // Superseded: the resumed run sends its backends every item run again (with the same ids) and spools anew.
        Files.deleteIfExists(folder.resolve(dev.junitprompt.results.Spool.FILE_NAME));
    }

    /** What the run's notes say: which run was resumed and how much of it was kept. */
    String note(int taken, int scheduled) {
        return Constants.RESUME + ": resumed run " + record.run().runId() + "; " + taken + " of its " + scheduled
                + " item runs were complete and were not run again";
    }
}

package dev.junitprompt.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import org.apiguardian.api.API;

/**
 * Where runs are kept under a results folder: {@code <results>/<experiment>/<run>/} holding {@link RunRecord#FILE_NAME},
 * and {@code <experiment>/latest} pointing at the last finished run (or {@code latest.txt} naming it where links
 * cannot be made). The local backend writes this layout; what looks back at earlier runs reads it here.
 */
@API(status = API.Status.INTERNAL)
public final class RunFolders {

    /** The link to the last finished run, in its experiment's folder. */
    public static final String LATEST = "latest";

    /** Where links cannot be made: a file naming the last finished run's folder. */
    public static final String LATEST_FILE = "latest.txt";

    private RunFolders() {
    }

    /** The folder of {@code experiment}'s runs: its name with characters a file name cannot hold as {@code _}. */
    public static Path experiment(Path results, String experiment) {
        return results.resolve(experiment.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    /**
     * The record of {@code experiment}'s last finished run: the one {@code latest} points at, else the newest
     * run folder with a record; empty when it has none.
     */
    public static Optional<Path> lastRecord(Path results, String experiment) {
        Path folder = experiment(results, experiment);
        Path linked = folder.resolve(LATEST).resolve(RunRecord.FILE_NAME);
        if (Files.isRegularFile(linked)) {
            return Optional.of(linked);
        }
        try {
            if (Files.isRegularFile(folder.resolve(LATEST_FILE))) {
                Path named = folder.resolve(Files.readString(folder.resolve(LATEST_FILE)).strip())
                        .resolve(RunRecord.FILE_NAME);
                if (Files.isRegularFile(named)) {
                    return Optional.of(named);
                }
            }
            if (!Files.isDirectory(folder)) {
                return Optional.empty();
            }
            // Run ids are UTC timestamps: the newest sorts last.
            try (Stream<Path> runs = Files.list(folder)) {
                return runs.filter(run -> Files.isDirectory(run, LinkOption.NOFOLLOW_LINKS))
                        .filter(run -> !run.getFileName().toString().startsWith("."))
                        .map(run -> run.resolve(RunRecord.FILE_NAME)).filter(Files::isRegularFile)
                        .max(Comparator.comparing(record -> record.getParent().getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look for the last run of " + experiment + " in " + folder + ": "
                    + e.getMessage(), e);
        }
    }
}

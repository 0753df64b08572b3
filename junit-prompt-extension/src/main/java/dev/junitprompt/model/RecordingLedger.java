package dev.junitprompt.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apiguardian.api.API;

/**
 * The recordings one test run used, by folder: what tells, at the end of the run, which recordings
 * nothing used any more — left by a prompt edit, a changed parameter, an item removed — so they can be
 * listed, or pruned on request. Thread-safe.
 */
@API(status = API.Status.INTERNAL)
public final class RecordingLedger {

    private final Map<Path, Set<Path>> used = new ConcurrentHashMap<>();

    /** A recording was replayed or written. */
    void used(Path file) {
        used.computeIfAbsent(file.getParent().toAbsolutePath().normalize(), folder -> ConcurrentHashMap.newKeySet())
                .add(file.toAbsolutePath().normalize());
    }

    /** A folder was looked in, even if nothing in it was used. */
    void looked(Path folder) {
        used.computeIfAbsent(folder.toAbsolutePath().normalize(), key -> ConcurrentHashMap.newKeySet());
    }

    /** The recordings in the folders this run looked in that it did not use, by folder, sorted. */
    public Map<Path, List<Path>> unused() {
        Map<Path, List<Path>> unused = new TreeMap<>();
        used.forEach((folder, files) -> {
            if (!Files.isDirectory(folder)) {
                return;
            }
            try (Stream<Path> entries = Files.list(folder)) {
                List<Path> stale = new ArrayList<>(entries.map(path -> path.toAbsolutePath().normalize())
                        .filter(path -> path.getFileName().toString().endsWith(".json") && !files.contains(path))
                        .sorted().toList());
                if (!stale.isEmpty()) {
                    unused.put(folder, stale);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list recordings in " + folder + ": " + e.getMessage(), e);
            }
        });
        return unused;
    }
}

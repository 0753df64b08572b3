package dev.junitprompt.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.apiguardian.api.API;

import dev.junitprompt.backend.Backend;
import dev.junitprompt.backend.BackendContext;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.results.RunRecordException;
import dev.junitprompt.results.Spool;

/**
 * Sends what runs owe their backends, from their spools ({@code upload-spool}): for each spool, each backend it
 * names is sent the item runs it lacks and the run's end, with the same ids as the first time (what the backend
 * already had is overwritten, not copied). A spool every backend then has is deleted.
 *
 * <pre>{@code
 * upload-spool target/prompt-experiments/greet/20261201T101500Z   # one run
 * upload-spool target/prompt-experiments                          # every spool under it
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class SpoolUpload {

    private final Map<String, String> environment;

    /** @param environment where the backends read their hosts and keys */
    public SpoolUpload(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Sends every spool in or under {@code paths}.
     *
     * @return a line per backend and run sent
     * @throws SyncException when there is no spool, or a backend could not take what it lacks (after the others
     *                       were sent theirs); the spool then keeps it
     */
    public List<String> upload(List<Path> paths) {
        List<Path> spools = new ArrayList<>();
        for (Path path : paths) {
            spools.addAll(spools(path));
        }
        if (spools.isEmpty()) {
            throw new SyncException("no " + Spool.FILE_NAME + " in or under " + paths + ": nothing is owed to a backend "
                    + "(a run's spool is deleted once its backends have it all)");
        }
        List<String> lines = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Path file : spools) {
            upload(file, lines, failures);
        }
        if (!failures.isEmpty()) {
            throw new SyncException(String.join("; ", failures) + " (the spools keep it: run upload-spool again)");
        }
        return lines;
    }

    private void upload(Path file, List<String> lines, List<String> failures) {
        Spool.Pending pending;
        try {
            pending = Spool.read(file);
        } catch (RunRecordException e) {
            failures.add(e.getMessage());
            return;
        }
        String run = pending.run().experiment() + " run " + pending.run().runId();
        try (Spool spool = Spool.reopen(pending)) {
            for (String backend : pending.backends()) {
                if (pending.complete(backend)) {
                    continue;
                }
                Optional<ResultSink> sink = sink(backend, file);
                if (sink.isEmpty()) {
                    failures.add(run + ": no backend '" + backend + "' on the class path to send it to");
                    continue;
                }
                int lacking = pending.undelivered(backend).size();
                try {
                    String link = spool.deliver(sink.get());
                    lines.add(backend + ": " + run + ": sent " + lacking + " item runs and the run's end"
                            + (link.isBlank() ? "" : " — " + link));
                } catch (Exception e) {
                    failures.add(backend + ": " + run + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            failures.add(run + ": cannot mark what was sent in " + file + ": " + e.getMessage());
        }
    }

    /** The backend's sink, configured from the environment as the engine configures it. */
    private Optional<ResultSink> sink(String name, Path spool) {
        for (Backend backend : ServiceLoader.load(Backend.class, SpoolUpload.class.getClassLoader())) {
            if (backend.name().equals(name)) {
                Path resultsDir = spool.toAbsolutePath().getParent().getParent().getParent();
                return backend.resultSink(new BackendContext(environment, Map.of(), RetryPolicy.defaults(),
                        Path.of("datasets"), resultsDir, List.of(), ""));
            }
        }
        return Optional.empty();
    }

    /** The spool of a run folder, or every spool under a folder of runs. */
    private static List<Path> spools(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (Files.isRegularFile(path.resolve(Spool.FILE_NAME))) {
            return List.of(path.resolve(Spool.FILE_NAME));
        }
        if (!Files.isDirectory(path)) {
            throw new SyncException("no run folder or spool at " + path.toAbsolutePath().normalize());
        }
        try (Stream<Path> files = Files.walk(path, 4)) {
            return files.filter(file -> file.getFileName().toString().equals(Spool.FILE_NAME)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look for spools under " + path + ": " + e.getMessage(), e);
        }
    }
}

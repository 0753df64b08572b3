package dev.junitprompt.results;

import java.nio.file.Path;

import org.apiguardian.api.API;

/**
 * Where runs are kept under the results folder ({@code prompt.experiment.results.dir}): a folder per experiment, a
 * folder per run in it. One naming for the local sink that writes them and the engine that reads earlier runs.
 */
@API(status = API.Status.INTERNAL)
public final class RunFolders {

    private RunFolders() {
    }

    /** The folder of an experiment's runs under {@code resultsDir}: its name, kept to portable characters. */
    public static Path experimentFolder(Path resultsDir, String experiment) {
        return resultsDir.resolve(safe(experiment));
    }

    /**
     * Takes a fresh folder for a run in an {@linkplain #experimentFolder experiment's folder}: {@code runId}, or when
     * a run of that id exists (two in the same second) {@code <runId>-2}, {@code <runId>-3}…
     *
     * @return the folder, created; its name is the run's id
     */
    public static Path reserve(Path parent, String runId) throws java.io.IOException {
        java.nio.file.Files.createDirectories(parent);
        for (int attempt = 1; ; attempt++) {
            Path folder = parent.resolve(attempt == 1 ? runId : runId + "-" + attempt);
            try {
                return java.nio.file.Files.createDirectory(folder);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another run took it; try the next suffix
            }
        }
    }

    /** A name kept to characters every file system takes. */
    public static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}

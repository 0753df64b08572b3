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

    /** A name kept to characters every file system takes. */
    public static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}

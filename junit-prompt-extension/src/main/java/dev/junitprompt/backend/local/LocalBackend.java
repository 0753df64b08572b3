package dev.junitprompt.backend.local;

import java.util.Optional;

import org.apiguardian.api.API;

import dev.junitprompt.backend.Backend;
import dev.junitprompt.backend.BackendContext;
import dev.junitprompt.dataset.DatasetSource;
import dev.junitprompt.dataset.LocalDatasetSource;
import dev.junitprompt.results.ResultSink;

/** The project's own files: datasets from {@code datasets/}, runs written under {@code target/prompt-experiments/}. */
@API(status = API.Status.INTERNAL)
public final class LocalBackend implements Backend {

    /** The backend's name. */
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<DatasetSource> datasetSource(BackendContext context) {
        return Optional.of(new LocalDatasetSource(context.datasetsDir()));
    }

    @Override
    public Optional<ResultSink> resultSink(BackendContext context) {
        return Optional.of(new LocalResultSink(context.resultsDir()));
    }
}

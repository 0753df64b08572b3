package dev.junitprompt.backend.langsmith;

import java.util.Optional;

import org.apiguardian.api.API;

import dev.junitprompt.backend.Backend;
import dev.junitprompt.backend.BackendContext;
import dev.junitprompt.dataset.DatasetSource;
import dev.junitprompt.results.ResultSink;

/** LangSmith: datasets (optionally some splits) and experiment runs. */
@API(status = API.Status.INTERNAL)
public final class LangSmithBackend implements Backend {

    /** The backend's name. */
    public static final String NAME = "langsmith";

    @Override
    public String name() {
        return NAME;
    }

    /** Datasets pinned to a version: {@code datasetVersion}. */
    @Override
    public boolean versionsDatasets() {
        return true;
    }

    @Override
    public Optional<DatasetSource> datasetSource(BackendContext context) {
        return Optional.of(new LangSmithDatasetSource(context.environment(), context.retry(), context.splits(),
                context.datasetVersion()));
    }

    @Override
    public Optional<ResultSink> resultSink(BackendContext context) {
        return Optional.of(new LangSmithResultSink(context.environment(), context.retry()));
    }
}

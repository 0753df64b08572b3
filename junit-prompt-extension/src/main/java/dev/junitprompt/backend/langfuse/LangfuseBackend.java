package dev.junitprompt.backend.langfuse;

import java.util.List;
import java.util.Optional;

import org.apiguardian.api.API;

import dev.junitprompt.backend.Backend;
import dev.junitprompt.backend.BackendContext;
import dev.junitprompt.dataset.DatasetSource;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.target.PromptTarget;

/**
 * Langfuse: datasets, prompts as targets ({@code langfuse:name}, {@code langfuse:name@label},
 * {@code langfuse:name#3}) and experiment runs, linked to their dataset run both ways, for v3 and v4 servers.
 */
@API(status = API.Status.INTERNAL)
public final class LangfuseBackend implements Backend {

    /** The backend's name. */
    public static final String NAME = "langfuse";
    /** What its sinks' links begin with: {@code Langfuse: https://…}. */
    static final String LINK_LABEL = "Langfuse";

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
        return Optional.of(new LangfuseDatasetSource(context.environment(), context.retry(),
                context.datasetVersion()));
    }

    @Override
    public Optional<ResultSink> resultSink(BackendContext context) {
        return Optional.of(new LangfuseResultSink(context.environment(), context.retry()));
    }

    /** Langfuse's comparison of the dataset runs its sinks linked to: {@code Langfuse comparison: …/compare?runs=…}. */
    @Override
    public Optional<String> compareLink(List<String> runLinks) {
        return LangfuseUrls.compare(runLinks.stream().filter(line -> line.startsWith(LINK_LABEL + ": "))
                .map(line -> line.substring(LINK_LABEL.length() + 2).strip().split("\\s+")[0]).toList())
                .map(url -> LINK_LABEL + " comparison: " + url);
    }

    @Override
    public Optional<PromptTarget> target(String reference, BackendContext context) {
        return Optional.of(LangfuseTargets.load(NAME + ":" + reference, context.environment(), context.retry()));
    }
}

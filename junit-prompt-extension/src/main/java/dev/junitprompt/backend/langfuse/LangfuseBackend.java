package dev.junitprompt.backend.langfuse;

import java.util.Locale;
import java.util.Optional;

import org.apiguardian.api.API;

import dev.junitprompt.api.Constants;
import dev.junitprompt.backend.Backend;
import dev.junitprompt.backend.BackendContext;
import dev.junitprompt.dataset.DatasetSource;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.target.PromptTarget;

/**
 * Langfuse: datasets, prompts as targets ({@code langfuse:name}, {@code langfuse:name@label},
 * {@code langfuse:name#3}) and experiment runs. Its setting {@code prompt.experiment.langfuse.linking}
 * ({@code auto}, {@code v3}, {@code v4}) says how items link to their run.
 */
@API(status = API.Status.INTERNAL)
public final class LangfuseBackend implements Backend {

    /** The backend's name. */
    public static final String NAME = "langfuse";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<DatasetSource> datasetSource(BackendContext context) {
        return Optional.of(new LangfuseDatasetSource(context.environment(), context.retry()));
    }

    @Override
    public Optional<ResultSink> resultSink(BackendContext context) {
        return Optional.of(new LangfuseResultSink(context.environment(), linking(context), context.retry()));
    }

    @Override
    public Optional<PromptTarget> target(String reference, BackendContext context) {
        return Optional.of(LangfuseTargets.load(NAME + ":" + reference, context.environment(), context.retry()));
    }

    /**
     * @throws IllegalArgumentException naming the key when the setting is none of auto, v3, v4
     */
    static LangfuseResultSink.Linking linking(BackendContext context) {
        String value = context.setting("linking").orElse("auto");
        try {
            return LangfuseResultSink.Linking.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Constants.LANGFUSE_LINKING + " is '" + value
                    + "'; use auto, v3 or v4", e);
        }
    }
}

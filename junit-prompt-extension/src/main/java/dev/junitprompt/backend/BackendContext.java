package dev.junitprompt.backend;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apiguardian.api.API;

import dev.junitprompt.internal.RetryPolicy;

/**
 * What a {@link Backend} is configured with.
 *
 * @param environment where it reads its host and credentials (the process environment, usually)
 * @param settings    its own settings: the keys under {@code prompt.experiment.<name>.}, that prefix removed
 * @param retry       how its requests are retried
 * @param datasetsDir the project's datasets folder ({@code prompt.experiment.datasets.dir})
 * @param resultsDir  where run folders go ({@code prompt.experiment.results.dir})
 * @param splits      the experiment's dataset splits, empty for all (for sources that have splits)
 * @param datasetVersion the dataset version the experiment is pinned to, empty for the latest (for sources that
 *                       keep versions: a Langfuse timestamp, a LangSmith tag or timestamp)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record BackendContext(Map<String, String> environment, Map<String, String> settings, RetryPolicy retry,
        Path datasetsDir, Path resultsDir, List<String> splits, String datasetVersion) {

    public BackendContext {
        environment = Map.copyOf(environment);
        settings = Map.copyOf(settings);
        splits = List.copyOf(splits);
        datasetVersion = datasetVersion == null ? "" : datasetVersion.strip();
    }

    /** One of its settings: {@code setting("label")} of a backend named {@code csv} reads {@code prompt.experiment.csv.label}. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key)).map(String::strip).filter(value -> !value.isEmpty());
    }


    /** Without the environment: it holds API keys, which must never reach a log or a message. */
    @Override
    public String toString() {
        return "BackendContext[settings=" + settings + ", retry=" + retry + ", datasetsDir=" + datasetsDir
                + ", resultsDir=" + resultsDir + ", splits=" + splits + ", datasetVersion=" + datasetVersion + "]";
    }
}

package dev.junitprompt.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.platform.engine.ConfigurationParameters;

import dev.junitprompt.api.PromptExperiment;
import dev.junitprompt.backend.ResultSinks;
import dev.junitprompt.backend.langfuse.LangfuseResultSink;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.model.CacheMode;

/**
 * The engine's settings, from {@code junit-platform.properties} or {@code -D} system properties, all
 * under {@code prompt.experiment.}. Problems are collected, not thrown, so each surfaces as a discovery
 * issue naming its key.
 */
record EngineConfig(Path datasetsDir, Path targetsDir, Path resultsDir, Path recordingsDir, CacheMode cacheMode,
        Set<String> items, List<String> backends, List<String> requiredBackends, int concurrency,
        boolean parallelExperiments, Sampling sampling, Optional<Path> pricesFile,
        RetryPolicy retryPolicy, PromptExperiment.Source source, LangfuseResultSink.Linking langfuseLinking,
        Map<String, String> environment, List<String> problems) {

    static final String PREFIX = "prompt.experiment.";
    static final Path DEFAULT_PRICES = Path.of("prices.yaml");

    static EngineConfig from(ConfigurationParameters parameters, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        CacheMode mode = CacheMode.REPLAY;
        try {
            mode = CacheMode.parse(parameters.get(CacheMode.KEY).orElse(null), environment);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        List<String> backends = list(parameters.get(PREFIX + "backends").orElse("local"));
        for (String backend : backends) {
            if (!ResultSinks.NAMES.contains(backend)) {
                problems.add(PREFIX + "backends names '" + backend + "'; available backends: " + ResultSinks.NAMES);
            }
        }
        List<String> required = list(parameters.get(PREFIX + "backends.required").orElse(""));
        for (String backend : required) {
            if (!backends.contains(backend)) {
                problems.add(PREFIX + "backends.required names '" + backend + "', which is not among "
                        + PREFIX + "backends " + backends);
            }
        }
        PromptExperiment.Source source = PromptExperiment.Source.LOCAL;
        String configuredSource = parameters.get(PREFIX + "source").map(String::strip).orElse("local");
        try {
            source = PromptExperiment.Source.valueOf(configuredSource.toUpperCase(java.util.Locale.ROOT));
            if (source == PromptExperiment.Source.DEFAULT) {
                throw new IllegalArgumentException(configuredSource);
            }
        } catch (IllegalArgumentException e) {
            problems.add(PREFIX + "source is '" + configuredSource + "'; use local, langfuse or langsmith");
        }
        Sampling sampling = Sampling.ALL;
        try {
            sampling = Sampling.parse(parameters.get(PREFIX + "sample").orElse(null),
                    parameters.get(PREFIX + "sample.seed").orElse(null));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        LangfuseResultSink.Linking linking = LangfuseResultSink.Linking.AUTO;
        String configuredLinking = parameters.get(PREFIX + "langfuse.linking").map(String::strip).orElse("auto");
        try {
            linking = LangfuseResultSink.Linking.valueOf(configuredLinking.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(PREFIX + "langfuse.linking is '" + configuredLinking + "'; use auto, v3 or v4");
        }
        RetryPolicy defaults = RetryPolicy.defaults();
        RetryPolicy retry = defaults;
        try {
            retry = new RetryPolicy(
                    positive(parameters, "retry.max-attempts", defaults.maxAttempts()),
                    java.time.Duration.ofMillis(positive(parameters, "retry.initial-backoff-ms",
                            (int) defaults.initialBackoff().toMillis())),
                    java.time.Duration.ofMillis(positive(parameters, "retry.max-backoff-ms",
                            (int) defaults.maxBackoff().toMillis())),
                    java.time.Duration.ofMillis(positive(parameters, "timeout-ms", (int) defaults.callTimeout().toMillis())));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage().startsWith(PREFIX) ? e.getMessage()
                    : PREFIX + "retry.*: " + e.getMessage());
        }
        int concurrency = 8;
        try {
            concurrency = positive(parameters, "concurrency", 8);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return new EngineConfig(
                path(parameters, "datasets.dir", "datasets"),
                path(parameters, "targets.dir", "targets"),
                path(parameters, "results.dir", "target/prompt-experiments"),
                path(parameters, "recordings.dir", "src/test/recordings"),
                mode,
                new LinkedHashSet<>(list(parameters.get(PREFIX + "items").orElse(""))),
                backends.isEmpty() ? List.of("local") : backends,
                required,
                concurrency,
                parameters.getBoolean(PREFIX + "parallel-experiments").orElse(false),
                sampling,
                parameters.get(PREFIX + "prices").map(String::strip).filter(s -> !s.isEmpty()).map(Path::of),
                retry,
                source,
                linking,
                Map.copyOf(environment),
                problems);
    }

    /** Without the environment: it holds API keys, which must never reach a log or a message. */
    @Override
    public String toString() {
        return "EngineConfig[datasets=" + datasetsDir + ", targets=" + targetsDir + ", results=" + resultsDir
                + ", recordings=" + recordingsDir + ", cache=" + cacheMode + ", backends=" + backends
                + ", concurrency=" + concurrency + ", source=" + source + "]";
    }

    /** The configured price file, or {@code prices.yaml} in the working directory when there is one. */
    Path pricesPath() {
        return pricesFile.orElse(DEFAULT_PRICES);
    }

    private static int positive(ConfigurationParameters parameters, String key, int fallback) {
        Optional<String> value = parameters.get(PREFIX + key).map(String::strip).filter(s -> !s.isEmpty());
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.get());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(PREFIX + key + " is '" + value.get() + "'; use a whole number of at least 1");
    }

    private static Path path(ConfigurationParameters parameters, String key, String fallback) {
        return Path.of(parameters.get(PREFIX + key).map(String::strip).filter(s -> !s.isEmpty()).orElse(fallback));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}

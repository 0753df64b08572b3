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

import dev.junitprompt.api.Constants;
import dev.junitprompt.backend.BackendContext;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.target.TargetMetadata;
import dev.junitprompt.model.CacheMode;

/**
 * The engine's settings, from {@code junit-platform.properties} or {@code -D} system properties, all
 * under {@code prompt.experiment.}. Problems are collected, not thrown, so each surfaces as a discovery
 * issue naming its key.
 */
record EngineConfig(Path datasetsDir, Path targetsDir, Path resultsDir, Path recordingsDir, CacheMode cacheMode,
        Set<String> items, List<String> backends, List<String> requiredBackends, int concurrency,
        boolean parallelExperiments, Sampling sampling, Shard shard, String sharedRunId, Optional<Path> pricesFile,
        RetryPolicy retryPolicy, String source, String datasetVersion, Optional<TargetMetadata.ModelSpec> judge,
        boolean inconclusiveFails, String baseline, boolean baselineUpdate, Path baselinesDir, boolean prune,
        boolean rerunFailed, String resume, java.time.Duration backendBudget, Backends registry,
        Map<List<String>, dev.junitprompt.dataset.Dataset> loadedDatasets,
        Map<String, Map<String, String>> backendSettings,
        Map<String, String> environment, List<String> problems) {

    static final String PREFIX = Constants.PREFIX;
    static final Path DEFAULT_PRICES = Path.of("prices.yaml");

    /** {@code prompt.experiment.inconclusive}: {@code abort} (the default) or {@code fail}. */
    private static boolean inconclusive(ConfigurationParameters parameters, List<String> problems) {
        String value = parameters.get(Constants.INCONCLUSIVE).map(String::strip).orElse("abort")
                .toLowerCase(java.util.Locale.ROOT);
        if (!value.equals("abort") && !value.equals("fail")) {
            problems.add(Constants.INCONCLUSIVE + " is '" + value + "'; use abort (an inconclusive item is an aborted "
                    + "test) or fail");
        }
        return value.equals("fail");
    }

    /** {@code prompt.experiment.backends.budget-ms}: a whole number of milliseconds, 0 for no limit. */
    private static java.time.Duration backendBudget(ConfigurationParameters parameters, List<String> problems) {
        String value = parameters.get(Constants.BACKENDS_BUDGET_MS).map(String::strip).orElse("120000");
        try {
            long millis = Long.parseLong(value);
            if (millis >= 0) {
                return java.time.Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        problems.add(Constants.BACKENDS_BUDGET_MS + " is '" + value + "'; use a whole number of milliseconds (0 for "
                + "no limit)");
        return java.time.Duration.ofMinutes(2);
    }

    /** {@code prompt.experiment.rerun}: {@code failed}, or unset to run every item. */
    private static boolean rerunFailed(ConfigurationParameters parameters, List<String> problems) {
        String value = parameters.get(Constants.RERUN).map(String::strip).orElse("").toLowerCase(java.util.Locale.ROOT);
        if (!value.isEmpty() && !value.equals("failed")) {
            problems.add(Constants.RERUN + " is '" + value + "'; use failed (run the items that did not pass in each "
                    + "experiment's last run), or leave it unset to run every item");
        }
        return value.equals("failed");
    }

    static EngineConfig from(ConfigurationParameters parameters, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Backends registry = Backends.load(EngineConfig.class.getClassLoader(), problems);
        CacheMode mode = CacheMode.REPLAY;
        try {
            mode = CacheMode.parse(parameters.get(CacheMode.KEY).orElse(null), environment);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        List<String> backends = list(parameters.get(Constants.BACKENDS).orElse("local"));
        for (String backend : backends) {
            if (registry.find(backend).isEmpty()) {
                problems.add(PREFIX + "backends names '" + backend + "'; available backends: " + registry.names());
            }
        }
        List<String> required = list(parameters.get(Constants.BACKENDS_REQUIRED).orElse(""));
        for (String backend : required) {
            if (!backends.contains(backend)) {
                problems.add(PREFIX + "backends.required names '" + backend + "', which is not among "
                        + PREFIX + "backends " + backends);
            }
        }
        String source = parameters.get(Constants.SOURCE).map(String::strip).filter(s -> !s.isEmpty())
                .orElse("local").toLowerCase(java.util.Locale.ROOT);
        if (registry.find(source).isEmpty()) {
            problems.add(PREFIX + "source is '" + source + "'; use one of the backends " + registry.names());
        }
        Sampling sampling = Sampling.ALL;
        try {
            sampling = Sampling.parse(parameters.get(Constants.SAMPLE).orElse(null),
                    parameters.get(Constants.SAMPLE_SEED).orElse(null));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        Shard shard = Shard.ALL;
        try {
            shard = Shard.parse(parameters.get(Constants.SHARD).orElse(null));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        RetryPolicy defaults = RetryPolicy.defaults();
        RetryPolicy retry = defaults;
        try {
            retry = new RetryPolicy(
                    positive(parameters, Constants.RETRY_MAX_ATTEMPTS, defaults.maxAttempts()),
                    java.time.Duration.ofMillis(positive(parameters, Constants.RETRY_INITIAL_BACKOFF_MS,
                            (int) defaults.initialBackoff().toMillis())),
                    java.time.Duration.ofMillis(positive(parameters, Constants.RETRY_MAX_BACKOFF_MS,
                            (int) defaults.maxBackoff().toMillis())),
                    java.time.Duration.ofMillis(positive(parameters, Constants.TIMEOUT_MS, (int) defaults.callTimeout().toMillis())),
                    java.time.Duration.ofMillis(positive(parameters, Constants.RETRY_DEADLINE_MS,
                            (int) defaults.deadline().toMillis())),
                    java.time.Duration.ofMillis(positive(parameters, Constants.RETRY_MAX_RETRY_AFTER_MS,
                            (int) defaults.maxRetryAfter().toMillis())));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage().startsWith(PREFIX) ? e.getMessage()
                    : PREFIX + "retry.*: " + e.getMessage());
        }
        int concurrency = 8;
        try {
            concurrency = positive(parameters, Constants.CONCURRENCY, 8);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        EngineConfig config = new EngineConfig(
                path(parameters, Constants.DATASETS_DIR, "datasets"),
                path(parameters, Constants.TARGETS_DIR, "targets"),
                path(parameters, Constants.RESULTS_DIR, "target/prompt-experiments"),
                path(parameters, Constants.RECORDINGS_DIR, "src/test/recordings"),
                mode,
                new LinkedHashSet<>(list(parameters.get(Constants.ITEMS).orElse(""))),
                backends.isEmpty() ? List.of("local") : backends,
                required,
                concurrency,
                parameters.getBoolean(Constants.PARALLEL_EXPERIMENTS).orElse(false),
                sampling,
                shard,
                parameters.get(Constants.RUN_ID).map(String::strip).orElse(""),
                parameters.get(Constants.PRICES).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of),
                retry,
                source,
                parameters.get(Constants.DATASET_VERSION).map(String::strip).orElse(""),
                // A judge at temperature 0: the same output gets the same verdict.
                parameters.get(Constants.JUDGE_MODEL).map(String::strip).filter(name -> !name.isEmpty())
                        .map(name -> new TargetMetadata.ModelSpec(parameters.get(Constants.JUDGE_PROVIDER)
                                .map(String::strip).filter(p -> !p.isEmpty()).orElse("openai")
                                .toLowerCase(java.util.Locale.ROOT), name, Map.of("temperature", 0.0))),
                inconclusive(parameters, problems),
                parameters.get(Constants.BASELINE).map(String::strip).filter(value -> !value.isEmpty()).orElse("auto"),
                parameters.getBoolean(Constants.BASELINE_UPDATE).orElse(false),
                path(parameters, Constants.BASELINES_DIR, "src/test/baselines"),
                parameters.getBoolean(Constants.CACHE_PRUNE).orElse(false),
                rerunFailed(parameters, problems),
                parameters.get(Constants.RESUME).map(String::strip).orElse(""),
                backendBudget(parameters, problems),
                registry,
                // Discovery's own: the variants of an experiment read its dataset once, a remote one included.
                new java.util.concurrent.ConcurrentHashMap<>(),
                backendSettings(parameters, registry),
                Map.copyOf(environment),
                problems);
        // A backend's own settings are checked now, so a wrong one is a discovery issue, not a failed run.
        for (String backend : backends) {
            try {
                registry.find(backend).filter(found -> found.resultSink(config.backendContext(backend))
                        .isEmpty()).ifPresent(found -> problems.add(PREFIX + "backends names '" + backend
                                + "', which records no runs (it may still be a source: " + PREFIX + "source)"));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return config;
    }

    /** Each backend's own settings: the keys under {@code prompt.experiment.<name>.}, that prefix removed. */
    private static Map<String, Map<String, String>> backendSettings(ConfigurationParameters parameters,
            Backends registry) {
        Map<String, Map<String, String>> settings = new java.util.LinkedHashMap<>();
        for (String name : registry.names()) {
            Map<String, String> own = new java.util.LinkedHashMap<>();
            String prefix = PREFIX + name + ".";
            for (String key : parameters.keySet()) {
                if (key.startsWith(prefix)) {
                    parameters.get(key).ifPresent(value -> own.put(key.substring(prefix.length()), value));
                }
            }
            settings.put(name, Map.copyOf(own));
        }
        return Map.copyOf(settings);
    }

    /** What a backend is configured with; {@code splits} those of the experiment asking. */
    BackendContext backendContext(String backend) {
        return backendContext(backend, List.of(), "");
    }

    /** For reading a dataset: of these splits (all when empty), at this version (the latest when empty). */
    BackendContext backendContext(String backend, List<String> splits, String datasetVersion) {
        return new BackendContext(environment, backendSettings.getOrDefault(backend, Map.of()), retryPolicy,
                datasetsDir, resultsDir, splits, datasetVersion);
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
        Optional<String> value = parameters.get(key).map(String::strip).filter(s -> !s.isEmpty());
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
        throw new IllegalArgumentException(key + " is '" + value.get() + "'; use a whole number of at least 1");
    }

    private static Path path(ConfigurationParameters parameters, String key, String fallback) {
        return Path.of(parameters.get(key).map(String::strip).filter(s -> !s.isEmpty()).orElse(fallback));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}

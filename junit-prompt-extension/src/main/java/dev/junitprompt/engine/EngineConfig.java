package dev.junitprompt.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.platform.engine.ConfigurationParameters;

import dev.junitprompt.model.CacheMode;

/**
 * The engine's settings, from {@code junit-platform.properties} or {@code -D} system properties, all
 * under {@code prompt.experiment.}. Problems are collected, not thrown, so each surfaces as a discovery
 * issue naming its key.
 */
record EngineConfig(Path datasetsDir, Path targetsDir, Path resultsDir, Path recordingsDir, CacheMode cacheMode,
        Set<String> items, List<String> backends, List<String> problems) {

    static final String PREFIX = "prompt.experiment.";
    static final List<String> KNOWN_BACKENDS = List.of("local");

    static EngineConfig from(ConfigurationParameters parameters, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        CacheMode mode;
        try {
            mode = CacheMode.parse(parameters.get(CacheMode.KEY).orElse(null), environment);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            mode = CacheMode.REPLAY;
        }
        List<String> backends = list(parameters.get(PREFIX + "backends").orElse("local"));
        for (String backend : backends) {
            if (!KNOWN_BACKENDS.contains(backend)) {
                problems.add(PREFIX + "backends names '" + backend + "'; available backends: " + KNOWN_BACKENDS);
            }
        }
        return new EngineConfig(
                path(parameters, "datasets.dir", "datasets"),
                path(parameters, "targets.dir", "targets"),
                path(parameters, "results.dir", "target/prompt-experiments"),
                path(parameters, "recordings.dir", "src/test/recordings"),
                mode,
                new LinkedHashSet<>(list(parameters.get(PREFIX + "items").orElse(""))),
                backends.isEmpty() ? List.of("local") : backends,
                problems);
    }

    private static Path path(ConfigurationParameters parameters, String key, String fallback) {
        return Path.of(parameters.get(PREFIX + key).map(String::strip).filter(s -> !s.isEmpty()).orElse(fallback));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}

package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.junitprompt.engine.fixtures.GreetingExperiments;

/** A backend that cannot start a run is remembered: later experiments of the test run do not wait for it again. */
class BackendBreakerTest {

    @TempDir
    Path work;

    private String report(String experiment) throws IOException {
        try (Stream<Path> runs = Files.list(work.resolve("results").resolve(experiment))) {
            Path run = runs.filter(path -> !path.getFileName().toString().startsWith("latest")).findFirst()
                    .orElseThrow();
            return Files.readString(run.resolve("report.md"));
        }
    }

    @Test
    void aBackendThatFailedToStartIsNotTriedAgainAndEachExperimentSaysSo() throws IOException {
        // Nothing listens on port 9: the first experiment finds out, the second does not ask again.
        Map<String, String> environment = Map.of("LANGFUSE_HOST", "http://127.0.0.1:9", "LANGFUSE_PUBLIC_KEY", "pk-lf-x",
                "LANGFUSE_SECRET_KEY", "sk-lf-x");

        EngineTestKit.engine(new PromptExperimentTestEngine(environment))
                .configurationParameter("prompt.experiment.datasets.dir", "src/test/resources/engine/datasets")
                .configurationParameter("prompt.experiment.targets.dir", "src/test/resources/engine/targets")
                .configurationParameter("prompt.experiment.results.dir", work.resolve("results").toString())
                .configurationParameter("prompt.experiment.cache.mode", "off")
                .configurationParameter("prompt.experiment.backends", "local,langfuse")
                .selectors(selectMethod(GreetingExperiments.class, "greet"),
                        selectMethod(GreetingExperiments.class, "shout", "java.lang.String"))
                .execute();

        assertThat(report("greet")).contains("langfuse could not start the run: Cannot reach Langfuse at "
                + "http://127.0.0.1:9");
        assertThat(report("shout")).contains("langfuse not tried: it failed earlier in this test run (Cannot reach");
    }
}

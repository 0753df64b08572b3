package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.engine.fixtures.HostileFileExperiments;

/** No file can fail discovery of anything but its own experiment. */
class HostileFilesTest {

    @TempDir
    Path work;

    @Test
    void aDatasetNestedPastTheParsersLimitFailsOnlyItsOwnExperiment() throws IOException {
        Path datasets = work.resolve("datasets");
        Files.createDirectories(datasets.resolve("deep"));
        Files.writeString(datasets.resolve("deep/test_cases.json"), "[".repeat(1500) + "]".repeat(1500));
        Path greetings = Files.createDirectories(datasets.resolve("greetings"));
        for (String file : new String[] {"test_cases.json", "expected.json"}) {
            Files.copy(Path.of("src/test/resources/engine/datasets/greetings").resolve(file), greetings.resolve(file));
        }

        EngineExecutionResults results = EngineKit.engine(work)
                .configurationParameter("prompt.experiment.datasets.dir", datasets.toString())
                .selectors(selectClass(HostileFileExperiments.class)).execute();

        results.testEvents().assertStatistics(stats -> stats.succeeded(4));
        assertThat(results.allEvents().failed().list()).singleElement().satisfies(event -> assertThat(event
                .getRequiredPayload(TestExecutionResult.class).getThrowable()).hasValueSatisfying(thrown -> assertThat(
                        thrown).hasMessageContaining("deep/test_cases.json: malformed JSON")));
    }
}

package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.engine.fixtures.GreetingExperiments;
import dev.junitprompt.results.ItemResult;

/** A backend found on the class path plugs in as the built-in ones do: as a source, as a sink, with its settings. */
class BackendPluginTest {

    @TempDir
    Path work;

    @BeforeEach
    @AfterEach
    void clear() {
        MemoryBackend.clear();
    }

    @Test
    void aBackendOnTheClassPathIsTheSourceOfItemsAndRecordsTheRun() {
        EngineExecutionResults results = EngineKit.engine(work)
                .configurationParameter("prompt.experiment.source", "memory")
                .configurationParameter("prompt.experiment.backends", "local,memory")
                .configurationParameter("prompt.experiment.memory.label", "nightly")
                .selectors(selectMethod(GreetingExperiments.class, "greet")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(MemoryBackend.RUNS).singleElement().satisfies(run -> {
            assertThat(run.datasetSource()).isEqualTo("memory");
            assertThat(run.items()).extracting(item -> item.id()).containsExactly("m-1", "m-2");
        });
        assertThat(MemoryBackend.LABELS).containsExactly("nightly");
        assertThat(MemoryBackend.ITEMS).extracting(ItemResult::output).containsExactly("Hello, Ada!", "Bonjour, Jean !");
        assertThat(MemoryBackend.SUMMARIES).singleElement()
                .satisfies(summary -> assertThat(summary.passRate()).isEqualTo(1.0));
    }

    @Test
    void anUnknownBackendIsADiscoveryIssueNamingTheOnesThereAre() {
        var discovery = EngineKit.engine(work).configurationParameter("prompt.experiment.backends", "local,mem0ry")
                .selectors(selectMethod(GreetingExperiments.class, "greet")).discover();

        assertThat(discovery.getDiscoveryIssues()).anySatisfy(issue -> assertThat(issue.message())
                .contains("prompt.experiment.backends names 'mem0ry'")
                .contains("local", "langfuse", "langsmith", "memory"));
    }
}

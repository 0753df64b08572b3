package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junitprompt.engine.fixtures.GreetingExperiments;

/** Recordings nothing uses any more go, when asked and only on a run of every item. */
class PruneRecordingsTest {

    @TempDir
    Path work;

    private Path stale;

    @BeforeEach
    void aRecordingLeftByAnOldPrompt() throws Exception {
        stale = Files.createDirectories(work.resolve("recordings/greet")).resolve("case-001.0123456789abcdef.json");
        Files.writeString(stale, "{\"key\": \"an old prompt's\"}");
    }

    private List<String> recordings() throws Exception {
        try (Stream<Path> files = Files.list(work.resolve("recordings/greet"))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void pruneDeletesWhatTheRunDidNotUseAndKeepsWhatItRecorded() throws Exception {
        EngineKit.engine(work).configurationParameter("prompt.experiment.cache.mode", "auto")
                .configurationParameter("prompt.experiment.cache.prune", "true")
                .selectors(selectMethod(GreetingExperiments.class, "greet")).execute();

        assertThat(stale).doesNotExist();
        assertThat(recordings()).hasSize(3).allSatisfy(name -> assertThat(name).matches("case-00[123]\\.[0-9a-f]{16}\\.json"));
    }

    @Test
    void withoutPruneOrOnARunOfSelectedItemsNothingIsDeleted() throws Exception {
        EngineKit.engine(work).configurationParameter("prompt.experiment.cache.mode", "auto")
                .selectors(selectMethod(GreetingExperiments.class, "greet")).execute();
        EngineKit.engine(work).configurationParameter("prompt.experiment.cache.mode", "auto")
                .configurationParameter("prompt.experiment.cache.prune", "true")
                .configurationParameter("prompt.experiment.items", "case-002")
                .selectors(selectMethod(GreetingExperiments.class, "greet")).execute();

        assertThat(stale).exists();
        assertThat(recordings()).hasSize(4);
    }
}

package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EventType;

import dev.junitprompt.engine.fixtures.GreetingExperiments;

/** The run's reports are the experiment node's file entries, which IDEs and Open Test Reporting link. */
class ReportFilesTest {

    @TempDir
    Path work;

    @Test
    void theExperimentPublishesItsReportsAndRunRecord() {
        EngineExecutionResults results = EngineKit.engine(work)
                .selectors(selectMethod(GreetingExperiments.class, "greet")).execute();

        assertThat(results.allEvents().stream().filter(event -> event.getType() == EventType.FILE_ENTRY_PUBLISHED)
                .map(event -> event.getRequiredPayload(FileEntry.class)).toList()).satisfies(entries -> {
                    assertThat(entries).extracting(entry -> entry.getPath().getFileName().toString())
                            .containsExactly("report.html", "report.md", "results.jsonl");
                    assertThat(entries).allSatisfy(entry -> assertThat(Files.isRegularFile(entry.getPath())).isTrue());
                    assertThat(entries.get(0).getMediaType()).hasValue("text/html");
                });
    }
}

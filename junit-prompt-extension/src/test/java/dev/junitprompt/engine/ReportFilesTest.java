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

    @Test
    void theHtmlReportShowsEachItemsPromptAndTraceThoughTheRunKeepsItsResultsCompact() throws Exception {
        EngineKit.engine(work).selectors(selectMethod(GreetingExperiments.class, "greet")).execute();

        Path folder;
        try (var runs = Files.list(work.resolve("results/greet"))) {
            folder = runs.filter(Files::isDirectory).filter(path -> !path.getFileName().toString().equals("latest"))
                    .findFirst().orElseThrow();
        }
        // The page details each of the three items, with what only the run record kept whole.
        assertThat(Files.readString(folder.resolve("report.html"))).contains("Say hello to Grace in German.")
                .contains("Say hello to Ada in English.").contains("<h4>Trace</h4>");
    }
}

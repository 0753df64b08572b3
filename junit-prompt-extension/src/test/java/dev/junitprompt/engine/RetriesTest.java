package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.engine.fixtures.FlakyModelExperiments;
import dev.junitprompt.results.RunRecord;

/** Retries are part of an item's record: in the trace, the run record, the report entries and report.md. */
class RetriesTest {

    @TempDir
    Path work;

    @Test
    void eachItemsRetriesAreRecordedAndReported() throws Exception {
        FlakyModelExperiments.SEEN.clear();
        EngineExecutionResults results = EngineKit.engine(work).configurationParameter("prompt.experiment.retry.max-attempts", "3")
                .selectors(selectClass(FlakyModelExperiments.class)).execute();

        Path run;
        try (Stream<Path> runs = Files.list(work.resolve("results/greet"))) {
            run = runs.findFirst().orElseThrow();
        }
        RunRecord record = RunRecord.read(run.resolve(RunRecord.FILE_NAME));
        assertThat(record.results()).allSatisfy(result -> {
            assertThat(result.trace().calls()).singleElement().satisfies(call -> assertThat(call.attempts()).isEqualTo(2));
            assertThat(result.trace().retries()).isEqualTo(1);
        });
        assertThat(Files.readAllLines(run.resolve(RunRecord.FILE_NAME)).get(1)).contains("\"retries\":1");
        assertThat(Files.readString(run.resolve("report.md"))).contains(", 1 retry");
        Map<String, String> entry = results.allEvents().reportingEntryPublished()
                .filter(event -> event.getTestDescriptor().getUniqueId().toString().endsWith("[item:case-001]"))
                .map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).findFirst().orElseThrow();
        assertThat(entry).containsEntry("retries", "1");
    }
}

package dev.junitprompt.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junitprompt.api.Score;

class RunOverviewTest {

    @TempDir
    Path folder;

    private static final RunInfo RUN = TestResults.run("prepGenerate", "20250101T120000Z")
            .items(List.of(TestResults.item("case-001"), TestResults.item("case-002"))).build();

    private Path write(String text) throws Exception {
        return Files.writeString(folder.resolve(RunRecord.FILE_NAME), text);
    }

    private static RunRecord finished(ItemResult... results) {
        ExperimentSummary summary = ExperimentSummary.builder("prepGenerate").results(List.of(results))
                .thresholds(List.of("✗ pass rate 50% < 90%")).build();
        return new RunRecord(RUN, List.of(results), Optional.of(summary));
    }

    @Test
    void readsTheHeaderAndTheFiguresOfTheSummary() throws Exception {
        ItemResult passed = TestResults.passed("case-001", 10, Score.of("judge", 1.0));
        ItemResult failed = TestResults.failed("case-002", 20, Score.of("judge", 0.1));

        RunOverview overview = RunOverview.read(write(finished(passed, failed).toJsonLines()));

        assertThat(overview.run().experiment()).isEqualTo("prepGenerate");
        assertThat(overview.run().runId()).isEqualTo("20250101T120000Z");
        assertThat(overview.run().startedAt()).isEqualTo(RUN.startedAt());
        assertThat(overview.run().items()).extracting(item -> item.id()).containsExactly("case-001", "case-002");
        assertThat(overview.figures()).contains(new RunOverview.Figures(2, 2, 1, 1, 0, 0.5, 0.0,
                List.of("✗ pass rate 50% < 90%")));
    }

    @Test
    void aRecordWithoutItsSummaryHasNoFigures() throws Exception {
        RunRecord record = finished(TestResults.passed("case-001", 10));
        String lines = record.toJsonLines();
        String withoutSummary = lines.substring(0, lines.lastIndexOf("{\"type\":\"summary\""));

        assertThat(RunOverview.read(write(withoutSummary)).figures()).isEmpty();
        assertThat(RunOverview.read(write(withoutSummary + "{\"type\":\"item\",\"item\":\"cut sh")).figures()).isEmpty();
        assertThat(RunOverview.read(write(lines.substring(0, lines.indexOf('\n') + 1))).figures()).isEmpty();
    }

    @Test
    void readsALastLineLongerThanOneChunkWhole() throws Exception {
        ExperimentSummary summary = ExperimentSummary.builder("prepGenerate").results(List.of(TestResults.passed("case-001", 10)))
                .thresholds(List.of("✓ " + "é".repeat(10_000))).build();

        RunOverview overview = RunOverview.read(write(new RunRecord(RUN, summary.results(), Optional.of(summary))
                .toJsonLines()));

        assertThat(overview.figures()).hasValueSatisfying(figures -> assertThat(figures.thresholds())
                .containsExactly("✓ " + "é".repeat(10_000)));
    }

    @Test
    void aFileThatIsNoRunRecordIsRefusedNamingIt() throws Exception {
        Path empty = write("");
        assertThatThrownBy(() -> RunOverview.read(empty)).isInstanceOf(RunRecordException.class)
                .hasMessageContaining(empty + " is empty");
        Path notJson = write("hello\n");
        assertThatThrownBy(() -> RunOverview.read(notJson)).isInstanceOf(RunRecordException.class)
                .hasMessageContaining(notJson + " line 1 is not JSON");
    }
}

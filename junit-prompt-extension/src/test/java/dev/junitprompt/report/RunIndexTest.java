package dev.junitprompt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.RunInfo;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.results.TestResults;

class RunIndexTest {

    @TempDir
    Path results;

    private Path runFolder(String experiment, String run, Instant started, boolean finished, ItemResult... items)
            throws Exception {
        Path folder = Files.createDirectories(results.resolve(experiment).resolve(run));
        RunInfo info = TestResults.run(experiment, run).startedAt(started).build();
        Optional<ExperimentSummary> summary = finished ? Optional.of(ExperimentSummary.builder(experiment)
                .results(List.of(items)).thresholds(List.of("✓ mean judge 0.90 ≥ 0.80", "✗ pass rate 50% < 90%")).build())
                : Optional.empty();
        Files.writeString(folder.resolve(RunRecord.FILE_NAME), new RunRecord(info, List.of(items), summary).toJsonLines());
        Files.writeString(folder.resolve("report.html"), "<!DOCTYPE html>");
        return folder;
    }

    @Test
    void listsEveryRunNewestFirstWithItsFiguresAndAReportLink() throws Exception {
        runFolder("prepGenerate", "r1", Instant.parse("2025-01-01T10:00:00Z"), true, TestResults.passed("case-001", 10),
                TestResults.failed("case-002", 10));
        runFolder("questions", "r1", Instant.parse("2025-01-03T10:00:00Z"), true, TestResults.passed("case-001", 10));
        runFolder("prepGenerate", "r2", Instant.parse("2025-01-02T10:00:00Z"), true, TestResults.passed("case-001", 10));

        RunIndex.write(results);

        String index = Files.readString(results.resolve("index.html"));
        assertThat(index).startsWith("<!DOCTYPE html>").contains("<p class=\"muted\">3 runs, newest first</p>");
        assertThat(RunIndex.entries(results)).extracting(entry -> entry.experiment() + "/" + entry.folder())
                .containsExactly("questions/r1", "prepGenerate/r2", "prepGenerate/r1");
        assertThat(index).contains("<td class=\"mono\">2025-01-01 10:00:00Z</td><td>prepGenerate</td><td class=\"mono\">r1</td>"
                        + "<td>prep_generate · prep_generate</td><td class=\"num\">2</td>"
                        + "<td class=\"num status failed\">50%</td><td class=\"num\">1 / 0</td>"
                        + "<td class=\"fail\">✗ 1 held, 1 missed</td><td class=\"num\">$0.0000</td>"
                        + "<td><a href=\"prepGenerate/r1/report.html\">report.html</a></td>");
    }

    @Test
    void aRunFolderWhoseRecordCannotBeReadIsListedAsSuch() throws Exception {
        runFolder("prepGenerate", "r1", Instant.parse("2025-01-01T10:00:00Z"), true, TestResults.passed("case-001", 10));
        Path broken = Files.createDirectories(results.resolve("prepGenerate").resolve("r0"));
        Files.writeString(broken.resolve(RunRecord.FILE_NAME), "not json\n");
        Files.createDirectories(results.resolve("prepGenerate").resolve("empty"));

        RunIndex.write(results);

        String index = Files.readString(results.resolve("index.html"));
        assertThat(index).contains("<td class=\"errored\" colspan=\"6\">cannot read results.jsonl: " + broken
                        .resolve(RunRecord.FILE_NAME) + " line 1 is not JSON")
                .contains("<td class=\"errored\" colspan=\"6\">cannot read results.jsonl: no results.jsonl</td>")
                .contains("<td class=\"num status passed\">100%</td>");
    }

    @Test
    void aRunWithoutItsSummaryIsListedAsInterruptedOrRunning() throws Exception {
        runFolder("prepGenerate", "r1", Instant.parse("2025-01-01T10:00:00Z"), false, TestResults.passed("case-001", 10));

        RunIndex.write(results);

        assertThat(Files.readString(results.resolve("index.html")))
                .contains("no summary: the run was interrupted, or is still running");
    }

    @Test
    void followsNoLinksAndLeavesHiddenFoldersOut() throws Exception {
        Path run = runFolder("prepGenerate", "r1", Instant.parse("2025-01-01T10:00:00Z"), true);
        Files.createSymbolicLink(run.resolveSibling("latest"), run.getFileName());
        Files.createDirectories(results.resolve(".cache").resolve("x"));

        assertThat(RunIndex.entries(results)).extracting(RunIndex.Entry::folder).containsExactly("r1");
    }

    @Test
    void escapesNamesAndEncodesThemInLinks() throws Exception {
        runFolder("a b<script>", "r\"1", Instant.parse("2025-01-01T10:00:00Z"), true);

        RunIndex.write(results);

        String index = Files.readString(results.resolve("index.html"));
        assertThat(index).contains("href=\"a%20b%3Cscript%3E/r%221/report.html\"").contains("<td>a b&lt;script&gt;</td>")
                .doesNotContain("<script>");
    }

    @Test
    void anEmptyResultsFolderListsNoRuns() throws Exception {
        RunIndex.write(results);

        assertThat(Files.readString(results.resolve("index.html"))).contains("0 runs, newest first");
        try (var files = Files.list(results)) {
            assertThat(files).extracting(path -> path.getFileName().toString()).containsExactly("index.html");
        }
    }

    @Test
    void listsTheVariantsComparisonsNewestFirstAfterTheRuns() throws Exception {
        runFolder("greet · a", "r1", Instant.parse("2025-01-01T10:00:00Z"), true, TestResults.passed("case-001", 10));
        Files.createDirectories(results.resolve("greet"));
        Files.writeString(results.resolve("greet/comparison-20250101T100500Z.html"), "<!DOCTYPE html>");
        Files.writeString(results.resolve("greet/comparison-20250102T100500Z.html"), "<!DOCTYPE html>");
        Files.writeString(results.resolve("greet/comparison-20250102T100500Z.md"), "# greet");

        RunIndex.write(results);

        assertThat(RunIndex.comparisons(results)).extracting(RunIndex.Compared::file).containsExactly(
                "comparison-20250102T100500Z.html", "comparison-20250101T100500Z.html");
        String index = Files.readString(results.resolve("index.html"));
        assertThat(index).contains("<p class=\"muted\">1 run, newest first</p>")
                .contains("<h2>Variants compared</h2>")
                .contains("<tr><td class=\"mono\">2025-01-02 10:05:00Z</td><td>greet</td><td><a href=\"greet/"
                        + "comparison-20250102T100500Z.html\">comparison-20250102T100500Z.html</a></td></tr>");
        assertThat(index.indexOf("id=\"comparisons\"")).isGreaterThan(index.indexOf("id=\"runs\""));
    }
}

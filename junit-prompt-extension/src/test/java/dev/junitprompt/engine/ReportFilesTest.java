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

import dev.junitprompt.engine.fixtures.ClassificationExperiments;

/** What a run leaves for people: report.html beside report.md, the results folder's index, the step summary. */
class ReportFilesTest {

    @TempDir
    Path work;

    private void runTriage(Map<String, String> environment) {
        EngineKit.engine(work, environment).selectors(selectMethod(ClassificationExperiments.class, "triage",
                "java.lang.String")).execute();
    }

    private Path runFolder() throws IOException {
        try (Stream<Path> runs = Files.list(work.resolve("results/triage"))) {
            return runs.filter(path -> !path.getFileName().toString().startsWith("latest")).findFirst().orElseThrow();
        }
    }

    @Test
    void aRunWritesItsHtmlReportAndListsItselfInTheIndex() throws IOException {
        runTriage(Map.of());

        Path run = runFolder();
        assertThat(Files.readString(run.resolve("report.html"))).contains("<title>triage — run ")
                .contains("<td>accuracy</td><td class=\"num\">0.60</td>");
        assertThat(Files.readString(work.resolve("results/index.html")))
                .contains("<a href=\"triage/" + run.getFileName() + "/report.html\">report.html</a>");
    }

    @Test
    void inGitHubActionsTheStepSummaryGetsTheExperiment() throws IOException {
        Path stepSummary = work.resolve("step-summary.md");

        runTriage(Map.of("GITHUB_STEP_SUMMARY", stepSummary.toString()));

        // Every item passes (exact_match has no min); the run's f1 misses its threshold.
        assertThat(Files.readString(stepSummary)).startsWith("### ✗ triage: 5 of 5 items passed (100%)\n")
                .contains("- ✗ f1 0.43 < 0.80\n- ✓ accuracy 0.60 ≥ 0.50\n")
                .contains("`" + runFolder().resolve("report.html") + "`");
    }

    @Test
    void outsideGitHubActionsNoStepSummaryIsWritten() throws IOException {
        runTriage(Map.of());

        try (Stream<Path> files = Files.list(work)) {
            assertThat(files).extracting(path -> path.getFileName().toString()).containsExactly("results");
        }
    }
}

package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.junitprompt.engine.fixtures.VariantExperiments;

/** Several targets in one experiment: a variant each, run side by side, and a comparison test. */
class VariantsTest {

    @TempDir
    Path work;

    private EngineExecutionResults run(String method) {
        return EngineKit.engine(work).selectors(selectMethod(VariantExperiments.class, method)).execute();
    }

    private static List<String> ids(EngineExecutionResults results) {
        return results.testEvents().started().list().stream().map(event -> event.getTestDescriptor().getUniqueId()
                .toString().replaceAll(".*\\[experiment:", "[experiment:")).toList();
    }

    private static Event test(EngineExecutionResults results, String displayName) {
        return results.testEvents().finished().list().stream()
                .filter(event -> event.getTestDescriptor().getDisplayName().equals(displayName)).findFirst()
                .orElseThrow();
    }

    @Test
    void eachTargetIsAVariantWithItsOwnItemsAndThresholdsAndAComparisonEndsThem() {
        EngineExecutionResults results = run("greet");

        assertThat(ids(results)).containsExactly(
                "[experiment:greet]/[variant:greet]/[item:case-001]", "[experiment:greet]/[variant:greet]/[item:case-002]",
                "[experiment:greet]/[variant:greet]/[item:case-003]", "[experiment:greet]/[variant:greet]/[thresholds:thresholds]",
                "[experiment:greet]/[variant:greet_english]/[item:case-001]",
                "[experiment:greet]/[variant:greet_english]/[item:case-002]",
                "[experiment:greet]/[variant:greet_english]/[item:case-003]",
                "[experiment:greet]/[variant:greet_english]/[thresholds:thresholds]",
                "[experiment:greet]/[comparison:comparison]");
        assertThat(results.testEvents().failed().list()).extracting(event -> event.getTestDescriptor().getUniqueId()
                .toString().replaceAll(".*\\[variant:", "[variant:")).containsExactlyInAnyOrder(
                        "[variant:greet]/[item:case-003]", "[variant:greet_english]/[item:case-002]",
                        "[variant:greet_english]/[item:case-003]");
        // One item flipped: a drop of 0.33 in exact_match over three items is beyond the margin, not beyond noise.
        Event comparison = test(results, "comparison");
        assertThat(comparison.getRequiredPayload(TestExecutionResult.class).getStatus())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    private Path comparison(String extension) throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("results/greet"))) {
            return files.filter(file -> file.getFileName().toString().startsWith("comparison-")
                    && file.getFileName().toString().endsWith(extension)).findFirst().orElseThrow();
        }
    }

    @Test
    void theComparisonIsWrittenWithTheFlippedItemsSideBySide() throws IOException {
        run("greet");

        assertThat(Files.readString(comparison(".md"))).contains("## greet_english against greet",
                "vs variant greet", "1 regressed, 0 improved", "| case-002 | Bonjour, Jean ! | Hello, Jean! |",
                "✓ greet_english vs greet: mean exact_match 0.67 → 0.33", "no significant difference",
                "| variant | prompt | model | items | pass rate |", "| greet_english | greet_english sha256:");
        // Each variant has its own run folder and record.
        assertThat(work.resolve("results/greet___greet")).isDirectory();
        assertThat(work.resolve("results/greet___greet_english")).isDirectory();
    }

    @Test
    void theComparisonPageLinksEachVariantsReportAndIsTheTestsFileEntry() throws IOException {
        EngineExecutionResults results = run("greet");

        Path page = comparison(".html");
        String html = Files.readString(page);
        assertThat(html).contains("<h2>greet_english against greet</h2>", "<h3>Regressed: passed in greet, fail in greet_english</h3>",
                "<tr id=\"row-1\" data-status=\"flipped\">", "✓ greet_english vs greet: mean exact_match 0.67 → 0.33");
        List<String> reports = java.util.regex.Pattern.compile("<a href=\"([^\"]+)\">report</a>").matcher(html)
                .results().map(match -> match.group(1)).toList();
        assertThat(reports).hasSize(2).allSatisfy(link -> assertThat(page.resolveSibling(java.net.URLDecoder.decode(
                link, java.nio.charset.StandardCharsets.UTF_8))).isRegularFile().hasFileName("report.html"));
        List<Path> entries = results.allEvents().list().stream()
                .filter(event -> event.getType() == org.junit.platform.testkit.engine.EventType.FILE_ENTRY_PUBLISHED)
                .filter(event -> event.getTestDescriptor().getDisplayName().equals("comparison"))
                .map(event -> event.getRequiredPayload(org.junit.platform.engine.reporting.FileEntry.class).getPath())
                .toList();
        assertThat(entries).containsExactly(page, comparison(".md"));
        assertThat(Files.readString(work.resolve("results/index.html"))).contains("<a href=\"greet/"
                + page.getFileName() + "\">");
    }

    @Test
    void aBoundAgainstAVariantThatDoesNotExistFailsNamingTheVariants() {
        EngineExecutionResults results = run("misnamed");

        Event comparison = test(results, "comparison");
        assertThat(comparison.getRequiredPayload(TestExecutionResult.class).getThrowable()).hasValueSatisfying(
                thrown -> assertThat(thrown).hasMessageContaining("notWorseThan = \"gret\") names no variant that ran;"
                        + " the variants: [greet, greet_english]"));
    }

    @Test
    void oneVariantsItemReRunsByItsUniqueId() {
        String id = "[engine:prompt-experiment]/[class:" + VariantExperiments.class.getName()
                + "]/[experiment:greet]/[variant:greet_english]/[item:case-002]";

        EngineExecutionResults results = EngineKit.engine(work).selectors(selectUniqueId(id)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
    }

    @Test
    void aPairwiseJudgeWeighsEachVariantAgainstTheReferenceAndTheComparisonCountsWinsTiesAndLosses()
            throws IOException {
        EngineExecutionResults results = run("judged");

        results.testEvents().assertStatistics(stats -> stats.failed(0).aborted(0));
        Path page;
        try (Stream<Path> files = Files.list(work.resolve("results/judged"))) {
            page = files.filter(file -> file.toString().endsWith(".md")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(page)).contains("| pairwise judge | greet preferred | ties | greet_english preferred |",
                "| preferred | 1 | 2 | 0 |");
        assertThat(Files.readString(page.resolveSibling(page.getFileName().toString().replace(".md", ".html"))))
                .contains("<tr data-judge=\"preferred\"><td>preferred</td><td class=\"num\">1</td>"
                        + "<td class=\"num\">2</td><td class=\"num\">0</td></tr>");
        // The reference has no one to be weighed against: it says so, and its items still pass.
        try (Stream<Path> runs = Files.list(work.resolve("results/judged___greet_english"))) {
            Path report = runs.filter(Files::isDirectory).filter(folder -> !folder.endsWith("latest")).findFirst()
                    .orElseThrow().resolve("report.md");
            assertThat(Files.readString(report)).contains("pairwise judge preferred left 3 item runs of this variant "
                    + "unscored");
        }
    }

    @Test
    void theVariantsItemsTakeTurnsWithinTheExperimentsConcurrency() {
        dev.junitprompt.engine.fixtures.GreetingModel.PROMPTS.clear();

        EngineKit.engine(work).configurationParameter("prompt.experiment.concurrency", "1")
                .selectors(selectMethod(VariantExperiments.class, "greet")).execute();

        // greet asks in each item's language, greet_english in English: one item of each, then the next.
        assertThat(dev.junitprompt.engine.fixtures.GreetingModel.PROMPTS).containsExactly(
                "Say hello to Ada in English.", "Say hello to Ada in English.",
                "Say hello to Jean in French.", "Say hello to Jean in English.",
                "Say hello to Grace in German.", "Say hello to Grace in English.");
    }
}

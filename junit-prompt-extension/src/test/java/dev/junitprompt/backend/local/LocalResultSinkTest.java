package dev.junitprompt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.results.RunInfo;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.results.TestResults;

class LocalResultSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path results;

    private static RunInfo run(String experiment, String runId) {
        return TestResults.run(experiment, runId).build();
    }

    private static final RunInfo RUN = run("prepGenerate", "20250101T120000Z");

    private static ItemResult passed() {
        DatasetItem item = new DatasetItem("prep_generate", "case-001", "Backend engineer",
                JsonNodeFactory.instance.objectNode().put("job_title", "Backend"),
                JsonNodeFactory.instance.objectNode().put("steps", 4), null);
        return ItemResult.builder(item).output("{\"steps\": 4}")
                .scores(List.of(Score.of("json_matches_expected", 1.0).withComment("all fields match"),
                        Score.of("valid_json", true), Score.category("tone", "neutral")))
                .latency(Duration.ofMillis(1234)).usage(new Usage(12, 5, 17)).model("gpt-4o-mini-2024-07-18").build();
    }

    private static ItemResult failed() {
        DatasetItem item = new DatasetItem("prep_generate", "case-002", "Designer",
                JsonNodeFactory.instance.objectNode().put("job_title", "Designer"), null, null);
        return ItemResult.builder(item).output("nope").score(Score.of("judge", 0.2).withComment("Off topic."))
                .failure(new ItemResult.Failure("judge", 0.2, 0.7, "judge 0.20 < min 0.70")).latency(Duration.ofMillis(50))
                .usage(new Usage(3, 1, 4)).model("gpt-4o-mini").build();
    }

    private static ItemResult errored() {
        DatasetItem item = new DatasetItem("prep_generate", "case-003", "", null, null, null);
        return ItemResult.builder(item).error("model timed out").latency(Duration.ofMillis(30000)).build();
    }

    /** The item lines of a run record: what follows the header, up to the summary. */
    private static List<JsonNode> lines(Path file) throws IOException {
        return all(file).stream().filter(line -> line.path("type").asText().equals("item")).toList();
    }

    private static List<JsonNode> all(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }).toList();
    }

    private Path runFolder(String experiment, String runId) {
        return results.resolve(experiment).resolve(runId);
    }

    @Test
    void writesOneJsonLinePerItemAsItFinishes() throws Exception {
        ResultSink.Recorder recorder = new LocalResultSink(results).open(RUN);

        recorder.record(passed());
        recorder.record(failed());

        List<JsonNode> lines = lines(runFolder("prepGenerate", "20250101T120000Z").resolve("results.jsonl"));
        assertThat(lines).extracting(line -> line.path("item").asText()).containsExactly("case-001", "case-002");
        assertThat(lines).extracting(line -> line.path("status").asText()).containsExactly("passed", "failed");
    }

    @Test
    void startsTheRecordWithTheRunsHeader() throws Exception {
        new LocalResultSink(results).open(RUN);

        JsonNode header = all(runFolder("prepGenerate", "20250101T120000Z").resolve("results.jsonl")).get(0);
        assertThat(header.path("type").asText()).isEqualTo("run");
        assertThat(header.path("experiment").asText()).isEqualTo("prepGenerate");
        assertThat(header.path("run").asText()).isEqualTo("20250101T120000Z");
        assertThat(header.path("dataset").path("name").asText()).isEqualTo("prep_generate");
        assertThat(header.path("target").asText()).isEqualTo("prep_generate");
        assertThat(header.path("test_class").asText()).isEqualTo("com.example.PrepTest");
    }

    @Test
    void writesTheItemsInputExpectedOutputScoresLatencyAndUsage() throws Exception {
        ResultSink.Recorder recorder = new LocalResultSink(results).open(RUN);

        recorder.record(passed());
        recorder.finish(TestResults.summary("prepGenerate", passed()));

        JsonNode line = lines(runFolder("prepGenerate", "20250101T120000Z").resolve("results.jsonl")).get(0);
        assertThat(line.path("item").asText()).isEqualTo("case-001");
        assertThat(line.path("description").asText()).isEqualTo("Backend engineer");
        assertThat(line.path("status").asText()).isEqualTo("passed");
        assertThat(line.path("input")).isEqualTo(JSON.readTree("{\"job_title\": \"Backend\"}"));
        assertThat(line.path("expected")).isEqualTo(JSON.readTree("{\"steps\": 4}"));
        assertThat(line.path("output").asText()).isEqualTo("{\"steps\": 4}");
        assertThat(line.path("scores")).isEqualTo(JSON.readTree("""
                [{"name": "json_matches_expected", "type": "numeric", "value": 1.0, "comment": "all fields match",
                  "metadata": {}},
                 {"name": "valid_json", "type": "boolean", "value": 1.0, "comment": "", "metadata": {}},
                 {"name": "tone", "type": "categorical", "category": "neutral", "comment": "", "metadata": {}}]
                """));
        assertThat(line.path("failures")).isEmpty();
        assertThat(line.path("error").asText()).isEmpty();
        assertThat(line.path("latency_ms").asLong()).isEqualTo(1234);
        assertThat(line.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(line.path("usage")).isEqualTo(
                JSON.readTree("{\"input_tokens\": 12, \"output_tokens\": 5, \"total_tokens\": 17}"));
    }

    @Test
    void writesStructuredFailuresAndNoExpectedOutputWhenThereIsNone() throws Exception {
        ResultSink.Recorder recorder = new LocalResultSink(results).open(RUN);

        recorder.record(failed());

        JsonNode line = lines(runFolder("prepGenerate", "20250101T120000Z").resolve("results.jsonl")).get(0);
        assertThat(line.path("failures")).isEqualTo(JSON.readTree("""
                [{"evaluator": "judge", "score": 0.2, "threshold": 0.7, "message": "judge 0.20 < min 0.70"}]
                """));
        assertThat(line.has("expected")).isFalse();
    }

    @Test
    void endsTheRecordWithTheSummaryAndReadsBackAsTheRun() throws Exception {
        ResultSink.Recorder recorder = new LocalResultSink(results).open(RUN);
        recorder.record(passed());
        recorder.record(failed());
        recorder.finish(TestResults.summary("prepGenerate", passed(), failed()));

        Path file = runFolder("prepGenerate", "20250101T120000Z").resolve("results.jsonl");
        JsonNode summary = all(file).get(3);
        assertThat(summary.path("type").asText()).isEqualTo("summary");
        assertThat(summary.path("figures").path("pass_rate").asDouble()).isEqualTo(0.5);
        RunRecord record = RunRecord.read(file);
        assertThat(record.run()).isEqualTo(RUN);
        assertThat(record.results()).containsExactly(passed(), failed());
        assertThat(record.summary()).hasValueSatisfying(read -> assertThat(read.passRate()).isEqualTo(0.5));
        assertThat(record.toJsonLines()).isEqualTo(Files.readString(file));
    }

    /** Item runs of as many dataset items, with the run that has them. */
    private static List<ItemResult> itemRuns(int count) {
        List<ItemResult> runs = new java.util.ArrayList<>();
        for (int i = 1; i <= count; i++) {
            DatasetItem item = new DatasetItem("prep_generate", String.format("case-%03d", i), "",
                    JsonNodeFactory.instance.objectNode().put("n", i), null, null);
            runs.add(ItemResult.builder(item).output("answer " + i).score(Score.of("valid_json", true)).build());
        }
        return runs;
    }

    private static RunInfo runOf(List<ItemResult> runs, int repetitions) {
        return TestResults.run("prepGenerate", "20250101T120000Z").items(runs.stream().map(ItemResult::item)
                .toList()).setting("repetitions", String.valueOf(repetitions)).build();
    }

    @Test
    void writesReportsOfTheFirstItemRunsWhileTheRunGoesOnAndTheWholeRunsAtItsEnd() throws Exception {
        List<ItemResult> runs = itemRuns(3 * LocalResultSink.IN_PROGRESS_AFTER);
        ResultSink.Recorder recorder = new LocalResultSink(results).open(runOf(runs, 1));
        Path folder = runFolder("prepGenerate", "20250101T120000Z");

        for (ItemResult result : runs.subList(0, LocalResultSink.IN_PROGRESS_AFTER - 1)) {
            recorder.record(result);
        }
        assertThat(folder.resolve("report.html")).doesNotExist();
        recorder.record(runs.get(LocalResultSink.IN_PROGRESS_AFTER - 1));
        assertThat(Files.readString(folder.resolve("report.html"))).contains("in progress: the run&#39;s first 50",
                "answer 50").doesNotContain("answer 51");
        assertThat(Files.readString(folder.resolve("report.md"))).contains("in progress");

        for (ItemResult result : runs.subList(LocalResultSink.IN_PROGRESS_AFTER, runs.size())) {
            recorder.record(result);
        }
        recorder.finish(TestResults.summary("prepGenerate", runs.toArray(ItemResult[]::new)));
        assertThat(Files.readString(folder.resolve("report.html"))).contains("answer 150").doesNotContain("in progress");
        assertThat(Files.readString(folder.resolve("report.md"))).doesNotContain("in progress");
        assertThat(recorder.problems()).isEmpty();
    }

    @Test
    void writesNoInProgressReportsForARunTheyWouldBeMostOfOrOneWithRepetitions() throws Exception {
        List<ItemResult> small = itemRuns(2 * LocalResultSink.IN_PROGRESS_AFTER);
        ResultSink.Recorder recorder = new LocalResultSink(results).open(runOf(small, 1));
        for (ItemResult result : small) {
            recorder.record(result);
        }
        assertThat(runFolder("prepGenerate", "20250101T120000Z").resolve("report.html")).doesNotExist();

        List<ItemResult> repeated = itemRuns(3 * LocalResultSink.IN_PROGRESS_AFTER);
        Path other = results.resolve("other");
        ResultSink.Recorder withRepetitions = new LocalResultSink(other).open(runOf(repeated, 3));
        for (ItemResult result : repeated) {
            withRepetitions.record(result);
        }
        assertThat(other.resolve("prepGenerate").resolve("20250101T120000Z").resolve("report.html")).doesNotExist();
    }

    @Test
    void writesTheErrorOfAnErroredItem() throws Exception {
        ResultSink.Recorder recorder = new LocalResultSink(results).open(RUN);

        recorder.record(errored());

        JsonNode line = lines(runFolder("prepGenerate", "20250101T120000Z").resolve("results.jsonl")).get(0);
        assertThat(line.path("status").asText()).isEqualTo("errored");
        assertThat(line.path("error").asText()).isEqualTo("model timed out");
    }

    @Test
    void finishWritesTheMarkdownReportWithFailuresFirst() throws Exception {
        ResultSink.Recorder recorder = new LocalResultSink(results).open(RUN);
        recorder.record(passed());
        recorder.record(failed());

        recorder.finish(TestResults.summary("prepGenerate", passed(), failed()));

        String markdown = Files.readString(runFolder("prepGenerate", "20250101T120000Z").resolve("report.md"));
        assertThat(markdown.indexOf("case-002 · Designer")).isPositive()
                .isLessThan(markdown.indexOf("case-001 · Backend engineer"));
        assertThat(markdown).contains("Off topic.").contains("all fields match");
    }

    @Test
    void givesTwoRunsWithTheSameIdDistinctFolders() throws Exception {
        LocalResultSink sink = new LocalResultSink(results);

        ResultSink.Recorder first = sink.open(RUN);
        ResultSink.Recorder second = sink.open(RUN);
        first.record(passed());
        second.record(failed());

        assertThat(lines(runFolder("prepGenerate", "20250101T120000Z").resolve("results.jsonl")))
                .extracting(line -> line.path("item").asText()).containsExactly("case-001");
        assertThat(lines(runFolder("prepGenerate", "20250101T120000Z-2").resolve("results.jsonl")))
                .extracting(line -> line.path("item").asText()).containsExactly("case-002");
    }

    @Test
    void namesTheExperimentFolderWithFileSafeCharacters() throws Exception {
        new LocalResultSink(results).open(run("prep/generate: v2", "r1"));

        assertThat(runFolder("prep_generate__v2", "r1").resolve("results.jsonl")).isRegularFile();
    }

    @Test
    void latestPointsAtTheLastFinishedRun() throws Exception {
        LocalResultSink sink = new LocalResultSink(results);
        sink.open(run("prepGenerate", "r1")).finish(TestResults.summary("prepGenerate", passed()));
        sink.open(run("prepGenerate", "r2")).finish(TestResults.summary("prepGenerate", passed()));

        Path latest = results.resolve("prepGenerate").resolve("latest");
        assertThat(latest.resolve("report.md")).isRegularFile();
        assertThat(latest.toRealPath()).isEqualTo(runFolder("prepGenerate", "r2").toRealPath());
    }

    @Test
    void finishWritesTheHtmlReportBesideTheMarkdownAndReturnsItsPath() throws Exception {
        ResultSink.Recorder recorder = new LocalResultSink(results).open(RUN);
        recorder.record(passed());
        recorder.record(failed());

        String link = recorder.finish(TestResults.summary("prepGenerate", passed(), failed()));

        Path report = runFolder("prepGenerate", "20250101T120000Z").resolve("report.html");
        assertThat(link).isEqualTo(report.toString());
        assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>")
                .contains("<title>prepGenerate — run 20250101T120000Z</title>")
                .contains("<a href=\"#item-2\">case-002 · Designer</a>").contains("Off topic.");
    }

    @Test
    void theHtmlReportDetailsAnItemWithThePromptItsRecordKeptWholeWhenTheSummaryHoldsItCompact() throws Exception {
        ItemResult whole = ItemResult.builder(failed().item()).output("nope").score(Score.of("judge", 0.2))
                .failure(new ItemResult.Failure("judge", 0.2, 0.7, "judge 0.20 < min 0.70"))
                .prompt(List.of(new dev.junitprompt.target.PromptMessage("user", "Write questions for a Designer")))
                .build();
        ResultSink.Recorder recorder = new LocalResultSink(results).open(RUN);
        recorder.record(whole);

        recorder.finish(TestResults.summary("prepGenerate", whole.compact()));

        assertThat(Files.readString(runFolder("prepGenerate", "20250101T120000Z").resolve("report.html")))
                .contains("Write questions for a Designer");
    }

    @Test
    void finishListsEveryRunInTheIndexNewestFirst() throws Exception {
        LocalResultSink sink = new LocalResultSink(results);
        sink.open(TestResults.run("prepGenerate", "r1").startedAt(Instant.parse("2025-01-01T12:00:00Z")).build())
                .finish(TestResults.summary("prepGenerate", passed()));
        sink.open(TestResults.run("questions", "r2").startedAt(Instant.parse("2025-01-02T12:00:00Z")).build())
                .finish(TestResults.summary("questions", failed()));

        String index = Files.readString(results.resolve("index.html"));

        assertThat(index).contains("<a href=\"questions/r2/report.html\">report.html</a>")
                .contains("<a href=\"prepGenerate/r1/report.html\">report.html</a>");
        assertThat(index.indexOf("questions/r2")).isLessThan(index.indexOf("prepGenerate/r1"));
    }

    @Test
    void anIndexThatCannotBeWrittenIsAProblemOfTheRunNotAFailure() throws Exception {
        ResultSink.Recorder recorder = new LocalResultSink(results).open(RUN);
        Files.createDirectories(results.resolve("index.html").resolve("in-the-way"));

        String link = recorder.finish(TestResults.summary("prepGenerate", passed()));

        assertThat(Path.of(link)).isRegularFile();
        assertThat(recorder.problems()).singleElement().asString().startsWith("index.html of " + results + " not written");
    }

    @Test
    void aReportPageThatCannotBeWrittenIsAProblemAndTheMarkdownIsTheLink() throws Exception {
        ResultSink.Recorder recorder = new LocalResultSink(results).open(RUN);
        Path folder = runFolder("prepGenerate", "20250101T120000Z");
        Files.createDirectories(folder.resolve("report.html"));

        String link = recorder.finish(TestResults.summary("prepGenerate", passed()));

        assertThat(link).isEqualTo(folder.resolve("report.md").toString());
        assertThat(recorder.problems()).singleElement().asString()
                .startsWith("report.html of run 20250101T120000Z not written");
        assertThat(results.resolve("prepGenerate").resolve("latest").resolve("report.md")).isRegularFile();
    }
}

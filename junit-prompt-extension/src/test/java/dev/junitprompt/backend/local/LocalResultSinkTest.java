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
import dev.junitprompt.backend.ResultSink;
import dev.junitprompt.backend.RunInfo;
import dev.junitprompt.report.ExperimentSummary;
import dev.junitprompt.report.ItemResult;

class LocalResultSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path results;

    private static RunInfo run(String experiment, String runId) {
        return new RunInfo(experiment, runId, "com.example.PrepTest", "prep_generate", "prep_generate",
                Instant.parse("2025-01-01T12:00:00Z"));
    }

    private static final RunInfo RUN = run("prepGenerate", "20250101T120000Z");

    private static ItemResult passed() {
        DatasetItem item = new DatasetItem("prep_generate", "case-001", "Backend engineer",
                JsonNodeFactory.instance.objectNode().put("job_title", "Backend"),
                JsonNodeFactory.instance.objectNode().put("steps", 4), null);
        return new ItemResult(item, "{\"steps\": 4}",
                List.of(Score.of("json_matches_expected", 1.0).withComment("all fields match"),
                        Score.of("valid_json", true), Score.category("tone", "neutral")),
                List.of(), "", Duration.ofMillis(1234), new Usage(12, 5, 17), "gpt-4o-mini-2024-07-18");
    }

    private static ItemResult failed() {
        DatasetItem item = new DatasetItem("prep_generate", "case-002", "Designer",
                JsonNodeFactory.instance.objectNode().put("job_title", "Designer"), null, null);
        return new ItemResult(item, "nope", List.of(Score.of("judge", 0.2).withComment("Off topic.")),
                List.of("judge 0.20 < min 0.70"), "", Duration.ofMillis(50), new Usage(3, 1, 4), "gpt-4o-mini");
    }

    private static ItemResult errored() {
        DatasetItem item = new DatasetItem("prep_generate", "case-003", "", null, null, null);
        return new ItemResult(item, "", List.of(), List.of(), "model timed out", Duration.ofMillis(30000), Usage.NONE, "");
    }

    private static List<JsonNode> lines(Path file) throws IOException {
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
    void writesTheItemsInputExpectedOutputScoresLatencyAndUsage() throws Exception {
        ResultSink.Recorder recorder = new LocalResultSink(results).open(RUN);

        recorder.record(passed());
        recorder.finish(new ExperimentSummary("prepGenerate", List.of(passed()), List.of()));

        JsonNode line = lines(runFolder("prepGenerate", "20250101T120000Z").resolve("results.jsonl")).get(0);
        assertThat(line.path("experiment").asText()).isEqualTo("prepGenerate");
        assertThat(line.path("run").asText()).isEqualTo("20250101T120000Z");
        assertThat(line.path("dataset").asText()).isEqualTo("prep_generate");
        assertThat(line.path("target").asText()).isEqualTo("prep_generate");
        assertThat(line.path("item").asText()).isEqualTo("case-001");
        assertThat(line.path("description").asText()).isEqualTo("Backend engineer");
        assertThat(line.path("status").asText()).isEqualTo("passed");
        assertThat(line.path("input")).isEqualTo(JSON.readTree("{\"job_title\": \"Backend\"}"));
        assertThat(line.path("expected")).isEqualTo(JSON.readTree("{\"steps\": 4}"));
        assertThat(line.path("output").asText()).isEqualTo("{\"steps\": 4}");
        assertThat(line.path("scores")).isEqualTo(JSON.readTree("""
                {"json_matches_expected": {"type": "numeric", "value": 1.0, "comment": "all fields match"},
                 "valid_json": {"type": "boolean", "value": 1.0, "comment": ""},
                 "tone": {"type": "categorical", "value": "neutral", "comment": ""}}
                """));
        assertThat(line.path("failures")).isEmpty();
        assertThat(line.has("error")).isFalse();
        assertThat(line.path("latency_ms").asLong()).isEqualTo(1234);
        assertThat(line.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(line.path("usage")).isEqualTo(
                JSON.readTree("{\"input_tokens\": 12, \"output_tokens\": 5, \"total_tokens\": 17}"));
    }

    @Test
    void writesFailuresAndMissingExpectedOutput() throws Exception {
        ResultSink.Recorder recorder = new LocalResultSink(results).open(RUN);

        recorder.record(failed());

        JsonNode line = lines(runFolder("prepGenerate", "20250101T120000Z").resolve("results.jsonl")).get(0);
        assertThat(line.path("failures")).isEqualTo(JSON.readTree("[\"judge 0.20 < min 0.70\"]"));
        assertThat(line.path("expected").isNull()).isTrue();
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
    void finishWritesTheMarkdownReportWithFailuresFirstAndReturnsItsPath() throws Exception {
        ResultSink.Recorder recorder = new LocalResultSink(results).open(RUN);
        recorder.record(passed());
        recorder.record(failed());

        String link = recorder.finish(new ExperimentSummary("prepGenerate", List.of(passed(), failed()), List.of()));

        Path report = runFolder("prepGenerate", "20250101T120000Z").resolve("report.md");
        assertThat(link).isEqualTo(report.toString());
        String markdown = Files.readString(report);
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
}

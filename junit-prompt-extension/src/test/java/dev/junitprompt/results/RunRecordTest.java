package dev.junitprompt.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;
import dev.junitprompt.target.PromptMessage;

class RunRecordTest {

    private static final Instant T0 = Instant.parse("2025-01-01T12:00:00.123456789Z");

    private static final DatasetItem CASE_1 = new DatasetItem("prep_generate", "case-001", "Backend engineer",
            JsonNodeFactory.instance.objectNode().put("job_title", "Backend").put("years", 5),
            JsonNodeFactory.instance.objectNode().put("steps", 4),
            JsonNodeFactory.instance.objectNode().put("tier", "gold"));
    private static final DatasetItem CASE_2 = new DatasetItem("prep_generate", "case-002", "", 
            JsonNodeFactory.instance.objectNode().put("job_title", "Designer"), null, null);
    private static final DatasetItem NEVER_RAN = new DatasetItem("prep_generate", "case-003", "", null, null, null);

    private static final List<PromptMessage> PROMPT = List.of(new PromptMessage("system", "You are terse."),
            new PromptMessage("user", "Plan an interview for Backend"));

    private static RunInfo run() {
        return RunInfo.builder("prepGenerate", "20250101T120000Z").testClass("com.example.PrepTest")
                .dataset("prep_generate", "langfuse", "7").items(List.of(CASE_1, CASE_2, NEVER_RAN))
                .target("langfuse:prep_generate#3").prompt(new RunInfo.Prompt("ab12", "3", "staging"))
                .model(new RunInfo.Model("openai", "gpt-4o-mini", Map.of("temperature", 0.2, "max_tokens", 300)))
                .startedAt(T0).gitCommit("0123456789abcdef0123456789abcdef01234567")
                .setting("repetitions", "2").setting("pass_rule", "majority").setting("sample", "0.5")
                .build();
    }

    private static Trace trace(int repetition) {
        Instant start = T0.plusSeconds(repetition);
        Trace.ModelCall call = new Trace.ModelCall("openai", "gpt-4o-mini-2024-07-18",
                Map.of("temperature", 0.2, "max_tokens", 300, "stop", List.of("\n\n")), PROMPT, "{\"steps\": 4}",
                new Usage(12, 5, 17), 0.0000045, 0.0000018, start.plusMillis(1), start.plusMillis(813).plusNanos(17), true, 1);
        Trace.Evaluation scored = new Trace.Evaluation("judge", Score.of("judge", 0.4).withComment("vague")
                .withMetadata("criteria", List.of("specific", "kind")), "", start.plusMillis(814), start.plusMillis(900),
                List.of(new Trace.ModelCall("openai", "gpt-4o", Map.of("temperature", 0.0), List.of(
                        new PromptMessage("user", "Rate this plan 0-1")), "0.4: vague", new Usage(30, 4, 34), Double.NaN, Double.NaN,
                        start.plusMillis(815), start.plusMillis(899), false, 3)));
        Trace.Evaluation failed = new Trace.Evaluation("json_matches_expected", null, "no expected output",
                start.plusMillis(900), start.plusMillis(901));
        return new Trace(start, start.plusMillis(902), List.of(call), List.of(scored, failed));
    }

    private static List<ItemResult> results() {
        ItemResult failedRepetition = ItemResult.builder(CASE_1).repetition(1).prompt(PROMPT).output("{\"steps\": 4}")
                .score(Score.of("judge", 0.4).withComment("vague").withMetadata("criteria", List.of("specific", "kind")))
                .score(Score.of("valid_json", true)).score(Score.category("tone", "neutral"))
                .failure(new ItemResult.Failure("judge", 0.4, 0.7, "judge = 0.40 < min 0.70\n  vague"))
                .failure(ItemResult.Failure.of("json_matches_expected", "json_matches_expected: no expected output"))
                .latency(Duration.ofNanos(812_345_678)).usage(new Usage(12, 5, 17)).model("gpt-4o-mini-2024-07-18")
                .cost(0.0000045).trace(trace(1)).build();
        ItemResult passedRepetition = ItemResult.builder(CASE_1).repetition(2).prompt(PROMPT).output("{\"steps\": 4}")
                .score(Score.of("judge", 0.9)).latency(Duration.ofMillis(700)).usage(new Usage(12, 5, 17))
                .model("gpt-4o-mini-2024-07-18").cost(0.0000045).trace(trace(2)).build();
        ItemResult errored = ItemResult.builder(CASE_2).repetition(1).prompt(PROMPT)
                .error("Item 'case-002' could not be run on prep_generate: HTTP 500").build();
        return List.of(failedRepetition, passedRepetition, errored);
    }

    private static RunRecord record() {
        List<ItemResult> results = results();
        ExperimentSummary summary = ExperimentSummary.builder("prepGenerate").results(results)
                .thresholds(List.of("✗ mean judge 0.65 < 0.80")).passRule(PassRule.MAJORITY, 0)
                .notes(List.of("sampled 2 of 3 items")).links(List.of("Langfuse: http://localhost:3000/x")).build();
        return new RunRecord(run(), results, java.util.Optional.of(summary));
    }

    @Test
    void writeReadWriteGivesTheSameBytes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(RunRecord.FILE_NAME);
        Files.writeString(file, record().toJsonLines());

        RunRecord read = RunRecord.read(file);

        assertThat(read.toJsonLines()).isEqualTo(Files.readString(file));
    }

    @Test
    void readsBackTheSameItemResultsTraceAndFailures() {
        RunRecord read = RunRecord.parse(record().toJsonLines().lines().toList(), "results.jsonl");

        assertThat(read.results()).isEqualTo(results());
        assertThat(read.results().get(0).failures()).first()
                .isEqualTo(new ItemResult.Failure("judge", 0.4, 0.7, "judge = 0.40 < min 0.70\n  vague"));
        assertThat(read.results().get(0).trace().calls().get(0).end())
                .isEqualTo(T0.plusSeconds(1).plusMillis(813).plusNanos(17));
        assertThat(read.results().get(2).status()).isEqualTo(ItemResult.Status.ERRORED);
    }

    @Test
    void readsBackTheRunsHeaderWithItsPromptModelCommitAndSettings() {
        RunRecord read = RunRecord.parse(record().toJsonLines().lines().toList(), "results.jsonl");

        assertThat(read.run()).usingRecursiveComparison().ignoringFields("items").isEqualTo(run());
        // An item that never ran is known by its id; those that ran, whole.
        assertThat(read.run().items()).containsExactly(CASE_1, CASE_2, NEVER_RAN);
    }

    @Test
    void recomputesTheSummaryFromTheItemRuns() {
        RunRecord read = RunRecord.parse(record().toJsonLines().lines().toList(), "results.jsonl");

        assertThat(read.summary()).hasValueSatisfying(summary -> {
            assertThat(summary.passRate()).isEqualTo(0.0);
            assertThat(summary.means()).containsEntry("judge", 0.65);
            assertThat(summary.rule()).isEqualTo(PassRule.MAJORITY);
            assertThat(summary.thresholds()).containsExactly("✗ mean judge 0.65 < 0.80");
            assertThat(summary.links()).containsExactly("Langfuse: http://localhost:3000/x");
        });
    }

    @Test
    void aRunKilledBeforeItsSummaryReadsWithoutOne() {
        List<String> lines = record().toJsonLines().lines().toList();

        RunRecord read = RunRecord.parse(lines.subList(0, 2), "results.jsonl");

        assertThat(read.results()).hasSize(1);
        assertThat(read.summary()).isEmpty();
    }

    @Test
    void aBrokenLineIsNamedByFileLineAndField() {
        List<String> lines = new java.util.ArrayList<>(record().toJsonLines().lines().toList());
        lines.set(1, lines.get(1).replace("\"output\":", "\"outpt\":"));
        lines.set(2, "{not json");

        assertThatThrownBy(() -> RunRecord.parse(lines.subList(0, 2), "run/results.jsonl"))
                .isInstanceOf(RunRecordException.class)
                .hasMessage("run/results.jsonl line 2: field 'output' must be a string but is missing");
        assertThatThrownBy(() -> RunRecord.parse(lines, "run/results.jsonl"))
                .isInstanceOf(RunRecordException.class).hasMessageStartingWith("run/results.jsonl line 2");
        assertThatThrownBy(() -> RunRecord.parse(List.of(lines.get(2)), "run/results.jsonl"))
                .hasMessageStartingWith("run/results.jsonl line 1 is not JSON");
    }

    @Test
    void aFileWithoutItsHeaderSaysWhatItIsNot() {
        List<String> lines = record().toJsonLines().lines().toList();

        assertThatThrownBy(() -> RunRecord.parse(lines.subList(1, 3), "old/results.jsonl"))
                .isInstanceOf(RunRecordException.class)
                .hasMessageContaining("old/results.jsonl line 1: a run record starts with its \"run\" line");
        assertThatThrownBy(() -> RunRecord.parse(List.of(), "empty/results.jsonl"))
                .hasMessage("empty/results.jsonl is empty: it holds no run");
    }

    @Test
    void readsTheItemRunsOfTheItemsAskedForLineByLine(@TempDir Path folder) throws Exception {
        RunRecord record = new RunRecord(TestResults.run("prepGenerate", "r1").build(), List.of(
                TestResults.passed("case-001", 10), TestResults.failed("case-002", 20), TestResults.passed("case-003", 30)),
                java.util.Optional.empty());
        Path file = Files.writeString(folder.resolve(RunRecord.FILE_NAME), record.toJsonLines());

        assertThat(RunRecord.readResults(file, id -> !id.equals("case-001")))
                .isEqualTo(record.results().subList(1, 3));
    }

    @Test
    void readingTheItemsAskedForLeavesTheOthersUndecoded(@TempDir Path folder) throws Exception {
        RunRecord record = new RunRecord(TestResults.run("prepGenerate", "r1").build(), List.of(
                TestResults.passed("case-001", 10), TestResults.passed("case-002", 20)), java.util.Optional.empty());
        List<String> lines = new java.util.ArrayList<>(List.of(record.toJsonLines().split("\n")));
        // case-002's line broken after its id: a report that details only case-001 still reads.
        String second = lines.get(2);
        lines.set(2, second.substring(0, second.indexOf("\"status\"")) + "\"latency_ms\": oops}");
        Path file = Files.write(folder.resolve(RunRecord.FILE_NAME), lines);

        assertThat(RunRecord.readResults(file, "case-001"::equals)).containsExactly(record.results().get(0));
        assertThatThrownBy(() -> RunRecord.readResults(file, "case-002"::equals))
                .isInstanceOf(RunRecordException.class).hasMessageContaining("line 3");
    }

    @Test
    void anItemLinesIdIsReadWithoutDecodingTheLine() {
        assertThat(RunRecordCodec.itemId("{\"type\":\"item\",\"item\":\"case-7\",\"input\":{\"a\":[1,{}]}}"))
                .contains("case-7");
        assertThat(RunRecordCodec.itemId("{\"input\":{\"item\":\"x\"},\"item\":\"case-8\",\"type\":\"item\"}"))
                .contains("case-8");
        assertThat(RunRecordCodec.itemId("{\"type\":\"summary\",\"item\":\"case-7\"}")).isEmpty();
        assertThat(RunRecordCodec.itemId("{\"type\":\"item\",\"item\":\"case-")).isEmpty();
        assertThat(RunRecordCodec.itemId("[1]")).isEmpty();
    }
}

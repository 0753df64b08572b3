package dev.junitprompt.results;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Score;
import dev.junitprompt.testing.Fuzz;
import dev.junitprompt.testing.Generator;

/** Any results.jsonl reads as a run record, or fails naming the file (and its line) (see {@link Fuzz}). */
class RunRecordFuzzTest {

    private static final String ORIGIN = "fuzzed/results.jsonl";
    private static final List<String> FIELDS = List.of("type", "run", "item", "summary", "format", "experiment",
            "test_class", "dataset", "name", "source", "version", "target", "prompt", "hash", "label", "model",
            "provider", "parameters", "started_at", "git_commit", "settings", "items", "repetition", "status",
            "description", "input", "expected", "metadata", "output", "scores", "value", "category", "comment",
            "failures", "evaluator", "score", "threshold", "message", "error", "latency_ms", "retries", "cost", "usage",
            "trace", "start", "end", "calls", "evaluations", "pass_rule", "at_least", "pass_target", "thresholds",
            "notes", "links", "run_scores", "figures", "numeric", "boolean", "categorical", "all", "majority");
    private static final String SEED = new RunRecord(TestResults.run("prepGenerate", "20250101T000000Z")
            .items(List.of(TestResults.item("case-001"), TestResults.item("case-002"))).build(),
            List.of(TestResults.passed("case-001", 812, Score.of("json_matches_expected", 1.0)),
                    TestResults.failed("case-002", 640, Score.of("json_matches_expected", 0.5))),
            java.util.Optional.of(TestResults.summary("prepGenerate",
                    TestResults.passed("case-001", 812, Score.of("json_matches_expected", 1.0)))))
            .toJsonLines();

    private static final Generator<String> RECORDS = Fuzz.texts(List.of(SEED), FIELDS);

    @Test
    void anyRunRecord() {
        Fuzz.forAll(RECORDS, text -> Fuzz.holdsContract(ORIGIN,
                () -> RunRecord.parse(List.of(text.split("\n", -1)), ORIGIN), RunRecordException.class));
    }

    @Test
    void anySummaryLineForTheListOfRuns() {
        Fuzz.forAll(RECORDS, text -> {
            for (String line : text.split("\n", -1)) {
                Fuzz.holdsContract(ORIGIN, () -> RunRecordCodec.figures(line, ORIGIN), RunRecordException.class);
            }
        });
    }
}

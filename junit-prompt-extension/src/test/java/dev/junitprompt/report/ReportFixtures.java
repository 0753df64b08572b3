package dev.junitprompt.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;
import dev.junitprompt.results.Comparison;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.RunInfo;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.results.TestResults;
import dev.junitprompt.results.Trace;
import dev.junitprompt.results.VariantComparison;
import dev.junitprompt.target.PromptMessage;

/** A run as the reports' tests need it: passed, failed (by a judge), errored and hostile items. */
final class ReportFixtures {

    static final Instant START = Instant.parse("2025-01-01T12:00:00Z");

    /** An output that would run script, break out of elements and fences, were it not escaped. */
    static final String HOSTILE_OUTPUT = "<script>window.hacked=1</script><img src=x onerror=\"window.hacked=2\">"
            + "</textarea></script><a href=\"javascript:window.hacked=3\">click</a> 'quoted' \"double\"\n```\nfence";

    static final String REASONING = "The answer talks about cooking, not the designer role.";

    private ReportFixtures() {
    }

    static RunInfo run() {
        return TestResults.run("prepGenerate", "20250101T120000Z")
                .prompt(new RunInfo.Prompt("0123456789abcdef0123456789abcdef", "3", "production"))
                .model(new RunInfo.Model("openai", "gpt-4o-mini", Map.of("temperature", 0.2)))
                .gitCommit("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678")
                .setting("repetitions", "1").setting("sample", "0.5").setting("sample.seed", "7").build();
    }

    static DatasetItem item(String id, String description, String expected) {
        return new DatasetItem("prep_generate", id, description,
                JsonNodeFactory.instance.objectNode().put("job_title", description),
                expected == null ? null : JsonNodeFactory.instance.textNode(expected), null);
    }

    static List<PromptMessage> prompt(String role) {
        return List.of(new PromptMessage("system", "You write interview questions."),
                new PromptMessage("user", "Questions for a " + role));
    }

    static Trace.ModelCall call(List<PromptMessage> messages, String output, long startMillis, long endMillis,
            double cost, int attempts) {
        return new Trace.ModelCall("openai", "gpt-4o-mini", Map.of("temperature", 0.2), messages, output,
                new Usage(40, 12, 52), cost, cost / 2, START.plusMillis(startMillis), START.plusMillis(endMillis), false,
                attempts);
    }

    static ItemResult passed() {
        List<PromptMessage> prompt = prompt("Backend engineer");
        String output = "Q1: How do you design an idempotent API?";
        return ItemResult.builder(item("case-001", "Backend engineer", output)).prompt(prompt).output(output)
                .score(Score.of("judge", 0.9).withComment("Covers the role.")).score(Score.of("valid", true))
                .latency(Duration.ofMillis(120)).usage(new Usage(40, 12, 52)).model("gpt-4o-mini").cost(0.0002)
                .trace(new Trace(START, START.plusMillis(300), List.of(call(prompt, output, 0, 120, 0.0001, 1)),
                        List.of(new Trace.Evaluation("judge", Score.of("judge", 0.9), "", START.plusMillis(130),
                                START.plusMillis(290), List.of(call(List.of(new PromptMessage("user", "Judge this")),
                                        "{\"score\": 0.9}", 130, 290, 0.0001, 1))))))
                .build();
    }

    static ItemResult failedByJudge() {
        List<PromptMessage> prompt = prompt("Designer");
        String output = "Q1: What is your favourite cooking recipe?";
        Score judge = Score.of("judge", 0.2).withComment("Off topic.").withMetadata("reasoning", REASONING)
                .withMetadata("failed_items", List.of("asks about design work"))
                .withMetadata("suggestions", List.of("Ask about a portfolio"));
        return ItemResult.builder(item("case-002", "Designer", "Q1: Walk me through your design portfolio?"))
                .prompt(prompt).output(output).score(judge).score(Score.of("valid", true))
                .failure(new ItemResult.Failure("judge", 0.2, 0.7, "judge = 0.20 < min 0.70"))
                .latency(Duration.ofMillis(250)).usage(new Usage(40, 12, 52)).model("gpt-4o-mini").cost(0.0004)
                .trace(new Trace(START, START.plusMillis(600), List.of(call(prompt, output, 0, 250, 0.0002, 2)),
                        List.of(new Trace.Evaluation("judge", judge, "", START.plusMillis(260), START.plusMillis(590),
                                List.of(call(List.of(new PromptMessage("user", "Judge this")), "{\"score\": 0.2}",
                                        260, 590, 0.0002, 1))))))
                .build();
    }

    static ItemResult errored() {
        return ItemResult.builder(item("case-003", "Data engineer", null)).prompt(prompt("Data engineer"))
                .error("HTTP 500 from openai: upstream failed").latency(Duration.ofMillis(30)).build();
    }

    static ItemResult hostile() {
        return ItemResult.builder(item("case-004", "<b>bold</b> \"quoted\" & co", "safe text"))
                .prompt(List.of(new PromptMessage("user", "</textarea><script>window.hacked=4</script>")))
                .output(HOSTILE_OUTPUT).score(Score.of("judge", 0.8).withComment("<img src=x onerror=alert(1)>"))
                .score(Score.of("valid", false))
                .failure(ItemResult.Failure.of("valid", "valid: <script>window.hacked=5</script>"))
                .latency(Duration.ofMillis(90)).usage(new Usage(10, 5, 15)).model("gpt-4o-mini").cost(0.0001).build();
    }

    static ExperimentSummary summary(List<ItemResult> results) {
        return ExperimentSummary.builder("prepGenerate").results(results)
                .thresholds(List.of("✓ mean judge 0.68 ≥ 0.60", "✗ pass rate 25% < 90%"))
                .notes(List.of("sampled 4 of 8 items (prompt.experiment.sample)"))
                .links(List.of("Langfuse: https://cloud.langfuse.example/project/p/datasets/d/runs/r",
                        "Evil: javascript:window.hacked=6"))
                .runScores(List.of(Score.of("f1", 0.5).withComment("two labels confused"))).build();
    }

    /** The four items above, recorded with their summary. */
    static RunRecord record() {
        List<ItemResult> results = List.of(passed(), failedByJudge(), errored(), hostile());
        return new RunRecord(run(), results, Optional.of(summary(results)));
    }

    /**
     * The run above as variant {@code v1}, against {@code v2}: case-001 passed in v1 and fails in v2, case-002 the
     * other way round, case-003 errored in v1 and passes in v2, and case-004 fails in both with a hostile output.
     */
    static VariantComparison comparison() {
        RunRecord v1 = record();
        RunInfo v2Run = TestResults.run("prepGenerate · v2", "20250101T120000Z")
                .prompt(new RunInfo.Prompt("fedcba9876543210fedcba9876543210", "4", ""))
                .model(new RunInfo.Model("openai", "gpt-4o", Map.of())).build();
        List<ItemResult> v2Results = List.of(
                ItemResult.builder(item("case-001", "Backend engineer", "Q1: How do you design an idempotent API?"))
                        .output("Q1: What is your favourite colour?").score(Score.of("judge", 0.1))
                        .score(Score.of("valid", true))
                        .failure(new ItemResult.Failure("judge", 0.1, 0.7, "judge = 0.10 < min 0.70"))
                        .latency(Duration.ofMillis(80)).usage(new Usage(40, 12, 52)).cost(0.0003).build(),
                ItemResult.builder(item("case-002", "Designer", "Q1: Walk me through your design portfolio?"))
                        .output("Q1: Walk me through your design portfolio?").score(Score.of("judge", 0.95))
                        .score(Score.of("valid", true)).latency(Duration.ofMillis(90)).cost(0.0003).build(),
                ItemResult.builder(item("case-003", "Data engineer", null)).output("Q1: How do you model events?")
                        .score(Score.of("judge", 0.8)).score(Score.of("valid", true)).latency(Duration.ofMillis(70))
                        .build(),
                ItemResult.builder(item("case-004", "<b>bold</b> \"quoted\" & co", "safe text"))
                        .output(HOSTILE_OUTPUT + " v2").score(Score.of("judge", 0.7)).score(Score.of("valid", false))
                        .failure(ItemResult.Failure.of("valid", "valid: not valid")).latency(Duration.ofMillis(60))
                        .build());
        ExperimentSummary v2Summary = ExperimentSummary.builder("prepGenerate · v2").results(v2Results).build();
        Comparison v2AgainstV1 = Comparison.of(v1, "variant v1", v2Summary);
        return new VariantComparison("prepGenerate", START.plusNanos(31_808_935), List.of(
                new VariantComparison.Variant("v1", v1.run(), v1.summary().orElseThrow(),
                        "../prepGenerate___v1/20250101T120000Z/report.html"),
                new VariantComparison.Variant("v2", v2Run, v2Summary, "")),
                List.of(new VariantComparison.Pair("v1", "v2", v2AgainstV1)),
                List.of("✓ v2 vs v1: mean judge 0.63 → 0.58 (-0.050, 95% [-0.800, +0.750]): no significant difference",
                        "✗ v2 vs v1: pass rate 0.25 → 0.50 is worse"),
                List.of("Langfuse comparison: https://cloud.langfuse.example/project/p/datasets/d/compare?runs=r1&runs=r2",
                        "Evil: javascript:window.hacked=7"));
    }
}

package dev.junitprompt.results;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;

/** Results as tests need them: a few lines for an item run, a run, a summary. */
public final class TestResults {

    private TestResults() {
    }

    public static DatasetItem item(String id) {
        return new DatasetItem("ds", id, "", null, null, null);
    }

    public static ItemResult passed(String id, long latencyMillis, Score... scores) {
        return result(id, latencyMillis, List.of(), "", scores);
    }

    public static ItemResult failed(String id, long latencyMillis, Score... scores) {
        return result(id, latencyMillis, List.of(ItemResult.Failure.of("judge", "below threshold")), "", scores);
    }

    public static ItemResult errored(String id, long latencyMillis) {
        return result(id, latencyMillis, List.of(), "model timed out");
    }

    public static ItemResult result(String id, long latencyMillis, List<ItemResult.Failure> failures, String error,
            Score... scores) {
        return ItemResult.builder(item(id)).output("out").scores(List.of(scores)).failures(failures).error(error)
                .latency(Duration.ofMillis(latencyMillis)).usage(new Usage(10, 4, 14)).model("gpt-4o-mini").build();
    }

    /** A run of {@code experiment} on dataset {@code prep_generate} and target {@code prep_generate}. */
    public static RunInfo.Builder run(String experiment, String runId) {
        return RunInfo.builder(experiment, runId).testClass("com.example.PrepTest")
                .dataset("prep_generate", "local", "").target("prep_generate")
                .startedAt(Instant.parse("2025-01-01T12:00:00Z"));
    }

    public static ExperimentSummary summary(String experiment, ItemResult... results) {
        return ExperimentSummary.builder(experiment).results(List.of(results)).build();
    }

    public static com.fasterxml.jackson.databind.node.ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}

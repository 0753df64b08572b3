package dev.junitprompt.backend.langsmith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Score;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.results.RunInfo;
import dev.junitprompt.results.Trace;

/**
 * Records experiment runs in LangSmith as its own SDK's {@code evaluate()} does: one experiment (a
 * tracer session linked to the dataset) per run; per item run a root run with
 * {@code reference_example_id}, an llm child run per model call and a child run per evaluator;
 * feedback per evaluator; summary feedback on the experiment, which ends with the run. A local
 * dataset and its examples are created or updated first, with stable example ids.
 */
@API(status = API.Status.INTERNAL)
public final class LangSmithResultSink implements ResultSink {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RUN_BATCH = 50;

    private final Map<String, String> environment;
    private final RetryPolicy retry;

    public LangSmithResultSink(Map<String, String> environment, RetryPolicy retry) {
        this.environment = environment;
        this.retry = retry;
    }

    @Override
    public String name() {
        return "langsmith";
    }

    @Override
    public Recorder open(RunInfo run) {
        return new LangSmithExperiment(LangSmithClient.fromEnvironment(environment, retry), run);
    }

    private static final class LangSmithExperiment implements Recorder {

        private final LangSmithClient client;
        private final RunInfo run;
        private final String datasetId;
        private final Map<String, String> exampleIds = new HashMap<>();
        private final LangSmithSession session;
        private final List<LangSmithRun> pendingRuns = new ArrayList<>();
        private final List<LangSmithFeedback> pendingFeedback = new ArrayList<>();

        LangSmithExperiment(LangSmithClient client, RunInfo run) {
            this.client = client;
            this.run = run;
            this.datasetId = prepareDataset();
            ObjectNode metadata = JSON.createObjectNode().put("target", run.target()).put("test_class", run.testClass())
                    .put("experiment", run.experiment()).put("dataset", run.dataset()).put("runner", "junit-prompt");
            // What LangSmith's compare view reads, as its SDK writes it: the commit as revision_id, repetitions, splits.
            if (!run.gitCommit().isEmpty()) {
                metadata.put("git_commit", run.gitCommit()).put("revision_id", run.gitCommit());
            }
            metadata.put("num_repetitions", Integer.parseInt(run.settings().getOrDefault("repetitions", "1")));
            if (run.settings().containsKey("splits")) {
                metadata.putArray("dataset_splits").addAll(java.util.Arrays.stream(run.settings().get("splits")
                        .split(",")).map(com.fasterxml.jackson.databind.node.TextNode::valueOf).toList());
            }
            if (!run.datasetVersion().isEmpty()) {
                metadata.put("dataset_version", run.datasetVersion());
            }
            this.session = client.createSession(UUID.randomUUID().toString(),
                    run.experiment() + "-" + run.runId() + "-" + Integer.toHexString(run.startedAt().getNano()),
                    "junit-prompt run of " + run.testClass() + " on " + run.target(), metadata, datasetId,
                    run.startedAt());
        }

        private String prepareDataset() {
            if ("langsmith".equals(run.datasetSource())) {
                run.items().forEach(item -> exampleIds.put(item.id(), item.id()));
                return client.dataset(run.dataset()).id();
            }
            LangSmithDataset dataset = client.datasetOrCreate(run.dataset(), "Pushed by junit-prompt from datasets/"
                    + run.dataset(), JSON.createObjectNode().put("source", "junit-prompt local dataset"));
            List<LangSmithExample> examples = new ArrayList<>();
            for (DatasetItem item : run.items()) {
                LangSmithExample example = LangSmithExample.fromLocal(dataset.id(), item);
                exampleIds.put(item.id(), example.id());
                examples.add(example);
            }
            client.upsertExamples(dataset.id(), examples);
            return dataset.id();
        }

        @Override
        public synchronized void record(ItemResult result) {
            Trace trace = result.trace();
            Instant start = trace.start().equals(Instant.EPOCH) ? Instant.now() : trace.start();
            ObjectNode metadata = JSON.createObjectNode().put("item_id", result.item().id())
                    .put("repetition", result.repetition()).put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
            LangSmithRun root = LangSmithRun.root(run.experiment(), "chain", start).toBuilder()
                    .session(session.id(), session.name())
                    .referenceExample(exampleIds.getOrDefault(result.item().id(),
                            LangSmithExample.localId(run.dataset(), result.item().id())))
                    .inputs(result.item().inputs())
                    .outputs(TextNode.valueOf(result.output()))
                    .metadata(metadata)
                    .endTime(trace.end().isBefore(start) ? start : trace.end())
                    .error(result.error().isEmpty() ? null : result.error())
                    .build();
            pendingRuns.add(root);
            for (Trace.ModelCall call : trace.calls()) {
                ObjectNode outputs = JSON.createObjectNode().put("output", call.output());
                outputs.putObject("usage_metadata").put("input_tokens", call.usage().inputTokens())
                        .put("output_tokens", call.usage().outputTokens())
                        .put("total_tokens", call.usage().totalTokens());
                ObjectNode callMetadata = JSON.createObjectNode().put("ls_provider", call.provider())
                        .put("ls_model_name", call.model()).put("replayed", call.replayed());
                callMetadata.set("ls_invocation_params", JSON.valueToTree(call.parameters()));
                ObjectNode inputs = JSON.createObjectNode();
                inputs.set("messages", JSON.valueToTree(call.messages()));
                pendingRuns.add(root.child(call.model().isEmpty() ? "model call" : call.model(), "llm", call.start())
                        .toBuilder().inputs(inputs).outputs(outputs).metadata(callMetadata).endTime(call.end())
                        .build());
            }
            for (Trace.Evaluation evaluation : trace.evaluations()) {
                LangSmithRun.Builder evaluator = root.child(evaluation.evaluator(), "chain", evaluation.start())
                        .toBuilder().inputs(JSON.createObjectNode().put("output", result.output()))
                        .endTime(evaluation.end());
                pendingRuns.add((evaluation.score() == null ? evaluator.error(evaluation.error())
                        : evaluator.outputs(scoreJson(evaluation.score()))).build());
            }
            for (Score score : result.scores()) {
                pendingFeedback.add(LangSmithFeedback.ofRun(root, score.name(),
                        score.isNumeric() ? score.value() : null,
                        score.isNumeric() ? null : TextNode.valueOf(score.category()), score.comment()));
            }
            if (pendingRuns.size() >= RUN_BATCH) {
                flush();
            }
        }

        /** Runs first: feedback must point at runs LangSmith already has. */
        private void flush() {
            if (!pendingRuns.isEmpty()) {
                client.postRuns(List.copyOf(pendingRuns), List.of());
                pendingRuns.clear();
            }
            pendingFeedback.forEach(client::createFeedback);
            pendingFeedback.clear();
        }

        @Override
        public synchronized String finish(ExperimentSummary summary) {
            flush();
            summary.means().forEach((metric, mean) -> client.createFeedback(LangSmithFeedback.summary(session.id(),
                    metric, mean, null, "mean over " + summary.results().size() + " runs")));
            client.createFeedback(LangSmithFeedback.summary(session.id(), "pass_rate", summary.passRate(), null,
                    summary.itemIds().size() + " items; " + String.join("; ", summary.thresholds())));
            client.endSession(session.id(), Instant.now());
            try {
                return "LangSmith: " + client.experimentUrl(datasetId, session.id());
            } catch (LangSmithException e) {
                return "LangSmith: experiment '" + session.name() + "' at " + client.webUrl();
            }
        }

        private static JsonNode scoreJson(Score score) {
            ObjectNode json = JSON.createObjectNode().put("key", score.name());
            if (score.isNumeric()) {
                json.put("score", score.value());
            } else {
                json.put("value", score.category());
            }
            return json.put("comment", score.comment());
        }
    }
}

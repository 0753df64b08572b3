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
    /** The tracing project LangSmith's SDK records evaluator runs in. */
    static final String EVALUATORS_PROJECT = "evaluators";

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
    public boolean remote() {
        return true;
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
            // Derived from the run: the same run's experiment (a resumed one, a re-send) is the same session; the
            // shards of one CI run, given its id, share one.
            String shared = run.settings().getOrDefault("run_id", "");
            String sessionId = UUID.nameUUIDFromBytes((run.testClass() + "#" + run.experiment() + "@"
                    + (shared.isEmpty() ? run.startedAt() : shared)).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .toString();
            String sessionName = shared.isEmpty()
                    ? run.experiment() + "-" + run.runId() + "-" + Integer.toHexString(run.startedAt().getNano())
                    : run.experiment() + "-" + shared;
            // Found when it exists: a run sent again from its spool, or resumed, continues its experiment.
            this.session = client.sessionOrCreate(sessionId, sessionName, "junit-prompt run of " + run.testClass()
                    + " on " + run.target(), metadata, datasetId, run.startedAt());
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
            // The item's run ends where evaluation begins, as the SDK's target runs do: the experiment's latency is
            // the target's, and evaluators are runs of their own.
            Instant end = trace.evaluations().isEmpty() ? trace.end() : trace.evaluations().get(0).start();
            ObjectNode metadata = JSON.createObjectNode().put("item_id", result.item().id())
                    .put("repetition", result.repetition()).put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
            String exampleId = exampleIds.getOrDefault(result.item().id(),
                    LangSmithExample.localId(run.dataset(), result.item().id()));
            String key = session.id() + "/" + result.item().id() + "/" + result.repetition();
            LangSmithRun root = LangSmithRun.root(run.experiment(), "chain", start, key).toBuilder()
                    .session(session.id(), session.name())
                    .referenceExample(exampleId)
                    .inputs(result.item().inputs())
                    .outputs(TextNode.valueOf(result.output()))
                    .metadata(metadata)
                    .endTime(end.isBefore(start) ? start : end)
                    .error(result.error().isEmpty() ? null : result.error())
                    .build();
            pendingRuns.add(root);
            for (int i = 0; i < trace.calls().size(); i++) {
                pendingRuns.add(llmRun(root, trace.calls().get(i), "llm/" + i));
            }
            Map<String, String> evaluatorRuns = new HashMap<>();
            for (Trace.Evaluation evaluation : trace.evaluations()) {
                LangSmithRun evaluator = evaluatorRun(evaluation, result, root, exampleId, key);
                pendingRuns.add(evaluator);
                for (int i = 0; i < evaluation.calls().size(); i++) {
                    pendingRuns.add(llmRun(evaluator, evaluation.calls().get(i), "llm/" + i));
                }
                if (evaluation.score() != null) {
                    evaluatorRuns.put(evaluation.score().name(), evaluator.id());
                }
            }
            for (Score score : result.scores()) {
                LangSmithFeedback feedback = LangSmithFeedback.ofRun(root, score.name(),
                        score.isNumeric() ? score.value() : null,
                        score.isNumeric() ? null : TextNode.valueOf(score.category()), score.comment());
                String evaluatorRun = evaluatorRuns.get(score.name());
                pendingFeedback.add(evaluatorRun == null ? feedback : feedback.fromEvaluatorRun(evaluatorRun));
            }
            if (pendingRuns.size() >= RUN_BATCH) {
                send();
            }
        }

        /**
         * An evaluator's run as the SDK records it: a trace of its own in the {@code evaluators} project, naming the
         * experiment, the example and the run it judged; the feedback links to it.
         */
        private LangSmithRun evaluatorRun(Trace.Evaluation evaluation, ItemResult result, LangSmithRun judged,
                String exampleId, String key) {
            ObjectNode inputs = JSON.createObjectNode();
            inputs.putObject("outputs").put("output", result.output());
            result.item().expectedOutput().ifPresent(expected -> inputs.set("reference_outputs", expected));
            ObjectNode metadata = JSON.createObjectNode().put("experiment", session.name())
                    .put("reference_example_id", exampleId).put("reference_run_id", judged.id());
            LangSmithRun.Builder evaluator = LangSmithRun.root(evaluation.evaluator(), "chain", evaluation.start(),
                    key + "/evaluator/" + evaluation.evaluator())
                    .toBuilder().session(null, EVALUATORS_PROJECT).inputs(inputs).metadata(metadata)
                    .endTime(evaluation.end());
            return (evaluation.score() == null ? evaluator.error(evaluation.error())
                    : evaluator.outputs(scoreJson(evaluation.score()))).build();
        }

        /**
         * A model call as LangSmith's OpenAI wrapper records it: the chat request as inputs, the completion in the
         * OpenAI shape as outputs, with the usage and its cost (so LangSmith does not price it by its own table), and
         * the {@code ls_*} metadata its views read.
         */
        private static LangSmithRun llmRun(LangSmithRun parent, Trace.ModelCall call, String key) {
            ObjectNode inputs = JSON.createObjectNode();
            inputs.set("messages", JSON.valueToTree(call.messages()));
            inputs.put("model", call.model());
            call.parameters().forEach((name, value) -> inputs.set(name, JSON.valueToTree(value)));
            ObjectNode outputs = JSON.createObjectNode();
            outputs.putArray("choices").addObject().put("index", 0).putObject("message").put("role", "assistant")
                    .put("content", call.output());
            ObjectNode usage = outputs.putObject("usage_metadata").put("input_tokens", call.usage().inputTokens())
                    .put("output_tokens", call.usage().outputTokens()).put("total_tokens", call.usage().totalTokens());
            if (!Double.isNaN(call.cost())) {
                usage.put("input_cost", call.inputCost()).put("output_cost", call.outputCost())
                        .put("total_cost", call.cost());
            }
            ObjectNode metadata = JSON.createObjectNode().put("ls_provider", call.provider())
                    .put("ls_model_name", call.model()).put("ls_model_type", "chat").put("replayed", call.replayed());
            for (String parameter : List.of("temperature", "max_tokens", "stop")) {
                Object value = call.parameters().get(parameter);
                if (value != null) {
                    metadata.set("ls_" + parameter, JSON.valueToTree(value));
                }
            }
            metadata.set("ls_invocation_params", JSON.valueToTree(call.parameters()));
            return parent.child(call.model().isEmpty() ? "model call" : call.model(), "llm", call.start(), key)
                    .toBuilder()
                    .inputs(inputs).outputs(outputs).metadata(metadata).endTime(call.end()).build();
        }

        @Override
        public synchronized void flush() {
            send();
        }

        /** Runs first: feedback must point at runs LangSmith already has. */
        private void send() {
            if (!pendingRuns.isEmpty()) {
                client.postRuns(List.copyOf(pendingRuns), List.of());
                pendingRuns.clear();
            }
            pendingFeedback.forEach(client::createFeedback);
            pendingFeedback.clear();
        }

        @Override
        public synchronized String finish(ExperimentSummary summary) {
            send();
            summary.means().forEach((metric, mean) -> client.createFeedback(LangSmithFeedback.summary(session.id(),
                    metric, mean, null, "mean over " + summary.results().size() + " runs")));
            for (Score score : summary.runScores()) {
                client.createFeedback(LangSmithFeedback.summary(session.id(), score.name(),
                        score.isNumeric() ? score.value() : null,
                        score.isNumeric() ? null : TextNode.valueOf(score.category()), score.comment()));
            }
            client.createFeedback(LangSmithFeedback.summary(session.id(), "pass_rate", summary.passRate(), null,
                    summary.itemIds().size() + " items; " + String.join("; ", summary.thresholds())));
            client.endSession(session.id(), Instant.now());
            try {
                return LangSmithBackend.LINK_LABEL + ": " + client.experimentUrl(datasetId, session.id());
            } catch (LangSmithException e) {
                return LangSmithBackend.LINK_LABEL + ": experiment '" + session.name() + "' at " + client.webUrl();
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

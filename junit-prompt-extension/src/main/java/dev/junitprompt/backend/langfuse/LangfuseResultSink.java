package dev.junitprompt.backend.langfuse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Score;
import dev.junitprompt.internal.JsonApi;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.results.RunInfo;

/**
 * Records experiment runs in Langfuse, the way its own SDK's experiments look there: per item run a
 * trace over OTLP (root span, a generation per model call, an evaluator span per evaluator), a score
 * per evaluator, and the item linked to its dataset item in the run both ways, as the SDK does on every
 * server: a dataset run item (what v3 reads), and {@code langfuse.experiment.*} attributes on every span with
 * the run's id as the experiment's (what v4 reads; a server migrating from one to the other reads both). A local
 * dataset and its items are upserted first, with stable ids, so runs line up in Langfuse's dataset
 * comparison view. Run-level scores (means, pass rate) go on the dataset run.
 */
@API(status = API.Status.INTERNAL)
public final class LangfuseResultSink implements ResultSink {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SCORE_BATCH = 100;

    private final Map<String, String> environment;
    private final RetryPolicy retry;

    /**
     * A sink with the host and keys from {@code environment}.
     *
     * @param retry how requests are retried
     */
    public LangfuseResultSink(Map<String, String> environment, RetryPolicy retry) {
        this.environment = environment;
        this.retry = retry;
    }

    @Override
    public String name() {
        return "langfuse";
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public Recorder open(RunInfo run) {
        String tracingEnvironment = tracingEnvironment();
        LangfuseClient client = LangfuseClient.fromEnvironment(environment, retry);
        LangfuseHealth health = client.health();
        if (health.majorVersion() > 0 && health.majorVersion() < 3) {
            // A 2.x server takes run items and scores but stores no OTLP traces and rejects run scores: a run recorded
            // there would be missing half, said by misleading notes. Refused in one line instead.
            throw new LangfuseException("Langfuse at " + client.host() + " is version " + health.version()
                    + "; junit-prompt records experiment runs on Langfuse 3 and 4 (2.x stores no OpenTelemetry traces)."
                    + " Upgrade the server, or leave langfuse out of " + dev.junitprompt.api.Constants.BACKENDS);
        }
        return new LangfuseRun(client, run, retry, tracingEnvironment,
                JsonApi.setting(environment, String::strip, "LANGFUSE_RELEASE"));
    }

    /**
     * The Langfuse environment of the run's traces and scores: {@code LANGFUSE_TRACING_ENVIRONMENT}, else the one
     * Langfuse's SDK gives experiments, {@code sdk-experiment}.
     */
    private String tracingEnvironment() {
        String name = JsonApi.setting(environment, String::strip,
                "LANGFUSE_TRACING_ENVIRONMENT").orElse("sdk-experiment");
        // Langfuse's rule: the server refuses other names, which would cost every trace of the run.
        if (!name.matches("[a-z0-9_-]{1,40}") || name.startsWith("langfuse")) {
            throw new LangfuseException("LANGFUSE_TRACING_ENVIRONMENT '" + name + "' is not a Langfuse environment:"
                    + " use up to 40 lowercase letters, digits, '-' and '_', not starting with 'langfuse'");
        }
        return name;
    }

    /** One experiment run in Langfuse. Items arrive one at a time from the engine's reporting thread. */
    private static final class LangfuseRun implements Recorder {

        private final LangfuseClient client;
        private final RunInfo run;
        private final String runName;
        private final String experimentId;
        private final String datasetId;
        private final Map<String, String> itemIds = new HashMap<>();
        private final LangfuseTracer tracer;
        private final List<LangfuseScore> pendingScores = new ArrayList<>();
        private final int repetitions;
        /** The server's id of each repetition's run, as it answered the run's first run item. */
        private final Map<Integer, String> datasetRunIds = new TreeMap<>();
        private final List<String> problems = new ArrayList<>();

        private final String environment;

        LangfuseRun(LangfuseClient client, RunInfo run, RetryPolicy retry, String environment,
                java.util.Optional<String> release) {
            this.environment = environment;
            this.client = client;
            this.run = run;
            // As Langfuse's SDK names runs: the experiment and an ISO time, precise enough to tell runs apart.
            // Shards of one CI run share the run id they are given, so they record into one dataset run.
            this.runName = run.experiment() + " - " + (run.settings().containsKey("run_id") ? run.settings().get("run_id")
                    : run.startedAt().truncatedTo(ChronoUnit.MILLIS).toString());
            // Scores need an id for the run even if no run item was ever taken: derive one.
            this.experimentId = UUID.nameUUIDFromBytes((run.testClass() + "#" + runName)
                    .getBytes(StandardCharsets.UTF_8)).toString();
            this.repetitions = Math.max(1, Integer.parseInt(run.settings().getOrDefault("repetitions", "1")));
            this.datasetId = prepareDataset();
            this.tracer = new LangfuseTracer(client, retry, Duration.ofSeconds(30), environment, release);
        }

        /** The dataset's Langfuse id; a local dataset and its items are upserted first, only what changed. */
        private String prepareDataset() {
            if ("langfuse".equals(run.datasetSource())) {
                run.items().forEach(item -> itemIds.put(item.id(), item.id()));
                return client.dataset(run.dataset()).id();
            }
            ObjectNode metadata = JSON.createObjectNode().put("source", "junit-prompt local dataset");
            String id = client.findDataset(run.dataset()).map(LangfuseDataset::id)
                    .orElseGet(() -> client.upsertDataset(run.dataset(), "Pushed by junit-prompt from datasets/"
                            + run.dataset(), metadata).id());
            Map<String, LangfuseDatasetItem> existing = new HashMap<>();
            client.datasetItems(run.dataset()).forEach(item -> existing.put(item.id(), item));
            for (DatasetItem item : run.items()) {
                LangfuseDatasetItem wanted = LangfuseDatasetItem.fromLocal(item);
                itemIds.put(item.id(), wanted.id());
                if (existing.get(wanted.id()) == null || !existing.get(wanted.id()).sameContentAs(wanted)) {
                    client.upsertDatasetItem(wanted);
                }
            }
            return id;
        }

        @Override
        public synchronized void record(ItemResult result) {
            String itemId = itemIds.getOrDefault(result.item().id(), LangfuseDatasetItem.fromLocal(result.item()).id());
            String repetitionRun = runName(result.repetition());
            // Ids derived from the run and the item: a run item sent again (from the spool, or resumed) overwrites
            // its trace instead of adding a second one.
            LangfuseTracer.TraceIds ids = tracer.trace(result, deterministicId(repetitionRun, result.item().id(),
                    String.valueOf(result.repetition()), "trace"), new LangfuseTracer.ItemLink(run.experiment(),
                    repetitionRun, run.target(), itemId), root -> {
                        // The run item first: the run's id, which the server gives, is the experiment's id.
                        LangfuseRunItem.Created created = client.createRunItem(new LangfuseRunItem(repetitionRun,
                                runDescription(), runMetadata(), itemId, root.traceId(), root.rootSpanId()));
                        datasetRunIds.put(result.repetition(), created.datasetRunId());
                        Map<String, String> experiment = new LinkedHashMap<>();
                        experiment.put("langfuse.experiment.id", created.datasetRunId());
                        experiment.put("langfuse.experiment.name", repetitionRun);
                        experiment.put("langfuse.experiment.description", runDescription());
                        experiment.put("langfuse.experiment.metadata", runMetadata().toString());
                        experiment.put("langfuse.experiment.dataset.id", datasetId);
                        experiment.put("langfuse.experiment.item.id", itemId);
                        if ("langfuse".equals(run.datasetSource()) && !run.datasetVersion().isEmpty()) {
                            // The dataset version the item was read at, which v4 keeps with the experiment's item.
                            experiment.put("langfuse.experiment.item.version", run.datasetVersion());
                        }
                        // The item's metadata as Langfuse holds it.
                        JsonNode itemMetadata = "langfuse".equals(run.datasetSource()) ? result.item().metadata()
                                : LangfuseDatasetItem.fromLocal(result.item()).metadata();
                        if (itemMetadata != null && !itemMetadata.isEmpty()) {
                            experiment.put("langfuse.experiment.item.metadata", itemMetadata.toString());
                        }
                        result.item().expectedOutput().ifPresent(expected -> experiment.put(
                                "langfuse.experiment.item.expected_output", LangfuseTracer.json(expected)));
                        return experiment;
                    });
            for (Score score : result.scores()) {
                pendingScores.add(score(ids, result, score));
            }
            if (pendingScores.size() >= SCORE_BATCH) {
                sendScores();
            }
        }

        private LangfuseScore score(LangfuseTracer.TraceIds ids, ItemResult result, Score score) {
            // Deterministic ids: sending the run's scores again overwrites them instead of adding copies.
            String id = deterministicId(runName, result.item().id(), String.valueOf(result.repetition()), score.name());
            String comment = score.comment();
            LangfuseScore scored = switch (score.type()) {
                case NUMERIC -> LangfuseScore.numeric(id, ids.traceId(), ids.rootSpanId(), score.name(), score.value(),
                        comment);
                case BOOLEAN -> LangfuseScore.bool(id, ids.traceId(), ids.rootSpanId(), score.name(),
                        score.value() == 1.0, comment);
                case CATEGORICAL -> LangfuseScore.categorical(id, ids.traceId(), ids.rootSpanId(), score.name(),
                        score.category(), comment);
            };
            return scored.withMetadata(score.metadata()).inEnvironment(environment);
        }

        /**
         * The Langfuse run a repetition is recorded in. Langfuse keeps one run item per dataset item and run, so
         * with {@code repetitions > 1} each repetition is a run of its own, {@code <run> · rep k}: nothing is
         * overwritten, and Langfuse's run comparison shows the spread between repetitions.
         */
        private String runName(int repetition) {
            return repetitions == 1 ? runName : runName + " · rep " + repetition;
        }

        /**
         * Sends the queued spans and scores; spans lost since the last flush are thrown (after the scores are sent,
         * which Langfuse takes for traces it does not have yet), so their items stay spooled.
         */
        @Override
        public synchronized void flush() {
            java.util.Optional<String> lost = tracer.flush(Duration.ofSeconds(60));
            sendScores();
            if (lost.isPresent()) {
                throw new LangfuseException(lost.get());
            }
        }

        /**
         * Scores each run: its means over its own items, and the experiment's pass rate (over every repetition,
         * by the pass rule), which is what the thresholds judged.
         */
        @Override
        public synchronized String finish(ExperimentSummary summary) {
            tracer.flush(Duration.ofSeconds(60)).ifPresent(problems::add);
            if (datasetRunIds.isEmpty()) {
                datasetRunIds.put(1, experimentId);
            }
            datasetRunIds.forEach((repetition, runId) -> {
                String name = runName(repetition);
                List<ItemResult> results = summary.results().stream()
                        .filter(result -> repetitions == 1 || result.repetition() == repetition).toList();
                ExperimentSummary.means(results).forEach((metric, mean) -> pendingScores.add(LangfuseScore.onRun(
                        deterministicId(name, "run", metric), runId, metric, mean,
                        "mean over " + results.size() + " runs").inEnvironment(environment)));
                // The run evaluators' scores are the whole experiment's: on each of its runs.
                summary.runScores().stream().filter(Score::isNumeric).forEach(score -> pendingScores.add(
                        LangfuseScore.onRun(deterministicId(name, "run", score.name()), runId, score.name(),
                                score.value(), score.comment()).withMetadata(score.metadata())
                                .inEnvironment(environment)));
                pendingScores.add(LangfuseScore.onRun(deterministicId(name, "run", "pass_rate"), runId, "pass_rate",
                        summary.passRate(), summary.itemIds().size() + " items"
                                + (repetitions == 1 ? "" : " over " + repetitions + " repetitions (" + summary.rule()
                                        .name().toLowerCase(java.util.Locale.ROOT) + ")")
                                + "; " + String.join("; ", summary.thresholds())).inEnvironment(environment));
            });
            sendScores();
            String first = datasetRunIds.values().iterator().next();
            return LangfuseBackend.LINK_LABEL + ": " + url(first) + (datasetRunIds.size() == 1 ? ""
                    : " (and " + (datasetRunIds.size() - 1) + " more runs, one per repetition: '" + runName
                            + " · rep k')");
        }


        private String runDescription() {
            return "junit-prompt run of " + run.testClass() + " on " + run.target();
        }

        /**
         * What is true of the whole run. The server keeps a run item's metadata as the run's, overwriting it with
         * each item's: so it is the same for all, and what is particular to an item stays on its trace.
         */
        private ObjectNode runMetadata() {
            ObjectNode metadata = JSON.createObjectNode().put("experiment", run.experiment())
                    .put("target", run.target()).put("test_class", run.testClass());
            if (!run.datasetVersion().isEmpty()) {
                metadata.put("dataset_version", run.datasetVersion());
            }
            return metadata;
        }

        @Override
        public synchronized List<String> problems() {
            return List.copyOf(problems);
        }

        @Override
        public void close() {
            tracer.close();
        }

        /**
         * Sends the pending scores. Scores the server refused as invalid are a problem of the run's record, said with
         * what was refused and why; they do not cost the run its other scores or its link. Scores it still failed
         * to store after the client's retries (a 5xx or 429 inside its 207) are thrown: sent again, they may be taken.
         */
        private void sendScores() {
            if (!pendingScores.isEmpty()) {
                List<LangfuseScore> batch = List.copyOf(pendingScores);
                pendingScores.clear();
                try {
                    client.sendScores(batch);
                } catch (LangfuseException e) {
                    if (e.rejectedEvents().isEmpty() || e.rejectedEvents().stream()
                            .anyMatch(rejected -> rejected.status() >= 500 || rejected.status() == 429)) {
                        throw e;
                    }
                    problems.add(e.getMessage());
                }
            }
        }

        private String url(String runId) {
            try {
                return client.urls().run(client.projectId(), datasetId, runId);
            } catch (LangfuseException e) {
                return client.host() + " (run '" + runName + "'; the project id for a direct link: " + e.getMessage()
                        + ")";
            }
        }
    }

    static String deterministicId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

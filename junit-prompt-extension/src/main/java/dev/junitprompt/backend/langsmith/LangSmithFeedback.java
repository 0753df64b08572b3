package dev.junitprompt.backend.langsmith;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Feedback (a score) on a run, or on a whole experiment ({@link #summary}).
 *
 * @param id         its UUID, chosen by the client
 * @param runId      the run it is about; {@code null} for experiment-level (summary) feedback
 * @param traceId    the root run of that run's trace; {@code null} for summary feedback
 * @param sessionId  the experiment (session) id; LangSmith deprecates run feedback without it
 * @param key        the metric, e.g. {@code correctness}
 * @param score      a number (rounded to 4 decimals as the SDK does), or {@code null}
 * @param value      a string, boolean, number or object, or {@code null}
 * @param comment    the reasoning, or {@code null}
 * @param sourceType {@code model} for evaluators, {@code api} otherwise
 * @param startTime  the run's start time, or {@code null}
 * @param sourceRun  the evaluator's own run, which LangSmith links from the feedback, or {@code null}
 */
@API(status = API.Status.INTERNAL)
public record LangSmithFeedback(String id, String runId, String traceId, String sessionId, String key, Double score,
        JsonNode value, String comment, String sourceType, Instant startTime, String sourceRun) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public LangSmithFeedback {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        sourceType = sourceType == null ? "api" : sourceType;
    }

    /** An evaluator's ({@code model}) feedback on one run. */
    public static LangSmithFeedback ofRun(LangSmithRun run, String key, Double score, JsonNode value, String comment) {
        // Derived from the run and key: feedback sent again replaces itself instead of adding a copy.
        return new LangSmithFeedback(UUID.nameUUIDFromBytes((run.id() + "/" + key).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).toString(), run.id(), run.traceId(), run.sessionId(),
                key, score, value, comment, "model", run.startTime(), null);
    }

    /** This feedback, linked to the evaluator run that produced it ({@code feedback_source.metadata.__run}). */
    public LangSmithFeedback fromEvaluatorRun(String evaluatorRunId) {
        return new LangSmithFeedback(id, runId, traceId, sessionId, key, score, value, comment, sourceType, startTime,
                evaluatorRunId);
    }

    /**
     * Experiment-level feedback: no run and no trace, {@code session_id} the experiment, as the SDK sends summary
     * evaluator results.
     */
    public static LangSmithFeedback summary(String sessionId, String key, Double score, JsonNode value,
            String comment) {
        return new LangSmithFeedback(UUID.nameUUIDFromBytes((sessionId + "/summary/" + key).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).toString(), null, null,
                Objects.requireNonNull(sessionId, "sessionId"), key, score, value, comment, "model", null, null);
    }

    /** The JSON {@code POST /feedback} takes; {@code null} fields are left out, as the SDK does. */
    ObjectNode toJson() {
        ObjectNode json = JSON.createObjectNode().put("id", id);
        if (runId != null) {
            json.put("run_id", runId);
        }
        if (traceId != null) {
            json.put("trace_id", traceId);
        }
        if (sessionId != null) {
            json.put("session_id", sessionId);
        }
        if (startTime != null) {
            json.put("start_time", RunIds.isoTime(startTime));
        }
        json.put("key", key);
        if (score != null) {
            if (score.isNaN() || score.isInfinite()) {
                throw new IllegalArgumentException("Feedback " + key + " has a score that is not a number: " + score);
            }
            json.put("score", BigDecimal.valueOf(score).setScale(4, RoundingMode.HALF_EVEN).doubleValue());
        }
        if (value != null && !value.isNull()) {
            json.set("value", value);
        }
        if (comment != null) {
            json.put("comment", comment);
        }
        ObjectNode source = json.putObject("feedback_source").put("type", sourceType);
        if (sourceRun != null) {
            source.putObject("metadata").putObject("__run").put("run_id", sourceRun);
        }
        return json;
    }
}

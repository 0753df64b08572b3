package dev.junitprompt.backend.langsmith;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One run (a span of a trace) as {@code /runs/batch} takes it. Start one with {@link #root} or {@link #child} (they
 * choose a time-ordered id and fill {@code trace_id} and {@code dotted_order}), then add to it with
 * {@link #toBuilder()}. A run sent as a patch carries the same id, trace id and dotted order.
 *
 * @param id                 the run's UUID
 * @param traceId            the root run's UUID
 * @param parentRunId        the parent's UUID, {@code null} for the root
 * @param dottedOrder        one segment per ancestor and the run itself, see {@link RunIds#dottedSegment}
 * @param name               e.g. the experiment method, the model, the evaluator
 * @param runType            {@code llm}, {@code chain}, {@code tool}, {@code retriever}, {@code embedding},
 *                           {@code prompt} or {@code parser}
 * @param inputs             a JSON object, or {@code null}
 * @param outputs            a JSON object, or {@code null}
 * @param startTime          when it started
 * @param endTime            when it ended, or {@code null}
 * @param sessionId          the experiment's (session's) id, or {@code null}
 * @param sessionName        the experiment's (session's) name, or {@code null}
 * @param referenceExampleId the dataset example it ran on, or {@code null}
 * @param metadata           {@code extra.metadata}, or {@code null}
 * @param error              the error, or {@code null}
 * @param tags               tags, possibly empty
 */
@API(status = API.Status.INTERNAL)
public record LangSmithRun(String id, String traceId, String parentRunId, String dottedOrder, String name,
        String runType, JsonNode inputs, JsonNode outputs, Instant startTime, Instant endTime, String sessionId,
        String sessionName, String referenceExampleId, JsonNode metadata, String error, List<String> tags) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public LangSmithRun {
        Objects.requireNonNull(id, "id");
        tags = tags == null ? List.of() : List.copyOf(tags);
        startTime = startTime == null ? null : RunIds.micros(startTime);
        endTime = endTime == null ? null : RunIds.micros(endTime);
    }

    /** A root run (a trace) starting at {@code start}. */
    public static LangSmithRun root(String name, String runType, Instant start) {
        return root(name, runType, start, null);
    }

    /**
     * A root run whose id derives from {@code key} (and the start), the same on every send: see
     * {@link RunIds#uuid7(Instant, String)}; a random one when {@code key} is {@code null}.
     */
    public static LangSmithRun root(String name, String runType, Instant start, String key) {
        Instant at = RunIds.micros(start);
        String id = (key == null ? RunIds.uuid7(at) : RunIds.uuid7(at, key)).toString();
        return new LangSmithRun(id, id, null, RunIds.dottedSegment(at, id), name, runType, null, null, at, null,
                null, null, null, null, null, List.of());
    }

    /**
     * A child of this run starting at {@code start}, moved to this run's start when earlier (as the SDK does); it
     * inherits the session.
     */
    public LangSmithRun child(String name, String runType, Instant start) {
        return child(name, runType, start, null);
    }

    /** As {@link #child(String, String, Instant)}, with an id derived from {@code key} when it is not {@code null}. */
    public LangSmithRun child(String name, String runType, Instant start, String key) {
        Instant at = RunIds.micros(start);
        if (startTime != null && at.isBefore(startTime)) {
            at = startTime;
        }
        String childId = (key == null ? RunIds.uuid7(at) : RunIds.uuid7(at, id + "/" + key)).toString();
        return new LangSmithRun(childId, traceId, id, dottedOrder + "." + RunIds.dottedSegment(at, childId), name,
                runType, null, null, at, null, sessionId, sessionName, null, null, null, List.of());
    }

    /** Wraps a value that is not a JSON object as {@code {"output": value}}, as the SDK does. */
    public static JsonNode asObject(Object value) {
        if (value == null) {
            return null;
        }
        JsonNode node = value instanceof JsonNode json ? json : JSON.valueToTree(value);
        if (node.isObject()) {
            return node;
        }
        ObjectNode wrapped = JSON.createObjectNode();
        wrapped.set("output", node);
        return wrapped;
    }

    /** A builder holding this run's values; it keeps the id, trace id and dotted order, so patches match the post. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** What may be added to a run after {@link #root} or {@link #child} placed it in its trace. */
    public static final class Builder {

        /** The run as placed in its trace: its id, trace id, parent, dotted order, name, type and start stay. */
        private final LangSmithRun placed;
        private JsonNode inputs;
        private JsonNode outputs;
        private Instant endTime;
        private String sessionId;
        private String sessionName;
        private String referenceExampleId;
        private JsonNode metadata;
        private String error;
        private List<String> tags;

        private Builder(LangSmithRun run) {
            placed = run;
            inputs = run.inputs;
            outputs = run.outputs;
            endTime = run.endTime;
            sessionId = run.sessionId;
            sessionName = run.sessionName;
            referenceExampleId = run.referenceExampleId;
            metadata = run.metadata;
            error = run.error;
            tags = run.tags;
        }

        /** These inputs; a value that is not an object is wrapped as {@code {"output": value}}. */
        public Builder inputs(Object value) {
            inputs = asObject(value);
            return this;
        }

        /** These outputs; a value that is not an object is wrapped as {@code {"output": value}}. */
        public Builder outputs(Object value) {
            outputs = asObject(value);
            return this;
        }

        public Builder endTime(Instant end) {
            endTime = end;
            return this;
        }

        /** In the session with this id (and, when not {@code null}, name). */
        public Builder session(String id, String name) {
            sessionId = id;
            sessionName = name;
            return this;
        }

        public Builder referenceExample(String exampleId) {
            referenceExampleId = exampleId;
            return this;
        }

        /** {@code extra.metadata}: a JSON object. */
        public Builder metadata(JsonNode value) {
            metadata = value;
            return this;
        }

        public Builder error(String value) {
            error = value;
            return this;
        }

        public Builder tags(List<String> value) {
            tags = value;
            return this;
        }

        public LangSmithRun build() {
            return new LangSmithRun(placed.id, placed.traceId, placed.parentRunId, placed.dottedOrder, placed.name,
                    placed.runType, inputs, outputs, placed.startTime, endTime, sessionId, sessionName,
                    referenceExampleId, metadata, error, tags);
        }
    }

    /** The run's JSON as {@code /runs/batch} takes it; absent values are left out (the contract has no nulls). */
    ObjectNode toJson() {
        ObjectNode json = JSON.createObjectNode().put("id", id);
        put(json, "trace_id", traceId);
        put(json, "parent_run_id", parentRunId);
        put(json, "dotted_order", dottedOrder);
        put(json, "name", name);
        put(json, "run_type", runType);
        if (inputs != null) {
            json.set("inputs", asObject(inputs));
        }
        if (outputs != null) {
            json.set("outputs", asObject(outputs));
        }
        put(json, "start_time", startTime == null ? null : RunIds.isoTime(startTime));
        put(json, "end_time", endTime == null ? null : RunIds.isoTime(endTime));
        put(json, "session_id", sessionId);
        put(json, "session_name", sessionName);
        put(json, "reference_example_id", referenceExampleId);
        if (metadata != null && !metadata.isNull()) {
            json.putObject("extra").set("metadata", metadata);
        }
        put(json, "error", error);
        if (!tags.isEmpty()) {
            tags.forEach(json.putArray("tags")::add);
        }
        return json;
    }

    private static void put(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }
}

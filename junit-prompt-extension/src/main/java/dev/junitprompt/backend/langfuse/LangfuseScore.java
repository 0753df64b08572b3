package dev.junitprompt.backend.langfuse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * A score, sent as a {@code score-create} ingestion event ({@code ScoreBody}). It is attached to a trace (and
 * optionally one of its observations) or to a dataset run. Its id is chosen by the caller and deterministic, so a
 * re-send overwrites the score instead of adding another.
 *
 * @param id            the score id
 * @param traceId       the trace, or {@code null} for a run-level score
 * @param observationId an observation of that trace, or {@code null}
 * @param datasetRunId  the dataset run, for a run-level score (then no trace), or {@code null}
 * @param name          the metric name
 * @param value         a {@link Double} for NUMERIC and BOOLEAN (0 or 1), a {@link String} for CATEGORICAL
 * @param dataType      how Langfuse shows the value
 * @param comment       the evaluator's reasoning as people read it, or {@code null}
 * @param metadata      structured details (an LLM judge's criteria, a diff…), empty when there are none
 * @param environment   the Langfuse environment, as the traces', or {@code null} for the server's default
 */
@API(status = API.Status.INTERNAL)
public record LangfuseScore(String id, String traceId, String observationId, String datasetRunId, String name,
        Object value, DataType dataType, String comment, Map<String, Object> metadata, String environment) {

    public LangfuseScore {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
        if ((traceId == null) == (datasetRunId == null)) {
            throw new IllegalArgumentException("Score " + name + " (" + id
                    + ") needs exactly one of a trace id and a dataset run id");
        }
        if (observationId != null && traceId == null) {
            throw new IllegalArgumentException("Score " + name + " (" + id + ") has an observation but no trace");
        }
        boolean textual = dataType == DataType.CATEGORICAL;
        if (textual ? !(value instanceof String) : !(value instanceof Double)) {
            throw new IllegalArgumentException("Score " + name + " (" + id + "): a " + dataType + " value must be a "
                    + (textual ? "String" : "Double") + " but is " + value);
        }
        if (dataType == DataType.BOOLEAN && !(value.equals(0.0) || value.equals(1.0))) {
            throw new IllegalArgumentException("Score " + name + " (" + id + "): a BOOLEAN value is 0 or 1 but is "
                    + value);
        }
    }

    /** A number on a trace (observation optional). */
    public static LangfuseScore numeric(String id, String traceId, String observationId, String name, double value,
            String comment) {
        return new LangfuseScore(id, traceId, observationId, null, name, value, DataType.NUMERIC, comment, Map.of(), null);
    }

    /** Passed/failed on a trace (observation optional), sent as 1 or 0. */
    public static LangfuseScore bool(String id, String traceId, String observationId, String name, boolean value,
            String comment) {
        return new LangfuseScore(id, traceId, observationId, null, name, value ? 1.0 : 0.0, DataType.BOOLEAN,
                comment, Map.of(), null);
    }

    /** A category on a trace (observation optional). */
    public static LangfuseScore categorical(String id, String traceId, String observationId, String name,
            String value, String comment) {
        return new LangfuseScore(id, traceId, observationId, null, name, value, DataType.CATEGORICAL, comment, Map.of(), null);
    }

    /** A number on a whole dataset run (an aggregate: mean, pass rate…). */
    public static LangfuseScore onRun(String id, String datasetRunId, String name, double value, String comment) {
        return new LangfuseScore(id, null, null, datasetRunId, name, value, DataType.NUMERIC, comment, Map.of(), null);
    }

    /** This score with structured details, which Langfuse keeps in the score's {@code metadata}. */
    public LangfuseScore withMetadata(Map<String, Object> details) {
        return new LangfuseScore(id, traceId, observationId, datasetRunId, name, value, dataType, comment, details,
                environment);
    }

    /** This score in a Langfuse environment. */
    public LangfuseScore inEnvironment(String name) {
        return new LangfuseScore(id, traceId, observationId, datasetRunId, this.name, value, dataType, comment,
                metadata, name);
    }

    public enum DataType { NUMERIC, BOOLEAN, CATEGORICAL }
}

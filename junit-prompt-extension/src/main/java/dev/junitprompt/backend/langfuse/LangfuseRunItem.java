package dev.junitprompt.backend.langfuse;

import java.util.Objects;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Links a dataset item to the trace of its run ({@code CreateDatasetRunItemRequest}): how a Langfuse v3 server puts
 * a run into its dataset comparison view. The server rejects any other field.
 *
 * @param runName        the run's name; the run is created with the first item
 * @param runDescription the run's description, or {@code null}
 * @param metadata       the run's metadata, any JSON, or {@code null}
 * @param datasetItemId  the dataset item
 * @param traceId        the item's trace
 * @param observationId  the item's root observation, or {@code null}
 */
@API(status = API.Status.INTERNAL)
public record LangfuseRunItem(String runName, String runDescription, JsonNode metadata, String datasetItemId,
        String traceId, String observationId) {

    public LangfuseRunItem {
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(datasetItemId, "datasetItemId");
        Objects.requireNonNull(traceId, "traceId");
    }

    /**
     * What the server answered ({@code DatasetRunItem}). A v4 server stores nothing and makes the run id up.
     *
     * @param id             the run item's id
     * @param datasetRunId   the run's id (for run-level scores and the run URL)
     * @param datasetRunName the run's name
     */
    public record Created(String id, String datasetRunId, String datasetRunName) {
    }
}

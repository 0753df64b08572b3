package dev.junitprompt.backend.langsmith;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tracer session (a project; an experiment when it has a reference dataset).
 *
 * @param id                 its UUID
 * @param name               its (unique) name
 * @param description        its description, or {@code null}
 * @param tenantId           the workspace it belongs to, or {@code null}
 * @param referenceDatasetId the dataset it is an experiment on, or {@code null}
 * @param startTime          ISO-8601 as LangSmith answered it, or {@code null}
 * @param endTime            ISO-8601 as LangSmith answered it, or {@code null} while it runs
 * @param metadata           {@code extra.metadata} ({@code null} JSON when none)
 */
@API(status = API.Status.INTERNAL)
public record LangSmithSession(String id, String name, String description, String tenantId,
        String referenceDatasetId, String startTime, String endTime, JsonNode metadata) {
}

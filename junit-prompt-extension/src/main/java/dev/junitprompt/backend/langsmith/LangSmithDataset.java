package dev.junitprompt.backend.langsmith;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A LangSmith dataset.
 *
 * @param id          its UUID
 * @param name        its (unique) name
 * @param description its description, or {@code null}
 * @param tenantId    the workspace it belongs to, or {@code null}
 * @param metadata    its metadata ({@code null} JSON when none)
 * @param modifiedAt  when it last changed (ISO-8601), empty when the server did not say
 */
@API(status = API.Status.INTERNAL)
public record LangSmithDataset(String id, String name, String description, String tenantId, JsonNode metadata,
        String modifiedAt) {
}

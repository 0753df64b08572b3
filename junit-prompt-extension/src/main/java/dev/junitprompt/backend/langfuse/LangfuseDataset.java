package dev.junitprompt.backend.langfuse;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Langfuse dataset ({@code Dataset} in the API).
 *
 * @param id          Langfuse's id, needed for the run URL
 * @param name        its unique name within the project
 * @param description a description, or {@code null}
 * @param metadata    any JSON, {@code NullNode} when there is none
 */
@API(status = API.Status.INTERNAL)
public record LangfuseDataset(String id, String name, String description, JsonNode metadata) {
}

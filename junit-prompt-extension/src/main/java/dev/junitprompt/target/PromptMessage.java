package dev.junitprompt.target;

import org.apiguardian.api.API;

/**
 * One rendered chat message.
 *
 * @param role    {@code system}, {@code user} or {@code assistant}
 * @param content the text, placeholders filled
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PromptMessage(String role, String content) {
}

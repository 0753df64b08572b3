package dev.junitprompt.target;

/**
 * One rendered chat message.
 *
 * @param role    {@code system}, {@code user} or {@code assistant}
 * @param content the text, placeholders filled
 */
public record PromptMessage(String role, String content) {
}

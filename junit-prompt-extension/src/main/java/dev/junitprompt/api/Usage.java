package dev.junitprompt.api;

import org.apiguardian.api.API;

/**
 * Token usage of one or more model calls, as the provider reported it.
 *
 * @param inputTokens  prompt tokens
 * @param outputTokens completion tokens
 * @param totalTokens  total tokens (the provider's figure when it gives one)
 */
@API(status = API.Status.STABLE, since = "0.1")
public record Usage(long inputTokens, long outputTokens, long totalTokens) {

    /** No calls, or a task that made none we could see. */
    public static final Usage NONE = new Usage(0, 0, 0);

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                totalTokens + other.totalTokens);
    }
}

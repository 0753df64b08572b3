/**
 * Model calls: building LangChain4j chat models from a target's metadata and the environment
 * ({@link dev.junitprompt.model.ChatModels}), the record/replay cache ({@link dev.junitprompt.model.CacheMode}),
 * prices ({@link dev.junitprompt.model.PriceTable}) and retries ({@link dev.junitprompt.internal.RetryPolicy}).
 *
 * <p>The callers that chain these together for the engine ({@code ModelCaller}, {@code ChatModelCaller},
 * {@code RetryingCaller}, {@code RecordReplayCaller}, {@code RecordReplayChatModel},
 * {@code RecordReplayEmbeddingModel}, {@code AdaptiveLimit}, {@code ModelRequest}, {@code ModelResponse}) are public for the engine and the backends, not for test
 * authors: they may change without notice.
 */
package dev.junitprompt.model;

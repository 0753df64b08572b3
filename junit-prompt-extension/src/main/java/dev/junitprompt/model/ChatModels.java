package dev.junitprompt.model;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apiguardian.api.API;

import dev.junitprompt.internal.HttpClients;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.target.TargetMetadata;
import dev.junitprompt.target.TargetMetadata.ModelSpec;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * Builds the chat model a target's metadata names, with credentials from the providers' own
 * environment variables. Ollama is reached through its OpenAI-compatible endpoint.
 */
@API(status = API.Status.INTERNAL)
public final class ChatModels {

    /**
     * The calls in flight a model is built for when none is given (a {@code @PromptModel} of the user's): its pool
     * keeps 32 idle connections, as many as the shared pool does, enough for most concurrencies.
     */
    private static final int DEFAULT_CONCURRENCY = 30;

    private ChatModels() {
    }

    /**
     * {@link #fromSpec(ModelSpec, Map, RetryPolicy)} with {@link RetryPolicy#defaults()}' call timeout.
     *
     * @throws ModelException naming the variable to set when a credential is missing, or the providers
     *                        there are when the metadata names an unknown one
     */
    public static ChatModel fromSpec(ModelSpec spec, Map<String, String> environment) {
        return fromSpec(spec, environment, RetryPolicy.defaults());
    }

    /**
     * The model, talking HTTP through an {@link OkHttpModelClient} on the model connection pool, each attempt
     * bounded by the policy's call timeout, and never retrying by itself: {@link RetryingCaller} retries, one policy
     * for every provider, with the experiment's shared backoff.
     *
     * @throws ModelException naming the variable to set when a credential is missing, or the providers
     *                        there are when the metadata names an unknown one
     */
    public static ChatModel fromSpec(ModelSpec spec, Map<String, String> environment, RetryPolicy policy) {
        return fromSpec(spec, environment, policy, DEFAULT_CONCURRENCY);
    }

    /**
     * {@link #fromSpec(ModelSpec, Map, RetryPolicy)} for up to {@code concurrency} calls in flight: the model
     * connection pool keeps that many connections (see {@link HttpClients#forModels(int, String)}).
     */
    public static ChatModel fromSpec(ModelSpec spec, Map<String, String> environment, RetryPolicy policy,
            int concurrency) {
        Objects.requireNonNull(policy, "policy");
        return fromSpec(spec, environment, OkHttpModelClient.builder()
                .baseClient(HttpClients.forModels(concurrency, baseUrl(spec.provider(), environment)))
                .callTimeout(policy.callTimeout()));
    }

    /** The base URL the provider's client calls, from the environment; null for the provider's own (https). */
    static String baseUrl(String provider, Map<String, String> environment) {
        String url = switch (provider) {
            case "openai" -> environment.get("OPENAI_BASE_URL");
            case "ollama" -> ollamaBaseUrl(environment);
            case "anthropic" -> environment.get("ANTHROPIC_BASE_URL");
            default -> null;
        };
        return isBlank(url) ? null : url;
    }

    private static String ollamaBaseUrl(Map<String, String> environment) {
        return stripSlash(environment.getOrDefault("OLLAMA_BASE_URL", "http://localhost:11434")) + "/v1";
    }

    /** The model on {@code http}: the pool's client, or the warm-up's, which answers from memory. */
    static ChatModel fromSpec(ModelSpec spec, Map<String, String> environment, OkHttpModelClient.Builder http) {
        return switch (spec.provider()) {
            case "openai" -> {
                String baseUrl = environment.get("OPENAI_BASE_URL");
                String key = environment.get("OPENAI_API_KEY");
                if (isBlank(key) && isBlank(baseUrl)) {
                    throw new ModelException("Model '" + spec.name() + "' needs OPENAI_API_KEY (or OPENAI_BASE_URL "
                            + "for an OpenAI-compatible server); set it, or replay recordings with -D"
                            + CacheMode.KEY + "=replay");
                }
                if (isBlank(key)) {
                    // Servers such as vLLM take no key; one that wants it answers 401, and this line says why.
                    System.err.println("[prompt-experiment] model '" + spec.name() + "': OPENAI_API_KEY is not set, "
                            + "so " + baseUrl + " (OPENAI_BASE_URL) is called without a key");
                }
                yield openAiCompatible(spec, baseUrl, key, http);
            }
            case "ollama" -> openAiCompatible(spec, ollamaBaseUrl(environment), "ollama", http);
            case "anthropic" -> {
                String key = environment.get("ANTHROPIC_API_KEY");
                if (isBlank(key)) {
                    throw new ModelException("Model '" + spec.name() + "' needs ANTHROPIC_API_KEY; set it, or replay "
                            + "recordings with -D" + CacheMode.KEY + "=replay");
                }
                AnthropicChatModel.AnthropicChatModelBuilder builder = AnthropicChatModel.builder()
                        .apiKey(key).modelName(spec.name())
                        .httpClientBuilder(http)
                        .maxRetries(0);
                if (!isBlank(environment.get("ANTHROPIC_BASE_URL"))) {
                    builder.baseUrl(environment.get("ANTHROPIC_BASE_URL"));
                }
                yield builder.build();
            }
            default -> throw new ModelException("Unknown model provider '" + spec.provider()
                    + "' in the target's .metadata.yaml; use openai (also for OpenAI-compatible servers), ollama or "
                    + "anthropic, or supply a ChatModel with @PromptModel");
        };
    }

    /**
     * What the model a spec names supports, for a judge to choose how it asks for its verdict: a JSON-schema response
     * format when the metadata says {@code structured_output: response_format}, or by default for OpenAI (and
     * OpenAI-compatible servers) and Ollama; none with {@code structured_output: tool_call}, or for Anthropic, so
     * verdicts are asked for as a tool call.
     */
    public static Set<Capability> capabilities(ModelSpec spec) {
        return capabilities(spec.provider(), spec.structuredOutput());
    }

    static Set<Capability> capabilities(String provider, TargetMetadata.StructuredOutput structuredOutput) {
        boolean responseFormat = switch (structuredOutput) {
            case RESPONSE_FORMAT -> true;
            case TOOL_CALL -> false;
            case AUTO -> Set.of("openai", "ollama").contains(provider);
        };
        return responseFormat ? Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA) : Set.of();
    }

    private static ChatModel openAiCompatible(ModelSpec spec, String baseUrl, String key,
            OkHttpModelClient.Builder http) {
        OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder()
                .modelName(spec.name())
                // Servers such as vLLM or a local proxy take no key; the client still wants one.
                .apiKey(isBlank(key) ? "none" : key)
                .httpClientBuilder(http)
                // Retries belong to the engine (one policy for every provider), not to each client.
                .maxRetries(0);
        if (!isBlank(baseUrl)) {
            builder.baseUrl(baseUrl);
        }
        return builder.build();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

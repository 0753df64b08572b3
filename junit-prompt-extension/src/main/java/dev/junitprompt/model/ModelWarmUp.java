package dev.junitprompt.model;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apiguardian.api.API;

import dev.junitprompt.internal.HttpClients;
import dev.junitprompt.target.PromptMessage;
import dev.junitprompt.target.TargetMetadata.ModelSpec;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Makes one chat call per provider client a run can use (LangChain4j's OpenAI and Anthropic clients) on a daemon
 * thread while the engine discovers, once per JVM, answered from memory by an OkHttp interceptor: the class loading and
 * first-use set-up of LangChain4j, OkHttp, Kotlin's runtime and Jackson's request and reply mappers — some 0.5 s
 * on a cold JVM — is then done on the other core instead of on the first real call's critical path. Nothing is
 * sent anywhere; a failure here only means the first call sets itself up.
 */
@API(status = API.Status.INTERNAL)
public final class ModelWarmUp {

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final MediaType JSON = MediaType.get("application/json");
    static final String ANSWER = "warmed up";

    private static final String OPENAI_REPLY = """
            {"id":"chatcmpl-warm-up","object":"chat.completion","created":1764000000,"model":"warm-up",
             "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""".formatted(ANSWER);
    private static final String ANTHROPIC_REPLY = """
            {"id":"msg_warm_up","type":"message","role":"assistant","model":"warm-up",
             "content":[{"type":"text","text":"%s"}],"stop_reason":"end_turn",
             "usage":{"input_tokens":1,"output_tokens":1}}""".formatted(ANSWER);

    private ModelWarmUp() {
    }

    /**
     * Starts the warm-up unless it has started already; with the TLS stack too when {@code environment} has a
     * provider's key without an {@code http://} base URL, as for OpenAI's and Anthropic's own servers.
     */
    public static void start(Map<String, String> environment) {
        if (STARTED.compareAndSet(false, true)) {
            boolean tls = needsTls(environment);
            List<String> providers = providers(environment);
            Thread thread = new Thread(() -> {
                warmUp(providers);
                if (tls) {
                    HttpClients.shared(); // its TLS set-up: the JDK's trust store and TLS stack
                }
            }, "prompt-experiment-warm-up");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * The provider clients a run in {@code environment} can use: OpenAI's always (it serves Ollama and
     * OpenAI-compatible servers too, some of which take no key), Anthropic's with its key, without which it cannot
     * be built. A client warmed up for nothing would take the other core from discovery and the first calls.
     */
    static List<String> providers(Map<String, String> environment) {
        String anthropicKey = environment.get("ANTHROPIC_API_KEY");
        return anthropicKey == null || anthropicKey.isBlank() ? List.of("openai") : List.of("openai", "anthropic");
    }

    /**
     * Whether a provider the environment makes usable is called over TLS, at its own URL or an {@code https://}
     * one: OpenAI's with a key or a base URL, Anthropic's with a key, Ollama with a base URL of its own.
     */
    static boolean needsTls(Map<String, String> environment) {
        return overTls("openai", environment, "OPENAI_API_KEY", "OPENAI_BASE_URL")
                || overTls("anthropic", environment, "ANTHROPIC_API_KEY")
                || overTls("ollama", environment, "OLLAMA_BASE_URL");
    }

    private static boolean overTls(String provider, Map<String, String> environment, String... enabling) {
        boolean usable = java.util.Arrays.stream(enabling).map(environment::get)
                .anyMatch(value -> value != null && !value.isBlank());
        return usable && !HttpClients.isCleartext(ChatModels.baseUrl(provider, environment));
    }

    /**
     * Warms the clients of {@code providers} ({@code openai}, {@code anthropic}) up; whether all of them answered (a
     * failure is left to the first real call to meet and say).
     */
    static boolean warmUp(List<String> providers) {
        try {
            // Port 9 (discard) is never reached: the interceptor answers before OkHttp connects.
            Map<String, String> environment = Map.of("OPENAI_API_KEY", "warm-up", "OPENAI_BASE_URL",
                    "http://127.0.0.1:9/v1", "ANTHROPIC_API_KEY", "warm-up", "ANTHROPIC_BASE_URL",
                    "http://127.0.0.1:9/v1");
            OkHttpModelClient.Builder http = OkHttpModelClient.builder().baseClient(HttpClients
                    .forUrl(environment.get("OPENAI_BASE_URL")).newBuilder().addInterceptor(ModelWarmUp::answer).build());
            boolean answered = true;
            for (String provider : providers) {
                ModelSpec spec = new ModelSpec(provider, "warm-up", Map.of());
                ChatModelCaller caller = new ChatModelCaller(() -> ChatModels.fromSpec(spec, environment, http));
                ModelResponse response = caller.call(new ModelRequest(provider, "warm-up",
                        Map.of("temperature", 0, "max_tokens", 8), List.of(new PromptMessage("system", "warm-up"),
                                new PromptMessage("user", "warm-up"))));
                answered &= ANSWER.equals(response.text());
            }
            return answered;
        } catch (RuntimeException | LinkageError e) {
            // The first model call sets up what is missing, and says what is wrong if anything is.
            return false;
        }
    }

    /** The provider's reply to any request, as its server would send it. */
    private static Response answer(Interceptor.Chain chain) {
        boolean anthropic = chain.request().url().encodedPath().endsWith("/messages");
        return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create((anthropic ? ANTHROPIC_REPLY : OPENAI_REPLY)
                        .getBytes(StandardCharsets.UTF_8), JSON))
                .build();
    }
}

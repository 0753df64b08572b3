package dev.junitprompt.model;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apiguardian.api.API;

import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.target.TargetMetadata.ModelSpec;
import dev.langchain4j.model.chat.request.ChatRequest;

/**
 * Loads the model clients' classes (LangChain4j's OpenAI and Anthropic clients, OkHttp, Kotlin's runtime) on a
 * daemon thread while the engine discovers, once per JVM: some 0.4 s of class loading that would otherwise come
 * after discovery, on the first model call's critical path. Nothing is sent; a failure here only means the first
 * call loads them itself.
 */
@API(status = API.Status.INTERNAL)
public final class ModelWarmUp {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private ModelWarmUp() {
    }

    /** Starts the warm-up unless it has started already. */
    public static void start() {
        if (STARTED.compareAndSet(false, true)) {
            Thread thread = new Thread(ModelWarmUp::loadClasses, "prompt-experiment-warm-up");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Loads them; whether all loaded (a failure is left to the first real call to meet and say). */
    static boolean loadClasses() {
        try {
            // Building a model connects nowhere; port 9 (discard) is never called.
            Map<String, String> environment = Map.of("OPENAI_API_KEY", "warm-up", "OPENAI_BASE_URL",
                    "http://127.0.0.1:9/v1", "ANTHROPIC_API_KEY", "warm-up");
            ChatModels.fromSpec(new ModelSpec("openai", "warm-up", Map.of()), environment, RetryPolicy.defaults());
            ChatModels.fromSpec(new ModelSpec("anthropic", "warm-up", Map.of()), environment, RetryPolicy.defaults());
            ChatRequest.Builder request = ChatRequest.builder().messages(ChatModelCaller.toChatMessages(
                    java.util.List.of(new dev.junitprompt.target.PromptMessage("user", "warm-up"))));
            ChatModelCaller.applyParameters(request, Map.of("temperature", 0));
            request.build();
            okhttp3.Request http = new okhttp3.Request.Builder().url("http://127.0.0.1:9/v1/chat/completions")
                    .post(okhttp3.RequestBody.create(new byte[0], okhttp3.MediaType.get("application/json")))
                    .build();
            dev.junitprompt.internal.HttpClients.shared().newCall(http); // RealCall and its kin, never executed
            return true;
        } catch (RuntimeException | LinkageError e) {
            // The first model call loads what is missing, and says what is wrong if anything is.
            return false;
        }
    }
}

package dev.junitprompt.internal;

import java.util.concurrent.TimeUnit;

import org.apiguardian.api.API;

import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The process's one OkHttp client: model providers, Langfuse and LangSmith share its connection pool
 * and threads, and each caller derives its own timeouts with {@code newBuilder()}. Not API.
 */
@API(status = API.Status.INTERNAL)
public final class HttpClients {

    private HttpClients() {
    }

    /** The shared client; derive from it, never shut it down. */
    public static OkHttpClient shared() {
        return Holder.CLIENT;
    }

    private static final class Holder {
        // Idle connections enough for a concurrent experiment (8 by default, 16+ in the benchmark) and its sinks.
        static final OkHttpClient CLIENT = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
                .connectTimeout(10, TimeUnit.SECONDS)
                .build();
    }
}

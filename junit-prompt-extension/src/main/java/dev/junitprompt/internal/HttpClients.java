package dev.junitprompt.internal;

import java.util.concurrent.TimeUnit;

import org.apiguardian.api.API;

import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The process's OkHttp clients. Langfuse and LangSmith share one connection pool and its threads; model calls
 * have a pool of their own, sized to the concurrency in use, so an experiment's calls in flight neither churn
 * connections nor compete with a backend's. Each caller derives its own timeouts with {@code newBuilder()}.
 * Not API.
 */
@API(status = API.Status.INTERNAL)
public final class HttpClients {

    /**
     * Idle model connections kept beyond the calls in flight: a call that starts as another ends finds one
     * open instead of connecting.
     */
    static final int MODEL_CONNECTION_SLACK = 2;

    private static ConnectionPool modelPool;
    private static int modelPoolSize;

    private HttpClients() {
    }

    /** The shared client; derive from it, never shut it down. */
    public static OkHttpClient shared() {
        return Holder.CLIENT;
    }

    /**
     * The client for model calls at up to {@code concurrency} calls in flight: the shared client's threads and
     * timeouts, on the model connection pool, which keeps {@code concurrency + 2} idle connections (OkHttp's
     * pool closes idle connections beyond its size, and a pool smaller than the calls in flight closes and
     * reopens connections all run long). The pool grows to the largest concurrency asked for; a larger one
     * replaces it and closes its idle connections. Its sockets start connects to one address a millisecond apart
     * and acknowledge what they receive at once (see {@link ModelSockets}).
     */
    public static synchronized OkHttpClient forModels(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be positive but is " + concurrency);
        }
        int size = concurrency + MODEL_CONNECTION_SLACK;
        if (modelPool == null || modelPoolSize < size) {
            ConnectionPool previous = modelPool;
            modelPool = new ConnectionPool(size, 5, TimeUnit.MINUTES);
            modelPoolSize = size;
            if (previous != null) {
                previous.evictAll();
            }
        }
        return shared().newBuilder()
                .connectionPool(modelPool)
                .socketFactory(ModelSockets.FACTORY)
                .build();
    }

    private static final class Holder {
        // Idle connections enough for the sinks of a run and their uploads.
        static final OkHttpClient CLIENT = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
                .connectTimeout(10, TimeUnit.SECONDS)
                .build();
    }
}

package dev.junitprompt.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apiguardian.api.API;

import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
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
     * The shared client for calls to {@code baseUrl}: for an {@code http://} URL the shared client's cleartext-only
     * sibling (same pool, threads and timeouts), which skips OkHttp's TLS set-up — loading the JDK's trust store and
     * TLS stack, some 0.1 s of a cold JVM, for a run that talks only to local servers; {@link #shared()} otherwise.
     * The sibling cannot follow a redirect to {@code https://}, so it hands the redirect back; the model client
     * makes such a call again speaking TLS.
     */
    public static OkHttpClient forUrl(String baseUrl) {
        return isCleartext(baseUrl) ? Cleartext.CLIENT : shared();
    }

    /** Whether {@code url} is an {@code http://} one, which {@link #forUrl(String)} calls without TLS. */
    public static boolean isCleartext(String url) {
        return url != null && url.regionMatches(true, 0, "http://", 0, 7);
    }

    /**
     * The client for model calls at up to {@code concurrency} calls in flight: the shared client's threads and
     * timeouts, on the model connection pool, which keeps {@code concurrency + 2} idle connections (OkHttp's
     * pool closes idle connections beyond its size, and a pool smaller than the calls in flight closes and
     * reopens connections all run long). The pool grows to the largest concurrency asked for; a larger one
     * replaces it and closes its idle connections. Its sockets start connects to one address a millisecond apart
     * and acknowledge what they receive at once (see {@link ModelSockets}).
     */
    public static OkHttpClient forModels(int concurrency) {
        return forModels(concurrency, null);
    }

    /**
     * {@link #forModels(int)} for models at {@code baseUrl}, derived from {@link #forUrl(String)}'s client for it
     * (null: one that speaks TLS).
     */
    public static synchronized OkHttpClient forModels(int concurrency, String baseUrl) {
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
        return forUrl(baseUrl).newBuilder()
                .connectionPool(modelPool)
                .socketFactory(ModelSockets.FACTORY)
                .build();
    }

    /** What the shared client and its cleartext sibling share. */
    private static final class Common {
        // Idle connections enough for the sinks of a run and their uploads.
        static final ConnectionPool POOL = new ConnectionPool(32, 5, TimeUnit.MINUTES);
        static final Dispatcher DISPATCHER = new Dispatcher();

        static OkHttpClient.Builder builder() {
            return new OkHttpClient.Builder().connectionPool(POOL).dispatcher(DISPATCHER)
                    .connectTimeout(10, TimeUnit.SECONDS);
        }
    }

    private static final class Holder {
        static final OkHttpClient CLIENT = Common.builder().build();
    }

    private static final class Cleartext {
        static final OkHttpClient CLIENT = Common.builder().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                .followSslRedirects(false).build();
    }
}

package dev.junitprompt.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apiguardian.api.API;

import dev.junitprompt.internal.HttpClients;
import dev.junitprompt.internal.RetryAfter;
import dev.junitprompt.internal.RetryPolicy;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.FormDataFile;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionSpec;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * LangChain4j's {@link HttpClient} on OkHttp, for the chat models junit-prompt builds. All of them share one
 * connection pool (the model pool, {@link HttpClients#forModels(int, String)}); each has its own timeouts, a call timeout
 * bounding a whole attempt among them. A non-2xx answer becomes a {@link ProviderHttpException} carrying the status,
 * the provider's message and {@code Retry-After}, which LangChain4j keeps as the cause of the exception it maps it
 * to, where {@link RetryingCaller} finds them.
 *
 * <p>Credentials never reach a message: header values that look like credentials ({@code Authorization},
 * {@code x-api-key}, {@code api-key}…) are blanked out of a provider's error text, in case the provider echoes them.
 */
@API(status = API.Status.INTERNAL)
public final class OkHttpModelClient implements HttpClient {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final com.fasterxml.jackson.databind.ObjectMapper READER = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final String REDACTED = "[redacted]";

    private final OkHttpClient client;
    private final Clock clock;
    /** {@link #client} speaking TLS, for a redirect of its {@code http://} URL to {@code https://}; racy but benign. */
    private volatile OkHttpClient upgraded;

    private OkHttpModelClient(OkHttpClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** A builder on the process-wide connection pool, with {@link RetryPolicy#defaults()}' call timeout. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) throws HttpException {
        Request okRequest = toOkHttp(request);
        try (Response response = followedToHttps(client.newCall(okRequest).execute(), okRequest)) {
            byte[] body = response.body().bytes();
            if (!response.isSuccessful()) {
                throw providerError(response, new String(body, StandardCharsets.UTF_8), request);
            }
            checkReadable(okRequest, response.code(), body, request);
            return SuccessfulHttpResponse.builder()
                    .statusCode(response.code())
                    .headers(response.headers().toMultimap())
                    .body(body)
                    .build();
        } catch (IOException e) {
            throw transportError(okRequest, e);
        }
    }

    /**
     * Streams server-sent events: the body goes to {@code parser} as it arrives, on OkHttp's dispatcher thread, as
     * LangChain4j's JDK client does. junit-prompt itself never streams.
     */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        Request okRequest = toOkHttp(request);
        client.newCall(okRequest).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                notifyError(listener, transportError(okRequest, e));
            }

            @Override
            public void onResponse(Call call, Response response) {
                if (isRedirectToHttps(response)) {
                    response.close();
                    withTls().newCall(okRequest).enqueue(this);
                    return;
                }
                try (response) {
                    if (!response.isSuccessful()) {
                        notifyError(listener, providerError(response, response.body().string(), request));
                        return;
                    }
                    listener.onOpen(SuccessfulHttpResponse.builder()
                            .statusCode(response.code())
                            .headers(response.headers().toMultimap())
                            .build());
                    try (InputStream events = response.body().byteStream()) {
                        parser.parse(events, listener);
                    }
                    listener.onClose();
                } catch (IOException e) {
                    notifyError(listener, transportError(okRequest, e));
                } catch (RuntimeException e) {
                    notifyError(listener, e);
                }
            }
        });
    }

    /**
     * The response, or, when a client for an {@code http://} URL (which speaks no TLS, see
     * {@link HttpClients#forUrl(String)}) is redirected to {@code https://}, the call made again by one that does and
     * follows the redirect, as any OkHttp client would have.
     */
    private Response followedToHttps(Response response, Request request) throws IOException {
        if (!isRedirectToHttps(response)) {
            return response;
        }
        response.close();
        return withTls().newCall(request).execute();
    }

    private boolean isRedirectToHttps(Response response) {
        if (!response.isRedirect() || client.connectionSpecs().stream().anyMatch(ConnectionSpec::isTls)) {
            return false;
        }
        HttpUrl location = response.header("Location") == null ? null
                : response.request().url().resolve(response.header("Location"));
        return location != null && location.isHttps();
    }

    /** This client speaking TLS too, made when first needed (the JDK's TLS set-up with it). */
    private OkHttpClient withTls() {
        OkHttpClient tls = upgraded;
        if (tls == null) {
            tls = client.newBuilder().connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
                    .followSslRedirects(true).build();
            upgraded = tls;
        }
        return tls;
    }

    private static void notifyError(ServerSentEventListener listener, Throwable error) {
        try {
            listener.onError(error);
        } catch (RuntimeException ignored) {
            // A listener's own failure must not kill OkHttp's dispatcher thread.
        }
    }

    private Request toOkHttp(HttpRequest request) {
        Headers.Builder headers = new Headers.Builder();
        MediaType contentType = JSON;
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (header.getValue() == null) {
                continue;
            }
            for (String value : header.getValue()) {
                if (header.getKey().equalsIgnoreCase("Content-Type")) {
                    MediaType parsed = MediaType.parse(value);
                    contentType = parsed == null ? contentType : parsed;
                }
                headers.add(header.getKey(), value);
            }
        }
        RequestBody body = null;
        boolean multipart = !request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty();
        if (multipart) {
            MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
            request.formDataFields().forEach(form::addFormDataPart);
            request.formDataFiles().forEach((name, file) -> form.addFormDataPart(name, file.fileName(),
                    RequestBody.create(file.content(), mediaType(file))));
            body = form.build();
            headers.removeAll("Content-Type");
        } else if (request.body() != null) {
            body = RequestBody.create(request.body().getBytes(StandardCharsets.UTF_8), contentType);
        }
        String method = request.method().name();
        if (body == null && method.equals("POST")) {
            body = RequestBody.create(new byte[0], contentType);
        }
        return new Request.Builder()
                .url(request.url())
                .headers(headers.build())
                .method(method, body)
                .build();
    }

    private static MediaType mediaType(FormDataFile file) {
        MediaType type = file.contentType() == null ? null : MediaType.parse(file.contentType());
        return type == null ? MediaType.get("application/octet-stream") : type;
    }

    /**
     * A success whose body the provider's client cannot read — not JSON (a proxy's HTML page), empty, or a chat
     * answer without its {@code choices} (OpenAI) or {@code content} (Anthropic) — would surface as a bare
     * Jackson exception or a {@code NullPointerException} deep in LangChain4j. Said here instead, with the
     * URL, the status and the start of the body.
     */
    private static void checkReadable(Request okRequest, int status, byte[] body, HttpRequest request) {
        String path = okRequest.url().encodedPath();
        String missing = path.endsWith("/chat/completions") ? "choices" : path.endsWith("/messages") ? "content" : null;
        String problem = null;
        try {
            com.fasterxml.jackson.databind.JsonNode json = READER.readTree(body);
            if (json == null || json.isMissingNode()) {
                problem = "an empty body";
            } else if (missing != null && !json.path(missing).isArray()) {
                problem = "JSON without '" + missing + "'";
            }
        } catch (IOException notJson) {
            problem = "a body that is not JSON";
        }
        if (problem != null) {
            String text = redact(new String(body, StandardCharsets.UTF_8), secrets(request)).strip();
            throw new ModelException(withoutQuery(okRequest.url()) + " answered HTTP " + status + " with " + problem
                    + " (" + (text.isEmpty() ? "empty" : "it starts: " + (text.length() > 200 ? text.substring(0, 200)
                            + "…" : text)) + "); check the provider's base URL and that it speaks this API");
        }
    }

    private ProviderHttpException providerError(Response response, String body, HttpRequest request) {
        List<String> secrets = secrets(request);
        Optional<Duration> retryAfter = RetryAfter.parseMillis(response.header("retry-after-ms"))
                .or(() -> RetryAfter.parse(response.header("Retry-After"), clock));
        return new ProviderHttpException(response.code(),
                redact(ProviderHttpException.providerMessage(body), secrets), redact(body, secrets), retryAfter);
    }

    /** A timeout as LangChain4j's TimeoutException; any other I/O failure unchecked, the cause kept for retries. */
    private static RuntimeException transportError(Request request, IOException e) {
        String what = request.method() + " " + withoutQuery(request.url());
        if (e instanceof InterruptedIOException && !Thread.currentThread().isInterrupted()
                && !"interrupted".equals(e.getMessage())) {
            return new TimeoutException(what + " timed out: " + e.getMessage(), e);
        }
        return new UncheckedIOException(what + " failed: " + e, e);
    }

    private static String withoutQuery(HttpUrl url) {
        return url.newBuilder().query(null).fragment(null).build().toString();
    }

    /** Values of headers that carry credentials, and the token of {@code Authorization: Bearer <token>}. */
    private static List<String> secrets(HttpRequest request) {
        List<String> secrets = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean credential = lower.equals("authorization") || lower.equals("proxy-authorization")
                    || lower.contains("key") || lower.contains("token") || lower.contains("secret");
            if (credential && values != null) {
                for (String value : values) {
                    if (value == null) {
                        continue;
                    }
                    secrets.add(value);
                    int space = value.indexOf(' ');
                    if (space > 0) {
                        secrets.add(value.substring(space + 1).strip());
                    }
                }
            }
        });
        secrets.removeIf(secret -> secret.length() < 4);
        // Longest first, so "Bearer sk-…" goes before "sk-…".
        secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return secrets;
    }

    private static String redact(String text, List<String> secrets) {
        String redacted = text;
        for (String secret : secrets) {
            redacted = redacted.replace(secret, REDACTED);
        }
        return redacted;
    }

    /**
     * Builds an {@link OkHttpModelClient}; LangChain4j sets the connect and read timeouts (from a model's
     * {@code timeout(…)}), the call timeout is ours. Reusable: every {@link #build()} derives a client from the same
     * shared connection pool.
     */
    public static final class Builder implements HttpClientBuilder {

        /** Null until given: the shared client's TLS set-up is made only by a builder that uses it. */
        private OkHttpClient base;
        private Clock clock = Clock.systemUTC();
        private Duration connectTimeout;
        private Duration readTimeout;
        private Duration callTimeout = RetryPolicy.defaults().callTimeout();

        public Builder() {
        }

        /** The most one attempt may take, connecting and reading the whole answer included; zero means no limit. */
        public Builder callTimeout(Duration callTimeout) {
            Objects.requireNonNull(callTimeout, "callTimeout");
            if (callTimeout.isNegative()) {
                throw new IllegalArgumentException("callTimeout must not be negative but is " + callTimeout);
            }
            this.callTimeout = callTimeout;
            return this;
        }

        public Duration callTimeout() {
            return callTimeout;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        /** Another OkHttp client to derive from (tests: one that does not retry connection failures itself). */
        Builder baseClient(OkHttpClient base) {
            this.base = Objects.requireNonNull(base, "base");
            return this;
        }

        /** The clock an HTTP-date {@code Retry-After} is measured against. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        @Override
        public OkHttpModelClient build() {
            OkHttpClient.Builder client = (base == null ? HttpClients.shared() : base).newBuilder()
                    .callTimeout(callTimeout);
            if (connectTimeout != null) {
                client.connectTimeout(connectTimeout);
            }
            if (readTimeout != null) {
                client.readTimeout(readTimeout);
            }
            return new OkHttpModelClient(client.build(), clock);
        }
    }
}

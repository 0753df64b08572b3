package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;

@Timeout(20)
class OkHttpModelClientTest {

    private static final String KEY = "sk-test-0123456789abcdef";

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpRequest post(String body) {
        return HttpRequest.builder()
                .method(HttpMethod.POST)
                .url(server.url("/v1/chat/completions").toString())
                .addHeader("Authorization", "Bearer " + KEY)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    @Test
    void sendsMethodUrlHeadersAndBodyAndReturnsA2xxAnswer() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .addHeader("x-request-id", "req-1").body("{\"choices\":[]}").build());

        SuccessfulHttpResponse response = OkHttpModelClient.builder().build().execute(post("{\"model\":\"m\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"choices\":[]}");
        assertThat(response.headers()).containsEntry("x-request-id", List.of("req-1"));
        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded.getMethod()).isEqualTo("POST");
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(recorded.getBody().utf8()).isEqualTo("{\"model\":\"m\"}");
    }

    @Test
    void aSuccessThatIsNotJsonIsSaidWithTheUrlStatusAndTheStartOfTheBody() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html")
                .body("<html><body>Proxy login required</body></html>").build());

        assertThatThrownBy(() -> OkHttpModelClient.builder().build().execute(post("{}")))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("/v1/chat/completions answered HTTP 200 with a body that is not JSON")
                .hasMessageContaining("it starts: <html><body>Proxy login required");
    }

    @Test
    void aChatAnswerWithoutChoicesIsSaidRatherThanLeftToANullPointerException() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"id\":\"x\",\"object\":\"chat.completion\"}").build());

        assertThatThrownBy(() -> OkHttpModelClient.builder().build().execute(post("{}")))
                .isInstanceOf(ModelException.class).hasMessageContaining("answered HTTP 200 with JSON without 'choices'")
                .hasMessageContaining("\"object\":\"chat.completion\"");
    }

    @Test
    void sendsAGetWithoutBody() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("[]").build());

        OkHttpModelClient.builder().build().execute(HttpRequest.builder().method(HttpMethod.GET)
                .url(server.url("/v1/models").toString()).build());

        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded.getMethod()).isEqualTo("GET");
        assertThat(recorded.getBodySize()).isZero();
    }

    @Test
    void anErrorStatusBecomesAProviderHttpExceptionWithTheProvidersMessageAndRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "2").body("""
                {"error":{"message":"Rate limit reached for gpt-4o-mini","type":"requests","code":"rate_limit_exceeded"}}
                """).build());

        assertThatThrownBy(() -> OkHttpModelClient.builder().build().execute(post("{}")))
                .isInstanceOfSatisfying(ProviderHttpException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.providerMessage()).isEqualTo("Rate limit reached for gpt-4o-mini");
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
                    assertThat(e.body()).contains("rate_limit_exceeded");
                })
                .hasMessage("HTTP 429 Too Many Requests: Rate limit reached for gpt-4o-mini")
                .hasNoCause();
    }

    @Test
    void readsAnHttpDateRetryAfterAgainstTheClock() {
        Clock clock = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
        server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "Sat, 01 Mar 2025 12:00:04 GMT")
                .body("upstream connect error").build());

        assertThatThrownBy(() -> OkHttpModelClient.builder().clock(clock).build().execute(post("{}")))
                .isInstanceOfSatisfying(ProviderHttpException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(4)))
                .hasMessage("HTTP 503 Service Unavailable: upstream connect error");
    }

    @Test
    void prefersOpenAisRetryAfterMilliseconds() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1")
                .addHeader("retry-after-ms", "350").body("{}").build());

        assertThatThrownBy(() -> OkHttpModelClient.builder().build().execute(post("{}")))
                .isInstanceOfSatisfying(ProviderHttpException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofMillis(350)));
    }

    @Test
    void aProviderEchoingTheKeyDoesNotPutItInTheMessage() {
        server.enqueue(new MockResponse.Builder().code(401).body("{\"error\":{\"message\":\"Incorrect API key provided: "
                + KEY + ". You can find your API key at https://platform.openai.com/account/api-keys.\"}}").build());

        assertThatThrownBy(() -> OkHttpModelClient.builder().build().execute(post("{}")))
                .isInstanceOfSatisfying(ProviderHttpException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain(KEY).contains("Incorrect API key provided: [redacted].");
                    assertThat(e.body()).doesNotContain(KEY);
                    assertThat(e.providerMessage()).doesNotContain(KEY);
                });
    }

    @Test
    void theCallTimeoutBoundsAnAttemptAndSurfacesAsLangChain4jsTimeout() {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

        assertThatThrownBy(() -> OkHttpModelClient.builder().callTimeout(Duration.ofMillis(200)).build()
                .execute(post("{}")))
                .isInstanceOf(TimeoutException.class)
                .hasMessageStartingWith("POST " + server.url("/v1/chat/completions") + " timed out")
                .satisfies(e -> assertThat(RetryingCaller.Failure.of(e).kind()).isEqualTo(RetryingCaller.Kind.TRANSIENT));
    }

    @Test
    void aDroppedConnectionIsAnUncheckedIoExceptionThatIsRetried() {
        server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
        OkHttpClient noSilentRetry = dev.junitprompt.internal.HttpClients.shared().newBuilder().retryOnConnectionFailure(false).build();

        assertThatThrownBy(() -> OkHttpModelClient.builder().baseClient(noSilentRetry).build().execute(post("{}")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("failed")
                .satisfies(e -> assertThat(RetryingCaller.Failure.of(e).kind()).isEqualTo(RetryingCaller.Kind.TRANSIENT));
    }

    @Test
    void everyClientSharesOneConnectionPool() {
        OkHttpModelClient.Builder builder = OkHttpModelClient.builder();

        assertThat(builder.callTimeout()).isEqualTo(Duration.ofSeconds(60));
        // Clients derived with their own timeouts keep the process's one pool (models, Langfuse, LangSmith).
        okhttp3.OkHttpClient derived = dev.junitprompt.internal.HttpClients.shared().newBuilder()
                .callTimeout(Duration.ofSeconds(5)).build();
        assertThat(derived.connectionPool()).isSameAs(dev.junitprompt.internal.HttpClients.shared().connectionPool());
    }

    @Test
    void streamsServerSentEventsThroughTheParser() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: [DONE]\n\n").build());
        List<String> events = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);

        OkHttpModelClient.builder().build().execute(post("{\"stream\":true}"), new DefaultServerSentEventParser(),
                new ServerSentEventListener() {
                    @Override
                    public void onEvent(ServerSentEvent event) {
                        events.add(event.data());
                    }

                    @Override
                    public void onError(Throwable error) {
                        errors.add(error);
                        closed.countDown();
                    }

                    @Override
                    public void onClose() {
                        closed.countDown();
                    }
                });

        assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(errors).isEmpty();
        assertThat(events).containsExactly("{\"n\":1}", "{\"n\":2}", "[DONE]");
    }

    @Test
    void aStreamingErrorStatusGoesToTheListener() throws Exception {
        server.enqueue(new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"boom\"}}").build());
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        CountDownLatch failed = new CountDownLatch(1);

        OkHttpModelClient.builder().build().execute(post("{}"), new DefaultServerSentEventParser(),
                new ServerSentEventListener() {
                    @Override
                    public void onError(Throwable error) {
                        errors.add(error);
                        failed.countDown();
                    }
                });

        assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(errors).singleElement().isInstanceOf(ProviderHttpException.class)
                .extracting(Throwable::getMessage).isEqualTo("HTTP 500 Internal Server Error: boom");
    }

    @Test
    void aCleartextClientRedirectedToHttpsMakesTheCallAgainOverTlsAsAnyClientWould() throws Exception {
        // The https:// end takes each connection's first byte and closes it: a TLS handshake record (0x16) shows the
        // call went on to it over TLS, rather than stopping at the redirect (the cleartext client cannot follow it).
        try (java.net.ServerSocket tlsEnd = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CompletableFuture<Integer> firstByte = new java.util.concurrent.CompletableFuture<>();
            Thread acceptor = new Thread(() -> {
                while (!tlsEnd.isClosed()) {
                    try (java.net.Socket socket = tlsEnd.accept()) {
                        firstByte.complete(socket.getInputStream().read());
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            }, "tls-end");
            acceptor.setDaemon(true);
            acceptor.start();
            String https = "https://127.0.0.1:" + tlsEnd.getLocalPort() + "/v1/chat/completions";
            server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", https).build());
            server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", https).build());
            OkHttpModelClient client = OkHttpModelClient.builder()
                    .baseClient(dev.junitprompt.internal.HttpClients.forUrl(server.url("/").toString())).build();

            assertThatThrownBy(() -> client.execute(post("{}")))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(javax.net.ssl.SSLException.class)
                    .hasMessageNotContaining(KEY);
            assertThat(firstByte.get(10, TimeUnit.SECONDS)).isEqualTo(0x16);
            assertThat(server.getRequestCount()).isEqualTo(2);
            assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{}");
        }
    }
}

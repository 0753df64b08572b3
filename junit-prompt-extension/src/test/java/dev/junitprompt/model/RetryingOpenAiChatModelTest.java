package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.target.PromptMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;

/**
 * The whole path a live call takes: RetryingCaller → ChatModelCaller → LangChain4j's OpenAiChatModel (its own
 * retries off) → OkHttpModelClient → a MockWebServer speaking OpenAI's wire format.
 */
@Timeout(30)
class RetryingOpenAiChatModelTest {

    static final String KEY = "sk-proj-secret-0123456789abcdef";

    static final String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Kafka is a distributed log."},
                         "finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}
            """;

    static final String RATE_LIMITED = """
            {"error":{"message":"Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): \
            Limit 3, Used 3, Requested 1.","type":"requests","param":null,"code":"rate_limit_exceeded"}}
            """;

    private final MockWebServer server = new MockWebServer();
    private final FakeTime time = new FakeTime();
    private final AdaptiveLimit limit = new AdaptiveLimit(8, time.clock);
    private final ModelRequest request = new ModelRequest("openai", "gpt-4o-mini", Map.of(),
            List.of(new PromptMessage("user", "What is Kafka?")));

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatModel model(OkHttpModelClient.Builder http) {
        return OpenAiChatModel.builder()
                .baseUrl(server.url("/v1").toString())
                .apiKey(KEY)
                .modelName("gpt-4o-mini")
                .maxRetries(0)
                .httpClientBuilder(http)
                .build();
    }

    private RetryingCaller caller(ChatModel model) {
        return new RetryingCaller(new ChatModelCaller(() -> model), RetryPolicy.defaults(), limit, time.sleeper,
                RetryingCallerTest.MAX_JITTER, time.clock);
    }

    private RetryingCaller caller() {
        return caller(model(OkHttpModelClient.builder()));
    }

    private static MockResponse ok() {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(COMPLETION).build();
    }

    private static MockResponse error(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void langChain4jKeepsOurExceptionAsTheCauseOfTheOneItMapsItTo() {
        server.enqueue(new MockResponse.Builder(error(429, RATE_LIMITED)).addHeader("Retry-After", "2").build());
        server.enqueue(error(503, "{\"error\":{\"message\":\"The server is overloaded\"}}"));
        server.enqueue(error(400, "{\"error\":{\"message\":\"Invalid 'temperature'\"}}"));
        ChatModel model = model(OkHttpModelClient.builder());

        Throwable rateLimited = catchThrowable(() -> model.chat("Hi"));
        Throwable overloaded = catchThrowable(() -> model.chat("Hi"));
        Throwable invalid = catchThrowable(() -> model.chat("Hi"));

        assertThat(rateLimited).isInstanceOf(RateLimitException.class).cause()
                .isInstanceOfSatisfying(ProviderHttpException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(2)));
        assertThat(overloaded).isInstanceOf(InternalServerException.class)
                .cause().isInstanceOf(ProviderHttpException.class);
        assertThat(invalid).isInstanceOf(InvalidRequestException.class)
                .cause().isInstanceOf(ProviderHttpException.class);
        assertThat(server.getRequestCount()).as("the client itself never retries").isEqualTo(3);
    }

    @Test
    void a429WithRetryAfterIsRetriedOnceAfterExactlyThatWait() throws Exception {
        server.enqueue(new MockResponse.Builder(error(429, RATE_LIMITED)).addHeader("Retry-After", "2").build());
        server.enqueue(ok());

        ModelResponse response = caller().call(request);

        assertThat(response.text()).isEqualTo("Kafka is a distributed log.");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
        assertThat(limit.currentLimit()).as("the 429 halved the experiment's concurrency").isEqualTo(4);
    }

    @Test
    void a429WithAnHttpDateRetryAfterWaitsUntilThen() throws Exception {
        server.enqueue(new MockResponse.Builder(error(429, RATE_LIMITED))
                .addHeader("Retry-After", "Sat, 01 Mar 2025 12:00:05 GMT").build());
        server.enqueue(ok());

        caller(model(OkHttpModelClient.builder().clock(time.clock))).call(request);

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void a503IsRetriedWithBackoff() throws Exception {
        server.enqueue(error(503, "{\"error\":{\"message\":\"The server is overloaded\"}}"));
        server.enqueue(error(503, "{\"error\":{\"message\":\"The server is overloaded\"}}"));
        server.enqueue(ok());

        assertThat(caller().call(request).text()).isEqualTo("Kafka is a distributed log.");

        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(limit.currentLimit()).isEqualTo(8);
    }

    @Test
    void aDroppedConnectionIsRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
        server.enqueue(ok());
        // OkHttp would retry some dropped connections itself; turn that off so this test sees ours.
        OkHttpModelClient.Builder http = OkHttpModelClient.builder()
                .baseClient(dev.junitprompt.internal.HttpClients.shared().newBuilder().retryOnConnectionFailure(false).build());

        assertThat(caller(model(http)).call(request).text()).isEqualTo("Kafka is a distributed log.");

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void aTimedOutAttemptIsRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        server.enqueue(ok());

        ModelResponse response = caller(model(OkHttpModelClient.builder().callTimeout(Duration.ofMillis(300))))
                .call(request);

        assertThat(response.text()).isEqualTo("Kafka is a distributed log.");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void a400IsNotRetriedAndItsMessageSurfaces() {
        server.enqueue(error(400, """
                {"error":{"message":"Invalid value for 'temperature': expected a number at most 2, got 7.",
                 "type":"invalid_request_error","param":"temperature","code":"invalid_value"}}
                """));

        assertThatThrownBy(() -> caller().call(request))
                .isInstanceOfSatisfying(ModelCallFailedException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.statusCode()).hasValue(400);
                })
                .hasMessageStartingWith("HTTP 400 Bad Request: Invalid value for 'temperature': expected a number at "
                        + "most 2, got 7.");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void whenTheBudgetIsSpentTheItemErrorsWithStatusMessageAttemptsAndTime() {
        for (int i = 0; i < 6; i++) {
            server.enqueue(error(429, RATE_LIMITED));
        }

        assertThatThrownBy(() -> caller().call(request))
                .isInstanceOf(ModelCallFailedException.class)
                .hasMessage("gave up after 6 attempts in 15.5 s: HTTP 429 Too Many Requests: Rate limit reached for "
                        + "gpt-4o-mini in organization org-x on requests per min (RPM): Limit 3, Used 3, Requested 1.");
        assertThat(server.getRequestCount()).isEqualTo(6);
    }

    @Test
    void theApiKeyNeverAppearsInAnExceptionMessage() {
        server.enqueue(error(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\","
                + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
        for (int i = 0; i < 6; i++) {
            server.enqueue(error(429, "{\"error\":{\"message\":\"Slow down, " + KEY + "\"}}"));
        }

        Throwable unauthorized = catchThrowable(() -> caller().call(request));
        Throwable exhausted = catchThrowable(() -> caller().call(request));

        assertThat(unauthorized).isInstanceOf(ModelCallFailedException.class)
                .hasMessageStartingWith("HTTP 401 Unauthorized: Incorrect API key provided: [redacted].");
        assertThat(exhausted).isInstanceOf(ModelCallFailedException.class);
        for (Throwable thrown : List.of(unauthorized, exhausted)) {
            for (Throwable t : chain(thrown)) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY).doesNotContain("Bearer");
                assertThat(t.toString()).doesNotContain(KEY);
            }
        }
    }

    private static List<Throwable> chain(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
            chain.addAll(List.of(t.getSuppressed()));
        }
        return chain;
    }
}

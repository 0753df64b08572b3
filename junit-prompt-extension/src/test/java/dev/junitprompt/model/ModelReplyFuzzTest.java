package dev.junitprompt.model;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Usage;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.target.PromptMessage;
import dev.junitprompt.target.TargetMetadata;
import dev.junitprompt.testing.Fuzz;
import dev.junitprompt.testing.Generator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Whatever a provider answers — any status, any body, any {@code Retry-After} — a model call returns or fails with
 * the project's own exception naming the model; and an output that is not JSON is said to be so (see {@link Fuzz}).
 */
class ModelReplyFuzzTest {

    private static final List<String> FIELDS = List.of("id", "object", "choices", "index", "message", "role",
            "content", "finish_reason", "usage", "prompt_tokens", "completion_tokens", "total_tokens", "model", "type",
            "text", "stop_reason", "input_tokens", "output_tokens", "error", "code", "tool_calls", "function",
            "arguments", "refusal", "logprobs");
    private static final String OPENAI = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"{\\"weeks\\": 4}"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}""";
    private static final String ANTHROPIC = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-haiku-latest",
             "content":[{"type":"text","text":"Hello"}],"stop_reason":"end_turn",
             "usage":{"input_tokens":9,"output_tokens":4}}""";
    private static final String ERROR = """
            {"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""";

    private static final RetryPolicy POLICY = new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofSeconds(8), Duration.ofSeconds(1));

    private static final Generator<String> REPLIES = Fuzz.texts(List.of(OPENAI, ANTHROPIC, ERROR), FIELDS);
    private static final Generator<Integer> STATUSES = Generator.frequency(Map.entry(6, Generator.just(200)),
            Map.entry(3, Generator.of(400, 401, 404, 408, 429, 500, 503, 529)),
            Map.entry(1, Generator.between(200, 999)));
    /** A status line as a broken proxy or a server of another protocol might send it; empty for a normal one. */
    private static final Generator<String> STATUS_LINES = Generator.frequency(Map.entry(9, Generator.just("")),
            Map.entry(1, ((Generator<String>) random -> Fuzz.mutate("HTTP/1.1 200 OK", random))
                    // 1xx answers are informational: OkHttp rightly waits for the real one, until the timeout.
                    .filter(line -> !line.matches("HTTP/1\\.[01] 1\\d\\d.*")
                            && line.chars().allMatch(c -> c >= 0x20 && c < 0x7F))));
    private static final Generator<String> RETRY_AFTERS = Generator.oneOf(Generator.just(""),
            Generator.of("0", "1", "-5", "1.5", "999999999999", "Wed, 21 Oct 2015 07:28:00 GMT", "soon"),
            Generator.strings(12));

    private static MockWebServer server;
    private static volatile MockResponse next;
    /** The project's call stack for each provider, built once: its HTTP client, LangChain4j's, and the retries. */
    private static ModelCaller OPENAI_CALLER;
    private static ModelCaller ANTHROPIC_CALLER;

    @BeforeAll
    static void start() throws java.io.IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return next;
            }
        });
        server.start();
        OPENAI_CALLER = caller("openai", "gpt-4o-mini",
                Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", server.url("/v1").toString()));
        ANTHROPIC_CALLER = caller("anthropic", "claude-3-5-haiku-latest",
                Map.of("ANTHROPIC_API_KEY", "sk-ant-test", "ANTHROPIC_BASE_URL", server.url("/v1/").toString()));
    }

    private static ModelCaller caller(String provider, String model, Map<String, String> environment) {
        TargetMetadata.ModelSpec spec = new TargetMetadata.ModelSpec(provider, model, Map.of());
        // A new limit per call would forget nothing between tries; one per provider is as a run has it.
        return new RetryingCaller(new ChatModelCaller(() -> ChatModels.fromSpec(spec, environment, POLICY)), POLICY,
                new AdaptiveLimit(1), wait -> { }, () -> 4, Clock.systemUTC(),
                (request, failure, wait, attempt, attempts) -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anyReplyOfAProvider() {
        Fuzz.forAll(inputs -> callAnswered(inputs.draw(REPLIES), inputs.draw(STATUSES),
                inputs.draw(RETRY_AFTERS), inputs.draw(STATUS_LINES), inputs.draw(Generator.booleans())));
    }

    /** One try: the server answers so, and the model is called. */
    private static void callAnswered(String body, int status, String retryAfter, String statusLine,
            boolean anthropic) {
        // A connection per try: on a reused one, MockWebServer's answers wait some 40 ms (delayed ACKs) each.
        MockResponse.Builder response = new MockResponse.Builder().code(status)
                .addHeader("Content-Type", "application/json").addHeader("Connection", "close").body(body);
        if (!statusLine.isEmpty()) {
            response.status(statusLine);
        }
        if (!retryAfter.isEmpty() && retryAfter.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            response.addHeader("Retry-After", retryAfter);
        }
        next = response.build();
        String model = anthropic ? "claude-3-5-haiku-latest" : "gpt-4o-mini";
        ModelRequest request = new ModelRequest(anthropic ? "anthropic" : "openai", model, Map.of(),
                List.of(new PromptMessage("user", "Plan the weeks")));
        ModelCaller caller = anthropic ? ANTHROPIC_CALLER : OPENAI_CALLER;

        // The message names what answered, or what the call came to: the URL, the status, the attempts.
        ModelResponse answer = Fuzz.holdsContract("", () -> caller.call(request), ModelCallFailedException.class,
                ModelException.class);

        if (answer != null) {
            PromptResult result = new PromptResult(new DatasetItem("d", "case-001", "", null, null, null),
                    answer.text(), answer.latency(), answer.usage() == null ? Usage.NONE : answer.usage(), model);
            Fuzz.holdsContract("JSON", result::json, PromptResult.OutputNotJsonException.class);
        }
    }

    @Test
    void anyErrorBodyGivesAMessage() {
        Fuzz.forAll(REPLIES, body -> Fuzz.holdsContract("", () -> ProviderHttpException.providerMessage(body)));
    }
}

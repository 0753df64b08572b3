package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.junitprompt.api.Usage;
import dev.junitprompt.internal.RetryAfter;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.internal.Sleeper;
import dev.junitprompt.target.PromptMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;

class RetryingCallerTest {

    /** Jitter at its top: the wait is the whole backoff ceiling, so tests can name it. */
    static final RandomGenerator MAX_JITTER = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    static final ModelRequest REQUEST = new ModelRequest("openai", "gpt-4o-mini", Map.of(),
            List.of(new PromptMessage("user", "Hi")));
    static final ModelResponse ANSWER = new ModelResponse("Hello", "gpt-4o-mini", Usage.NONE, "STOP", Duration.ZERO, false);

    private final FakeTime time = new FakeTime();
    private final AdaptiveLimit limit = new AdaptiveLimit(8, time.clock);

    /** A delegate that throws the given failures in turn, then answers. */
    static final class Script implements ModelCaller {
        private final Deque<Exception> failures;
        final List<Instant> calledAt = new ArrayList<>();
        private final FakeTime time;

        Script(FakeTime time, Exception... failures) {
            this.time = time;
            this.failures = new ArrayDeque<>(List.of(failures));
        }

        @Override
        public ModelResponse call(ModelRequest request) throws Exception {
            calledAt.add(time.clock.instant());
            Exception next = failures.poll();
            if (next != null) {
                throw next;
            }
            return ANSWER;
        }
    }

    private RetryingCaller caller(ModelCaller delegate) {
        return caller(delegate, RetryPolicy.defaults());
    }

    private RetryingCaller caller(ModelCaller delegate, RetryPolicy policy) {
        return new RetryingCaller(delegate, policy, limit, time.sleeper, MAX_JITTER, time.clock);
    }

    static ProviderHttpException http(int status, String message) {
        return new ProviderHttpException(status, message, "", Optional.empty());
    }

    static ProviderHttpException http(int status, String message, Duration retryAfter) {
        return new ProviderHttpException(status, message, "", Optional.of(retryAfter));
    }

    @Test
    void aServerErrorIsRetriedAfterTheInitialBackoff() throws Exception {
        Script script = new Script(time, http(503, "Service temporarily unavailable"));

        assertThat(caller(script).call(REQUEST)).isEqualTo(ANSWER.withAttempts(2));

        assertThat(script.calledAt).hasSize(2);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500));
        assertThat(limit.currentLimit()).as("only a 429 shrinks the limit").isEqualTo(8);
    }

    @Test
    void backoffDoublesUpToTheMaximum() throws Exception {
        Script script = new Script(time, http(500, "a"), http(502, "b"), http(503, "c"), http(504, "d"), http(529, "e"));
        RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(60));

        assertThat(caller(script, policy).call(REQUEST)).isEqualTo(ANSWER.withAttempts(6));

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @Test
    void jitterDrawsTheWaitBetweenZeroAndTheCeiling() throws Exception {
        List<Long> bounds = new ArrayList<>();
        RandomGenerator half = new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long nextLong(long bound) {
                bounds.add(bound);
                return bound / 2;
            }
        };
        Script script = new Script(time, http(503, ""), http(503, ""));

        new RetryingCaller(script, RetryPolicy.defaults(), limit, time.sleeper, half, time.clock).call(REQUEST);

        assertThat(bounds).containsExactly(500_000_001L, 1_000_000_001L);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void retryAfterInSecondsWinsOverTheBackoff() throws Exception {
        Script script = new Script(time, http(429, "Rate limit reached", Duration.ofSeconds(2)));

        caller(script).call(REQUEST);

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
        assertThat(Duration.between(script.calledAt.get(0), script.calledAt.get(1))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterAsAnHttpDateIsHonouredToTheSecond() throws Exception {
        Optional<Duration> wait = RetryAfter.parse("Sat, 01 Mar 2025 12:00:09 GMT", time.clock);
        Script script = new Script(time, new ProviderHttpException(429, "Slow down", "", wait));

        caller(script).call(REQUEST);

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(9));
    }

    @Test
    void a429SlowsTheWholeExperimentDown() throws Exception {
        Script script = new Script(time, http(429, "Rate limit reached", Duration.ofSeconds(3)));

        caller(script).call(REQUEST);

        assertThat(limit.currentLimit()).isEqualTo(4);
    }

    @Test
    void oneCallers429ShrinksTheLimitButLetsTheOtherCallersGoOn() throws Exception {
        Script other = new Script(time);
        RetryingCaller otherCaller = caller(other);
        List<Instant> otherDone = new ArrayList<>();
        // While the first caller backs off, a second caller on the same limit starts its call.
        Sleeper firstCallersSleeper = wait -> {
            try {
                otherCaller.call(REQUEST);
                otherDone.add(time.clock.instant());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            time.sleeper.sleep(wait);
        };
        Script first = new Script(time, http(429, "Rate limit reached", Duration.ofSeconds(3)));
        RetryingCaller firstCaller = new RetryingCaller(first, RetryPolicy.defaults(), limit, firstCallersSleeper,
                MAX_JITTER, time.clock);

        firstCaller.call(REQUEST);

        assertThat(other.calledAt).hasSize(1);
        assertThat(other.calledAt.get(0)).as("the other caller did not wait out the first one's Retry-After")
                .isEqualTo(FakeTime.START);
        assertThat(time.sleeps().get(0)).isEqualTo(Duration.ofSeconds(3));
        assertThat(limit.currentLimit()).isEqualTo(4);
    }

    @Test
    void theShrunkLimitRecoversAfterSuccesses() throws Exception {
        caller(new Script(time, http(429, "Rate limit reached", Duration.ofSeconds(1)))).call(REQUEST);
        assertThat(limit.currentLimit()).isEqualTo(4);
        RetryingCaller healthy = caller(new Script(time));

        for (int i = 0; i < 3; i++) {
            healthy.call(REQUEST);
        }
        assertThat(limit.currentLimit()).as("the retried call's success counted too").isEqualTo(5);
    }

    static List<Exception> transientFailures() {
        return List.of(
                new SocketException("Connection reset"),
                new UncheckedIOException("POST http://x failed", new SocketException("Connection reset by peer")),
                new UncheckedIOException("POST http://x failed", new java.io.IOException("unexpected end of stream",
                        new EOFException("\\n not found: limit=0"))),
                new SocketTimeoutException("Read timed out"),
                new InterruptedIOException("timeout"),
                new TimeoutException("POST http://x timed out", new InterruptedIOException("timeout")),
                new RateLimitException("slow down"),
                new InternalServerException("boom"),
                new InternalServerException(http(500, "boom")),
                new RateLimitException(http(429, "slow down")),
                new HttpException(503, "{\"error\":{\"message\":\"overloaded\"}}"),
                new UncheckedIOException("POST http://x failed",
                        new okhttp3.internal.http2.StreamResetException(okhttp3.internal.http2.ErrorCode.REFUSED_STREAM)),
                new TimeoutException(new java.net.http.HttpTimeoutException("request timed out")));
    }

    @Test
    void aRefusedConnectionIsNotRetriedAndPointsAtTheBaseUrl() {
        Script script = new Script(time, new UncheckedIOException("POST http://x failed",
                new java.net.ConnectException("Connection refused")));

        assertThatThrownBy(() -> caller(script).call(REQUEST))
                .isInstanceOf(ModelCallFailedException.class)
                .hasMessageContaining("cannot connect")
                .hasMessageContaining("check the provider's base URL");
        assertThat(script.calledAt).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void anAnswerThatIsNotHttpIsNotRetriedAndPointsAtTheBaseUrl() {
        Script script = new Script(time, new UncheckedIOException("POST http://x failed",
                new java.net.ProtocolException("Unexpected status line: <html>")));

        assertThatThrownBy(() -> caller(script).call(REQUEST))
                .isInstanceOf(ModelCallFailedException.class)
                .hasMessageContaining("the answer is not valid HTTP")
                .hasMessageContaining("check the provider's base URL");
        assertThat(script.calledAt).hasSize(1);
    }

    @Test
    void aRedirectTheClientDidNotFollowIsNotRetriedAndPointsAtTheBaseUrl() {
        Script script = new Script(time, new ProviderHttpException(302, "", "", java.util.Optional.empty()));

        assertThatThrownBy(() -> caller(script).call(REQUEST))
                .isInstanceOf(ModelCallFailedException.class)
                .hasMessageContaining("HTTP 302")
                .hasMessageContaining("check the provider's base URL");
        assertThat(script.calledAt).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("transientFailures")
    void retriesResetsTimeoutsRateLimitsAndServerErrors(Exception failure) throws Exception {
        Script script = new Script(time, failure);

        assertThat(caller(script).call(REQUEST)).isEqualTo(ANSWER.withAttempts(2));

        assertThat(script.calledAt).hasSize(2);
    }

    @Test
    void seesRetryAfterThroughLangChain4jsWrapping() throws Exception {
        Script script = new Script(time, new RateLimitException(http(429, "slow down", Duration.ofSeconds(7))));

        caller(script).call(REQUEST);

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
        assertThat(limit.currentLimit()).isEqualTo(4);
    }

    @Test
    void aClientErrorIsNotRetriedAndSaysWhatTheProviderSaid() {
        ProviderHttpException badRequest = http(400, "Invalid value for 'temperature': must be at most 2");
        Script script = new Script(time, new InvalidRequestException(badRequest));

        assertThatThrownBy(() -> caller(script).call(REQUEST))
                .isInstanceOfSatisfying(ModelCallFailedException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.statusCode()).hasValue(400);
                })
                .hasMessageStartingWith("HTTP 400 Bad Request: Invalid value for 'temperature': must be at most 2")
                .hasRootCause(badRequest);
        assertThat(script.calledAt).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void aLangChain4jClientErrorWithoutOurExceptionIsNotRetriedEither() {
        Script script = new Script(time, new HttpException(404, "{\"error\":{\"message\":\"The model does not exist\"}}"));

        assertThatThrownBy(() -> caller(script).call(REQUEST))
                .isInstanceOf(ModelCallFailedException.class)
                .hasMessageStartingWith("HTTP 404 Not Found: The model does not exist");
        assertThat(script.calledAt).hasSize(1);
    }

    @Test
    void whatIsNotATransportOrProviderFailureIsRethrownAsIs() {
        ModelException bad = new ModelException("Unknown model parameter 'temprature'");
        Script script = new Script(time, bad);

        assertThatThrownBy(() -> caller(script).call(REQUEST)).isSameAs(bad);
        assertThat(script.calledAt).hasSize(1);
    }

    @Test
    void whenTheBudgetIsSpentItSaysStatusMessageAttemptsAndTime() {
        ProviderHttpException[] rateLimited = new ProviderHttpException[6];
        for (int i = 0; i < rateLimited.length; i++) {
            rateLimited[i] = http(429, "Rate limit reached for gpt-4o-mini in organization org-x on requests per min");
        }
        Script script = new Script(time, rateLimited);

        assertThatThrownBy(() -> caller(script).call(REQUEST))
                .isInstanceOfSatisfying(ModelCallFailedException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(6);
                    assertThat(e.statusCode()).hasValue(429);
                    assertThat(e.elapsed()).isEqualTo(Duration.ofMillis(15_500));
                })
                .hasMessage("gave up after 6 attempts in 15.5 s: HTTP 429 Too Many Requests: Rate limit reached for "
                        + "gpt-4o-mini in organization org-x on requests per min")
                .hasCause(rateLimited[5]);
        assertThat(script.calledAt).hasSize(6);
        // 0.5 + 1 + 2 + 4 + 8 s of backoff; none after the last attempt.
        assertThat(time.sleeps()).hasSize(5);
    }

    @Test
    void aTimeoutOnEveryAttemptHasNoStatus() {
        Script script = new Script(time, new SocketTimeoutException("Read timed out"),
                new SocketTimeoutException("Read timed out"));

        assertThatThrownBy(() -> caller(script, new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)))
                .call(REQUEST))
                .isInstanceOfSatisfying(ModelCallFailedException.class,
                        e -> assertThat(e.statusCode()).isEmpty())
                .hasMessage("gave up after 2 attempts in 0.0 s: timed out: SocketTimeoutException: Read timed out");
    }

    @Test
    void oneAttemptMeansNoRetry() {
        Script script = new Script(time, http(503, "down"));

        assertThatThrownBy(() -> caller(script, new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)))
                .call(REQUEST))
                .hasMessage("gave up after 1 attempt in 0.0 s: HTTP 503 Service Unavailable: down");
    }

    @Test
    void anInterruptIsNotRetried() {
        InterruptedIOException interrupted = new InterruptedIOException("interrupted");
        Script script = new Script(time, interrupted);

        assertThatThrownBy(() -> caller(script).call(REQUEST)).isSameAs(interrupted);
        assertThat(script.calledAt).hasSize(1);
    }

    @Test
    void aFailureWhileTheThreadIsInterruptedIsNotRetried() {
        SocketException reset = new SocketException("Socket closed");
        ModelCaller interrupting = request -> {
            Thread.currentThread().interrupt();
            throw reset;
        };
        try {
            assertThatThrownBy(() -> caller(interrupting).call(REQUEST)).isSameAs(reset);
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    @Test
    void anAnswerAfterRetriesSaysHowManyAttemptsItTook() throws Exception {
        Script script = new Script(time, http(503, "busy"), http(503, "busy"));

        assertThat(caller(script).call(REQUEST).attempts()).isEqualTo(3);
    }

    @Test
    void aRetryAfterLongerThanTheCapFailsAtOnceWithTheProvidersMessage() {
        Script script = new Script(time, http(429, "Daily limit reached", Duration.ofDays(1)));

        assertThatThrownBy(() -> caller(script).call(REQUEST)).isInstanceOf(ModelCallFailedException.class)
                .hasMessageContaining("Daily limit reached").hasMessageContaining("asks to wait 86400.0 s")
                .hasMessageContaining("more than the 60.0 s allowed (prompt.experiment.retry.max-retry-after-ms)");
        assertThat(script.calledAt).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void noRetryStartsThatWouldEndPastTheCallsDeadline() {
        Script script = new Script(time, http(503, "a"), http(503, "b"), http(503, "c"), http(503, "d"));
        RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(4), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(20), Duration.ofSeconds(60));

        // Waits of 4 s and 8 s fit in 20 s; the next, 16 s, would end at 28 s.
        assertThatThrownBy(() -> caller(script, policy).call(REQUEST)).isInstanceOf(ModelCallFailedException.class)
                .hasMessageContaining("gave up after 3 attempts in 12.0 s")
                .hasMessageContaining("deadline of 20.0 s (prompt.experiment.retry.deadline-ms)");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    @Test
    void everyRetryIsSaidWithWhoCalledWhatFailedTheWaitAndTheAttempt() throws Exception {
        List<String> lines = new ArrayList<>();
        Script script = new Script(time, http(429, "Slow down", Duration.ofSeconds(2)));
        RetryingCaller caller = new RetryingCaller(script, RetryPolicy.defaults(), limit, time.sleeper, MAX_JITTER,
                time.clock, (request, failure, wait, attempt, attempts) -> lines.add(request.label() + ": " + failure
                        + ", retrying in " + RetryingCaller.seconds(wait) + " (attempt " + attempt + " of " + attempts + ")"));

        caller.call(REQUEST.withLabel("case-003"));

        assertThat(lines).containsExactly("case-003: HTTP 429 Too Many Requests: Slow down, retrying in 2.0 s (attempt 2 of 6)");
    }

    @Test
    void aTimeoutShrinksTheConcurrencyLimitAsA429Does() throws Exception {
        Script script = new Script(time, new java.net.SocketTimeoutException("Read timed out"));

        caller(script).call(REQUEST);

        assertThat(limit.currentLimit()).isEqualTo(4);
    }

    @Test
    void aRejectedKeyIsNotRetriedAndSaysWhereTheKeyComesFrom() {
        Script script = new Script(time, http(401, "Incorrect API key provided: none"));

        assertThatThrownBy(() -> caller(script).call(REQUEST)).isInstanceOf(ModelCallFailedException.class)
                .hasMessageContaining("HTTP 401 Unauthorized: Incorrect API key provided: none")
                .hasMessageContaining("check the provider's key (OPENAI_API_KEY").hasMessageContaining("gpt-4o-mini");
        assertThat(script.calledAt).hasSize(1);
    }
}

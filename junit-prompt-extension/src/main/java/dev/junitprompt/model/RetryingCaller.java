package dev.junitprompt.model;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

import org.apiguardian.api.API;

import dev.junitprompt.api.Constants;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.internal.Sleeper;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;

/**
 * Retries a model call on what waiting can fix: HTTP 429 and 5xx, connection resets and timeouts. Never a 4xx other
 * than 429: that fails at once with the provider's message.
 *
 * <p>The wait before retry {@code n} is drawn uniformly from zero to {@code initialBackoff * 2^(n-1)}, at most
 * {@code maxBackoff} (exponential backoff, full jitter), unless the provider sent {@code Retry-After}, which wins.
 * A 429 or a timeout also tells the experiment's {@link AdaptiveLimit}, so concurrency shrinks (the other calls
 * go on within it); each success lets it grow back. A {@code Retry-After} beyond the policy's cap, or a retry
 * that would end past the call's deadline, fails the call at once with what the provider said.
 *
 * <p>The failure is found by walking the cause chain, since LangChain4j wraps what its HTTP client threw: our
 * {@link ProviderHttpException} (status and {@code Retry-After}), LangChain4j's {@link HttpException},
 * {@link RateLimitException}, {@link InternalServerException} and {@link TimeoutException}, and the JDK's and
 * OkHttp's I/O exceptions (also those of LangChain4j's default JDK client, for a user's own {@code @PromptModel}).
 * Thread-safe: it keeps no state of its own.
 */
@API(status = API.Status.INTERNAL)
public final class RetryingCaller implements ModelCaller {

    private static final String TIMED_OUT = "timed out: ";
    private static final String OKHTTP_STREAM_RESET = "okhttp3.internal.http2.StreamResetException";

    private final ModelCaller delegate;
    private final RetryPolicy policy;
    private final AdaptiveLimit limit;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Clock clock;
    private final RetryListener listener;

    public RetryingCaller(ModelCaller delegate, RetryPolicy policy, AdaptiveLimit limit) {
        // ThreadLocalRandom.current() is per thread, so look it up on every draw, not once here.
        this(delegate, policy, limit, Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextLong(), Clock.systemUTC(),
                RetryListener.CONSOLE);
    }

    RetryingCaller(ModelCaller delegate, RetryPolicy policy, AdaptiveLimit limit, Sleeper sleeper,
            RandomGenerator random, Clock clock) {
        this(delegate, policy, limit, sleeper, random, clock, RetryListener.CONSOLE);
    }

    RetryingCaller(ModelCaller delegate, RetryPolicy policy, AdaptiveLimit limit, Sleeper sleeper,
            RandomGenerator random, Clock clock, RetryListener listener) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.limit = Objects.requireNonNull(limit, "limit");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Told of every retry before its wait, so a slow call is never silent. */
    @FunctionalInterface
    interface RetryListener {

        /** Prints {@code [prompt-experiment] case-003: HTTP 429 …, retrying in 2.0 s (attempt 2 of 6)} on stderr. */
        RetryListener CONSOLE = (request, failure, wait, attempt, attempts) -> System.err.println(
                "[prompt-experiment] " + (request.label().isEmpty() ? request.model() : request.label()) + ": "
                        + failure + ", retrying in " + seconds(wait) + " (attempt " + attempt + " of " + attempts + ")");

        void retrying(ModelRequest request, String failure, Duration wait, int attempt, int attempts);
    }

    /**
     * @throws ModelCallFailedException when the attempts are spent, or the provider refused the request (4xx)
     * @throws InterruptedException     when interrupted while waiting
     * @throws Exception                what the delegate threw, unchanged, when it is nothing to retry (a bad
     *                                  parameter, an unreadable answer…)
     */
    @Override
    public ModelResponse call(ModelRequest request) throws Exception {
        Instant start = clock.instant();
        for (int attempt = 1; ; attempt++) {
            Exception error;
            // A permit per attempt, not per item: a call waiting out its Retry-After holds no place in the budget.
            limit.acquire();
            try {
                ModelResponse response = delegate.call(request);
                limit.succeeded();
                return attempt == 1 ? response : response.withAttempts(attempt);
            } catch (InterruptedException interrupted) {
                throw interrupted;
            } catch (Exception e) {
                error = e;
            } finally {
                limit.release();
            }
            Failure failure = Failure.of(error);
            if (Thread.currentThread().isInterrupted() || failure.kind() == Kind.INTERRUPTED) {
                throw error;
            }
            if (failure.kind() == Kind.REFUSED) {
                String hint = failure.status() == 401 || failure.status() == 403
                        ? "; check the provider's key (OPENAI_API_KEY, ANTHROPIC_API_KEY…) and that it may use model '"
                                + request.model() + "'" : "";
                throw new ModelCallFailedException(failure.description() + " (not retried" + hint + ")", error, attempt,
                        elapsedSince(start), failure.status());
            }
            if (failure.kind() == Kind.OTHER) {
                throw error;
            }
            Duration elapsed = elapsedSince(start);
            String attempts = attempt + (attempt == 1 ? " attempt" : " attempts");
            if (attempt >= policy.maxAttempts()) {
                throw new ModelCallFailedException("gave up after " + attempts + " in " + seconds(elapsed) + ": "
                        + failure.description(), error, attempt, elapsed, failure.status());
            }
            Optional<Duration> asked = failure.retryAfter();
            if (asked.isPresent() && asked.get().compareTo(policy.maxRetryAfter()) > 0) {
                throw new ModelCallFailedException(failure.description() + "; it asks to wait " + seconds(asked.get())
                        + " (Retry-After), more than the " + seconds(policy.maxRetryAfter()) + " allowed ("
                        + Constants.RETRY_MAX_RETRY_AFTER_MS + "), so it is not retried", error, attempt, elapsed,
                        failure.status());
            }
            int retry = attempt;
            Duration wait = asked.orElseGet(() -> jitteredBackoff(policy.backoffCeiling(retry)));
            if (elapsed.plus(wait).compareTo(policy.deadline()) >= 0) {
                throw new ModelCallFailedException("gave up after " + attempts + " in " + seconds(elapsed)
                        + ": another would pass the call's deadline of " + seconds(policy.deadline()) + " ("
                        + Constants.RETRY_DEADLINE_MS + "): " + failure.description(), error, attempt, elapsed,
                        failure.status());
            }
            if (failure.status() == 429 || failure.timedOut()) {
                // A provider too slow to answer is as overloaded as one that says so: fewer calls at once.
                limit.throttled(wait);
            }
            listener.retrying(request, failure.description(), wait, attempt + 1, policy.maxAttempts());
            sleeper.sleep(wait);
        }
    }

    private Duration jitteredBackoff(Duration ceiling) {
        long nanos = ceiling.toNanos();
        return nanos <= 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(nanos + 1));
    }

    private Duration elapsedSince(Instant start) {
        Duration elapsed = Duration.between(start, clock.instant());
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    enum Kind {
        /** 429, 5xx, reset, timeout: waiting can fix it. */
        TRANSIENT,
        /** A 4xx other than 429: the request is wrong and stays wrong. */
        REFUSED,
        /** The thread was interrupted: stop. */
        INTERRUPTED,
        /** Not a transport or provider failure: rethrow as is. */
        OTHER
    }

    /**
     * What went wrong, read off the cause chain.
     *
     * @param status -1 when no HTTP status is known
     */
    record Failure(Kind kind, int status, Optional<Duration> retryAfter, String description) {

        /** The provider took too long: no answer within the attempt's timeout. */
        boolean timedOut() {
            return kind == Kind.TRANSIENT && description.startsWith(TIMED_OUT);
        }

        static Failure of(Throwable thrown) {
            Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            Failure byStatus = null;
            Failure byType = null;
            for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
                if (t instanceof InterruptedException) {
                    return new Failure(Kind.INTERRUPTED, -1, Optional.empty(), "interrupted");
                }
                if (t instanceof ProviderHttpException provider) {
                    // The most precise source: status, the provider's message and Retry-After.
                    return byStatus(provider.statusCode(), provider.retryAfter(), provider.getMessage());
                }
                if (byStatus == null && t instanceof HttpException http) {
                    byStatus = byStatus(http.statusCode(), Optional.empty(), ProviderHttpException.describe(
                            http.statusCode(), ProviderHttpException.providerMessage(http.getMessage())));
                }
                if (byType == null) {
                    byType = byType(t);
                }
            }
            if (byStatus != null) {
                return byStatus;
            }
            return byType != null ? byType : new Failure(Kind.OTHER, -1, Optional.empty(), String.valueOf(thrown));
        }

        private static Failure byStatus(int status, Optional<Duration> retryAfter, String description) {
            Kind kind = status == 429 || status >= 500 && status <= 599 ? Kind.TRANSIENT
                    : status >= 300 ? Kind.REFUSED : Kind.OTHER;
            // A redirect the client did not follow (no Location, or to another scheme), or a status HTTP does not
            // know: the base URL is wrong or a proxy is in the way; retrying will not change it.
            return new Failure(kind, status, retryAfter, status >= 300 && status <= 399 || status > 599
                    ? description + "; check the provider's base URL" : description);
        }

        private static Failure byType(Throwable t) {
            if (t instanceof RateLimitException) {
                return new Failure(Kind.TRANSIENT, 429, Optional.empty(), "rate limited: " + message(t));
            }
            if (t instanceof InternalServerException) {
                return new Failure(Kind.TRANSIENT, -1, Optional.empty(), "provider error: " + message(t));
            }
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException
                    || t instanceof HttpTimeoutException) {
                return new Failure(Kind.TRANSIENT, -1, Optional.empty(), TIMED_OUT + message(t));
            }
            if (t instanceof InterruptedIOException) {
                // OkHttp's call timeout is an InterruptedIOException("timeout"); a thread interrupt surfaces as one
                // too, and is not retried (the caller checks the interrupt flag as well).
                return "interrupted".equals(t.getMessage())
                        ? new Failure(Kind.INTERRUPTED, -1, Optional.empty(), "interrupted")
                        : new Failure(Kind.TRANSIENT, -1, Optional.empty(), TIMED_OUT + message(t));
            }
            if (t instanceof java.net.ConnectException) {
                // Nothing listens there: almost always a wrong base URL, which waiting will not fix.
                return new Failure(Kind.REFUSED, -1, Optional.empty(), "cannot connect (" + message(t)
                        + "); check the provider's base URL and that its server is running");
            }
            if (t instanceof java.net.ProtocolException) {
                // What answered is not an HTTP server as expected (a garbled status line, a proxy speaking something
                // else): waiting will not fix it.
                return new Failure(Kind.REFUSED, -1, Optional.empty(), "the answer is not valid HTTP (" + message(t)
                        + "); check the provider's base URL and that it speaks this API");
            }
            if (t instanceof SocketException || t instanceof EOFException
                    || OKHTTP_STREAM_RESET.equals(t.getClass().getName())) {
                return new Failure(Kind.TRANSIENT, -1, Optional.empty(), "connection failed: " + message(t));
            }
            return null;
        }

        private static String message(Throwable t) {
            String message = t.getMessage();
            String type = t.getClass().getSimpleName();
            return message == null || message.isBlank() ? type : type + ": " + message;
        }
    }
}

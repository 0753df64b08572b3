package dev.junitprompt.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLHandshakeException;

import org.apiguardian.api.API;

import dev.junitprompt.api.Constants;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The request loop of the backend clients: sends a request, retries it while the server is rate
 * limiting (429), failing (5xx, 408, 425) or the connection breaks — honouring {@code Retry-After},
 * else backing off exponentially with jitter — and hands back the first answer not worth retrying.
 * A host that cannot be reached at all fails at once: waiting does not fix a wrong address. Not API.
 */
@API(status = API.Status.INTERNAL)
public final class RetryingHttp {

    /**
     * How a backend names itself and turns a failure into its own exception.
     *
     * @param describe        {@code Langfuse at https://…}: who failed, for messages
     * @param unreachableHint what to check when the host cannot be reached, e.g. the variable that sets it
     * @param messageFields   where the backend's error replies put their message, first match wins
     * @param redactor        removes the backend's credentials from a text a server or the network sent back
     * @param statusFailure   the backend's exception for a message and an HTTP status
     * @param causeFailure    the backend's exception for a message and a cause
     */
    public record Backend(String describe, String unreachableHint, List<String> messageFields,
            UnaryOperator<String> redactor, BiFunction<String, Integer, RuntimeException> statusFailure,
            BiFunction<String, Throwable, RuntimeException> causeFailure) {

        public Backend {
            Objects.requireNonNull(describe, "describe");
            Objects.requireNonNull(unreachableHint, "unreachableHint");
            messageFields = List.copyOf(messageFields);
            Objects.requireNonNull(redactor, "redactor");
            Objects.requireNonNull(statusFailure, "statusFailure");
            Objects.requireNonNull(causeFailure, "causeFailure");
        }

        /** {@code text} without the backend's credentials. */
        public String redact(String text) {
            return redactor.apply(text);
        }

        public RuntimeException failure(String message, int status) {
            return statusFailure.apply(message, status);
        }

        public RuntimeException failure(String message, Throwable cause) {
            return causeFailure.apply(message, cause);
        }
    }

    /** An answer not worth retrying: its status and its body, credentials removed. */
    public record Reply(int status, String text) {
    }

    private final OkHttpClient http;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Backend backend;

    public RetryingHttp(OkHttpClient http, RetryPolicy retry, Sleeper sleeper, Clock clock, Backend backend) {
        this.http = http;
        this.retry = retry;
        this.sleeper = sleeper;
        this.clock = clock;
        this.backend = backend;
    }

    /** Whether a status is worth another attempt. */
    public static boolean isTransient(int status) {
        return status == 429 || status == 408 || status == 425 || status >= 500 && status <= 599;
    }

    /**
     * Sends the request until an answer is not worth retrying, or the attempts are spent.
     *
     * @param what {@code POST /api/public/ingestion}: the request, for messages
     */
    public Reply send(Request request, String what) {
        return send(request, what, retry.maxAttempts());
    }

    /**
     * As {@link #send(Request, String)}, but an HTTP 500 is taken as the answer after {@code attemptsOn500}
     * attempts: for a request whose body the server fails on every time (an upsert that breaks a constraint),
     * where more attempts only cost time. Overload (429, 503…) is retried as always.
     */
    public Reply send(Request request, String what, int attemptsOn500) {
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            try (Response response = http.newCall(request).execute()) {
                String text = backend.redact(response.body().string());
                int status = response.code();
                if (!isTransient(status) || status == 500 && attempt >= attemptsOn500) {
                    return new Reply(status, text);
                }
                if (attempt >= retry.maxAttempts()) {
                    throw backend.failure(backend.describe() + " kept failing: HTTP " + status + " to " + what + " after "
                            + attempts(attempt) + ": " + HttpReplies.describe(text, backend.messageFields()), status);
                }
                int retryNumber = attempt;
                java.util.Optional<Duration> asked = RetryAfter.parse(response.header("Retry-After"), clock);
                if (asked.isPresent() && asked.get().compareTo(retry.maxRetryAfter()) > 0) {
                    // A server asking for hours must not hold the run for hours: say so and stop.
                    throw backend.failure(backend.describe() + " answered HTTP " + status + " to " + what
                            + " and asks to wait " + asked.get().toSeconds() + " s (Retry-After), more than the "
                            + retry.maxRetryAfter().toSeconds() + " s allowed (" + Constants.RETRY_MAX_RETRY_AFTER_MS + "): "
                            + HttpReplies.describe(text, backend.messageFields()), status);
                }
                wait = asked.orElseGet(() -> backoff(retryNumber));
            } catch (IOException e) {
                if (isUnreachable(e)) {
                    throw backend.failure("Cannot reach " + backend.describe() + " (" + e.getClass().getSimpleName()
                            + ": " + backend.redact(String.valueOf(e.getMessage())) + "): " + backend.unreachableHint()
                            + " and that the server is running", e);
                }
                if (Thread.currentThread().isInterrupted() || "interrupted".equals(e.getMessage())) {
                    throw backend.failure("Interrupted during " + what + " to " + backend.describe(), e);
                }
                if (attempt >= retry.maxAttempts()) {
                    throw backend.failure(backend.describe() + " did not answer " + what + " after " + attempts(attempt)
                            + " (" + (e instanceof InterruptedIOException ? "timed out: " : "")
                            + backend.redact(e.toString()) + ")", e);
                }
                wait = backoff(attempt);
            }
            pause(wait, what);
        }
    }

    /** Waits before retry number {@code attempt} of something that is not one request (a batch's failed events). */
    public void backOff(int attempt, String what) {
        pause(backoff(attempt), what);
    }

    /** {@code 1 attempt}, {@code 3 attempts}. */
    public static String attempts(int count) {
        return count + (count == 1 ? " attempt" : " attempts");
    }

    private static boolean isUnreachable(IOException e) {
        // Nothing listens there, no such host, or TLS spoken to a plain port.
        return e instanceof ConnectException || e instanceof UnknownHostException
                || e instanceof NoRouteToHostException || e instanceof SSLHandshakeException;
    }

    /** Exponential backoff with full jitter: uniform in [0, the policy's ceiling for this retry]. */
    private Duration backoff(int retryNumber) {
        long ceiling = retry.backoffCeiling(retryNumber).toMillis();
        return Duration.ofMillis(ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private void pause(Duration wait, String what) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw backend.failure("Interrupted while waiting to retry " + what + " to " + backend.describe(), e);
        }
    }
}

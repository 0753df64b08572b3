package dev.junitprompt.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The JSON API of a backend (Langfuse, LangSmith) as its client reads its settings, addresses it, sends it JSON and
 * reads its answers: the part the clients share, so both word the same failures the same way. A client brings only
 * what is its own: its {@link RetryingHttp.Backend} (name, hints, exceptions), its headers and how it explains
 * rejected credentials. Not API.
 */
@API(status = API.Status.INTERNAL)
public final class JsonApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a blank reply that is no error (status below 400) means. */
    public enum BlankReply {
        /** An empty answer: {@link MissingNode} for a 2xx. */
        EMPTY,
        /** As wrong as a reply that is not JSON: the service always answers JSON. */
        NOT_JSON
    }

    private final HttpUrl base;
    private final MediaType contentType;
    private final RetryingHttp.Backend backend;
    private final String notJsonHint;
    private final BlankReply blankReply;
    private final RetryingHttp transport;

    /**
     * @param base        where the API's paths start, e.g. {@code https://cloud.langfuse.com/api/public}
     * @param contentType the type request bodies are sent as
     * @param backend     who the service is, for messages, and how it fails
     * @param notJsonHint what may answer instead of the service when the reply is not JSON, and what to check
     * @param blankReply  what a blank reply that is no error means
     * @param retry       attempts, backoff and the time limit of one attempt
     */
    public JsonApi(HttpUrl base, MediaType contentType, RetryingHttp.Backend backend, String notJsonHint,
            BlankReply blankReply, RetryPolicy retry, Sleeper sleeper, Clock clock) {
        this.base = Objects.requireNonNull(base, "base");
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.notJsonHint = Objects.requireNonNull(notJsonHint, "notJsonHint");
        this.blankReply = Objects.requireNonNull(blankReply, "blankReply");
        Objects.requireNonNull(retry, "retry");
        this.transport = new RetryingHttp(HttpClients.shared().newBuilder()
                .callTimeout(retry.callTimeout().toMillis(), TimeUnit.MILLISECONDS).build(), retry,
                Objects.requireNonNull(sleeper, "sleeper"), Objects.requireNonNull(clock, "clock"), backend);
    }

    // -------------------------------------------------------------------------------------------- configuration

    /**
     * The first of {@code names} that {@code env} sets, as {@code clean} leaves it; a value that is blank once
     * cleaned counts as unset.
     */
    public static Optional<String> setting(Map<String, String> env, UnaryOperator<String> clean, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null) {
                String cleaned = clean.apply(value);
                if (!cleaned.isBlank()) {
                    return Optional.of(cleaned);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code url} without the slashes it ends with. */
    public static String withoutTrailingSlashes(String url) {
        String trimmed = url;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /**
     * {@code url} parsed.
     *
     * @param what    {@code The Langfuse host}: what the URL is, for the message
     * @param hint    what to check
     * @param failure the service's exception with that message
     */
    public static HttpUrl baseUrl(String url, String what, String hint, Function<String, RuntimeException> failure) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw failure.apply(what + " is not an http(s) URL: \"" + url + "\"; " + hint);
        }
        return parsed;
    }

    // ------------------------------------------------------------------------------------------------ requests

    /** The API's URL for these path segments (each encoded, so a '/' in one becomes {@code %2F}). */
    public HttpUrl url(String... segments) {
        HttpUrl.Builder url = base.newBuilder();
        for (String segment : segments) {
            url.addPathSegment(segment);
        }
        return url.build();
    }

    /**
     * Sends one request, retried while the service is rate limiting, failing (5xx) or the connection breaks, and
     * hands back the first answer not worth retrying; {@link #json} reads it.
     *
     * @param body    a {@link JsonNode} or an object Jackson writes (a record), or {@code null} for none
     * @param headers sent after {@code Accept: application/json}, in their order
     */
    public Answer send(String method, HttpUrl url, Object body, Map<String, String> headers) {
        return send(method, url, body, headers, Integer.MAX_VALUE);
    }

    /** As {@link #send(String, HttpUrl, Object, Map)}; an HTTP 500 is the answer after {@code attemptsOn500}. */
    public Answer send(String method, HttpUrl url, Object body, Map<String, String> headers, int attemptsOn500) {
        return exchange(method, url, body == null ? null : RequestBody.create(bytes(body), contentType), headers,
                attemptsOn500);
    }

    /**
     * As {@link #send(String, HttpUrl, Object, Map)}, with a body of another type (a multipart form). It must be
     * repeatable, as retries send it again: one built from bytes is.
     */
    public Answer sendBody(String method, HttpUrl url, RequestBody body, Map<String, String> headers) {
        return exchange(method, url, body, headers, Integer.MAX_VALUE);
    }

    private Answer exchange(String method, HttpUrl url, RequestBody body, Map<String, String> headers,
            int attemptsOn500) {
        Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json");
        headers.forEach(request::header);
        request.method(method, body);
        String what = method + " " + url.encodedPath();
        RetryingHttp.Reply reply = transport.send(request.build(), what, attemptsOn500);
        Optional<JsonNode> json = HttpReplies.parse(reply.text());
        return new Answer(reply.status(), reply.text(), what, json,
                json.map(parsed -> HttpReplies.serverMessage(parsed, backend.messageFields())).orElse(""));
    }

    /** Waits before retry number {@code attempt} of something that is not one request (a batch's failed events). */
    public void backOff(int attempt, String what) {
        transport.backOff(attempt, what);
    }

    /**
     * A final answer: not retried, credentials removed.
     *
     * @param what    {@code GET /api/public/health}: the request, for messages
     * @param json    the reply as JSON, empty when it is blank or not JSON
     * @param message the server's message, shortened; empty when it sent none
     */
    public record Answer(int status, String text, String what, Optional<JsonNode> json, String message) {
    }

    /** Whether the answer is JSON, or blank where that means no content. */
    public boolean readable(Answer answer) {
        return answer.json().isPresent()
                || answer.text().isBlank() && (blankReply == BlankReply.EMPTY || answer.status() >= 400);
    }

    /**
     * The answer's JSON when the status is 2xx ({@link MissingNode} for a blank one); else the failure that explains
     * it, naming the request and the server's message.
     *
     * @param notFound the message for a 404 (naming what is missing), or {@code null} for the generic one
     */
    public JsonNode json(Answer answer, String notFound) {
        int status = answer.status();
        String message = answer.message();
        if (!readable(answer)) {
            throw backend.failure(backend.describe() + " answered HTTP " + status + " to " + answer.what()
                    + " with a reply that is not JSON (" + notJsonHint + "): " + HttpReplies.snippet(answer.text()),
                    status);
        }
        if (status >= 200 && status <= 299) {
            return answer.json().orElse(MissingNode.getInstance());
        }
        if (status == 404 && notFound != null) {
            throw backend.failure(notFound + (message.isBlank() ? "" : " (" + message + ")"), 404);
        }
        throw backend.failure(backend.describe() + " answered HTTP " + status + " to " + answer.what()
                + (message.isBlank() ? "" : ": " + message), status);
    }

    // ---------------------------------------------------------------------------------------------------- JSON

    /** {@code body} as the UTF-8 JSON sent. */
    public static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A string or number field as text, else {@code null}. */
    public static String text(JsonNode json, String field) {
        JsonNode value = json.path(field);
        return value.isTextual() || value.isNumber() ? value.asText() : null;
    }

    /**
     * A field every answer of its kind has, as text: an answer without it is not from the service (a proxy's page,
     * another service at the configured URL), said so with the start of the answer rather than failing later on the
     * missing value.
     *
     * @param what the kind of answer, e.g. {@code a dataset}
     */
    public String required(JsonNode json, String field, String what) {
        String value = text(json, field);
        if (value == null) {
            throw backend.failure(backend.describe() + " answered " + what + " without its '" + field + "' ("
                    + HttpReplies.snippet(backend.redact(String.valueOf(json))) + "); " + notJsonHint, (Throwable) null);
        }
        return value;
    }

    /** A field as it is, JSON null when missing. */
    public static JsonNode any(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null ? NullNode.getInstance() : value;
    }
}

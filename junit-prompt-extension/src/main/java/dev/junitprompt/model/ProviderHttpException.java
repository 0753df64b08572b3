package dev.junitprompt.model;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.exception.HttpException;

/**
 * A model provider answered with an HTTP error. Its message is {@code HTTP 429 Too Many Requests: <the provider's
 * message>}, the provider's message being {@code error.message} of an OpenAI- or Anthropic-style JSON error (or a
 * plain {@code error} string, as Ollama sends), else the body cut to 500 characters.
 *
 * <p>It has no cause, on purpose: LangChain4j's exception mapper maps the <em>root</em> of the cause chain, so this
 * exception is what it turns into {@code RateLimitException}, {@code InternalServerException}… and keeps as their
 * cause, where {@link RetryingCaller} finds the status and {@link #retryAfter()} again.
 */
@API(status = API.Status.INTERNAL)
public final class ProviderHttpException extends HttpException {

    static final int MAX_BODY_CHARS = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(402, "Payment Required"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"), Map.entry(413, "Payload Too Large"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(422, "Unprocessable Entity"),
            Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"),
            Map.entry(529, "Overloaded"));

    private final String providerMessage;
    private final String body;
    private final Duration retryAfter;

    /**
     * @param statusCode      the HTTP status
     * @param providerMessage what the provider said went wrong (see {@link #providerMessage(String)})
     * @param body            the response body, at most {@value #MAX_BODY_CHARS} characters of it
     * @param retryAfter      how long the provider asked us to wait, if it did
     */
    public ProviderHttpException(int statusCode, String providerMessage, String body, Optional<Duration> retryAfter) {
        super(statusCode, describe(statusCode, providerMessage));
        this.providerMessage = providerMessage == null ? "" : providerMessage;
        this.body = body == null ? "" : truncate(body);
        this.retryAfter = retryAfter == null ? null : retryAfter.orElse(null);
    }

    /** What the provider said went wrong: {@code error.message} of its JSON error, else the start of the body. */
    public String providerMessage() {
        return providerMessage;
    }

    /** The response body, at most {@value #MAX_BODY_CHARS} characters of it. */
    public String body() {
        return body;
    }

    /** How long the provider asked us to wait ({@code Retry-After}, or OpenAI's {@code retry-after-ms}). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** {@code HTTP 429 Too Many Requests: <message>}, or without the message when there is none. */
    static String describe(int statusCode, String providerMessage) {
        String reason = REASONS.get(statusCode);
        String status = "HTTP " + statusCode + (reason == null ? "" : " " + reason);
        return providerMessage == null || providerMessage.isBlank() ? status : status + ": " + providerMessage;
    }

    /**
     * The useful part of an error body: {@code error.message} (OpenAI, Anthropic, most OpenAI-compatible servers),
     * a string {@code error} (Ollama) or a top-level {@code message}; else the body itself, cut to
     * {@value #MAX_BODY_CHARS} characters.
     */
    static String providerMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String trimmed = body.strip();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode json = JSON.readTree(trimmed);
                JsonNode error = json.path("error");
                if (error.path("message").isTextual()) {
                    return truncate(error.path("message").asText());
                }
                if (error.isTextual()) {
                    return truncate(error.asText());
                }
                if (json.path("message").isTextual()) {
                    return truncate(json.path("message").asText());
                }
            } catch (IOException | RuntimeException notJson) {
                // Fall through to the raw body.
            }
        }
        return truncate(trimmed);
    }

    static String truncate(String text) {
        return text.length() <= MAX_BODY_CHARS ? text : text.substring(0, MAX_BODY_CHARS) + "…";
    }
}

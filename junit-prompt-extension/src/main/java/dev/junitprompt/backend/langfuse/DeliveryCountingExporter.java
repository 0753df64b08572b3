package dev.junitprompt.backend.langfuse;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The OTLP exporter, with every span it failed to deliver counted: {@code forceFlush()} reports success
 * after failed exports (a 404, a 500, a timeout), so without this a run whose traces never arrived looked
 * whole. What went wrong is kept, credentials removed, for the run's notes; the exporter's own log lines
 * that would print a credential (a proxy echoing the request's headers) are dropped.
 */
final class DeliveryCountingExporter implements SpanExporter {

    /**
     * Where OpenTelemetry's HTTP exporter logs a failed export, with the server's answer: its class's name,
     * which moved between releases. Held here, since java.util.logging keeps loggers only weakly and a
     * collected one would come back without its filter.
     */
    private static final List<Logger> EXPORTER_LOGS = List.of(
            Logger.getLogger("io.opentelemetry.exporter.otlp.internal.HttpExporter"),
            Logger.getLogger("io.opentelemetry.exporter.internal.http.HttpExporter"));
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    static {
        for (Logger logger : EXPORTER_LOGS) {
            java.util.logging.Filter previous = logger.getFilter();
            logger.setFilter(record -> {
                String message = record.getMessage() + " " + record.getThrown();
                return SECRETS.stream().noneMatch(message::contains)
                        && (previous == null || previous.isLoggable(record));
            });
        }
    }

    private final SpanExporter delegate;
    private final UnaryOperator<String> redact;
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicReference<String> lastFailure = new AtomicReference<>("");

    /**
     * @param secrets the credentials the exporter sends, which must never be logged
     * @param redact  removes them from a text the server sent back
     */
    DeliveryCountingExporter(SpanExporter delegate, Collection<String> secrets, UnaryOperator<String> redact) {
        this.delegate = delegate;
        this.redact = redact;
        secrets.stream().filter(secret -> !secret.isBlank()).forEach(SECRETS::add);
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        CompletableResultCode result = delegate.export(spans);
        result.whenComplete(() -> {
            if (result.isSuccess()) {
                delivered.addAndGet(spans.size());
            } else {
                lost.addAndGet(spans.size());
                Throwable failure = result.getFailureThrowable();
                lastFailure.set(failure == null ? "the export failed" : redact.apply(describe(failure)));
            }
        });
        return result;
    }

    /**
     * {@code HTTP 404: <start of the body>} for an HTTP failure (the exporter's exception type is internal to
     * OpenTelemetry, so its response is read through the public {@link HttpResponse}), else the messages of the
     * cause chain.
     */
    private static String describe(Throwable failure) {
        try {
            Object response = failure.getClass().getMethod("getResponse").invoke(failure);
            if (response instanceof HttpResponse http) {
                String body = new String(http.getResponseBody(), java.nio.charset.StandardCharsets.UTF_8).strip();
                return "HTTP " + http.getStatusCode() + (body.isEmpty() ? ""
                        : ": " + (body.length() > 200 ? body.substring(0, 200) + "…" : body));
            }
        } catch (ReflectiveOperationException | RuntimeException notHttp) {
            // Not an HTTP failure with a response: the messages say what happened.
        }
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                text.append(text.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return text.length() == 0 ? failure.getClass().getSimpleName() : text.toString();
    }

    /** Spans the server took. */
    int delivered() {
        return delivered.get();
    }

    /** Spans that were exported and not taken. */
    int lost() {
        return lost.get();
    }

    /** Why the last failed export failed, credentials removed; empty when none failed. */
    String lastFailure() {
        return lastFailure.get();
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }
}

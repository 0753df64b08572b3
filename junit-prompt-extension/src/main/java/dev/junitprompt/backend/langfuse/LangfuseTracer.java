package dev.junitprompt.backend.langfuse;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.api.Score;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.Trace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Sends an experiment run's item traces to Langfuse's OTLP endpoint with the OpenTelemetry SDK, using
 * Langfuse's attribute conventions: per item run a root span (the experiment), a generation per model
 * call and an evaluator span per evaluator. Spans are rebuilt from the item's {@link Trace} after the
 * fact, with its timestamps.
 */
final class LangfuseTracer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The instrumentation scope the spans are exported under. Langfuse takes a scope named {@code langfuse-sdk…}
     * for its own SDK's: it reads the {@code langfuse.*} attributes and keeps nothing else. Under any other scope
     * the server treats spans as third-party and copies every attribute into the observation's
     * {@code metadata.attributes} as well: each input, output and expected output stored twice. Such a scope must
     * carry the project's public key, which the server checks against the one that authenticated.
     */
    static final String SCOPE = "langfuse-sdk-junit-prompt";

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final DeliveryCountingExporter exporter;
    private final String environment;
    private final ItemIds ids = new ItemIds();
    /** Spans lost as of the last flush, which said them. */
    private long lostSaid;

    /**
     * @param client      the project's client, whose host, keys and redaction the export uses
     * @param retry       how a failed export is retried (the exporter allows 2 to 5 attempts)
     * @param timeout     the most one export may take
     * @param environment the Langfuse environment of every span ({@code sdk-experiment} unless set)
     * @param release     the release the spans belong to ({@code LANGFUSE_RELEASE}), or empty
     */
    LangfuseTracer(LangfuseClient client, RetryPolicy retry, Duration timeout, String environment,
            Optional<String> release) {
        this.environment = environment;
        String authorization = client.authorization();
        UnaryOperator<String> redact = client::redact;
        String host = client.host();
        this.exporter = new DeliveryCountingExporter(OtlpHttpSpanExporter.builder()
                .setEndpoint(host + "/api/public/otel/v1/traces")
                .addHeader("Authorization", authorization)
                // Without it a v4 server may take some 15 minutes to show the spans.
                .addHeader("x-langfuse-ingestion-version", "4")
                .setTimeout(timeout)
                .setRetryPolicy(io.opentelemetry.sdk.common.export.RetryPolicy.builder()
                        .setMaxAttempts(Math.max(2, Math.min(5, retry.maxAttempts())))
                        .setInitialBackoff(retry.initialBackoff().isZero() ? Duration.ofMillis(1) : retry.initialBackoff())
                        .setMaxBackoff(retry.maxBackoff().isZero() ? Duration.ofMillis(1) : retry.maxBackoff())
                        .build())
                .build(), List.of(authorization, authorization.substring("Basic ".length())), redact);
        AttributesBuilder resource = Attributes.builder().put("service.name", "junit-prompt");
        release.ifPresent(value -> resource.put("langfuse.release", value));
        InstrumentationScopeInfo scope = InstrumentationScopeInfo.builder(SCOPE)
                .setAttributes(Attributes.of(AttributeKey.stringKey("public_key"), client.publicKey())).build();
        this.provider = SdkTracerProvider.builder()
                .setIdGenerator(ids)
                .setResource(Resource.getDefault().merge(Resource.create(resource.build())))
                .addSpanProcessor(BatchSpanProcessor.builder(new ScopedExporter(exporter, scope)).build())
                .build();
        this.tracer = provider.get(SCOPE);
    }

    /**
     * Exports spans under {@code scope}: OpenTelemetry's tracer API cannot give a scope attributes, which the
     * server requires of a {@code langfuse-sdk} scope (the public key).
     */
    private record ScopedExporter(SpanExporter delegate, InstrumentationScopeInfo scope) implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return delegate.export(spans.stream().<SpanData>map(span -> new DelegatingSpanData(span) {
                @Override
                public InstrumentationScopeInfo getInstrumentationScopeInfo() {
                    return scope;
                }
            }).toList());
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

    /**
     * Trace and span ids drawn from a seed per item run, in the order its spans are made: the same item run gets the
     * same ids each time it is sent, so Langfuse overwrites what it had. Spans are made under {@link #trace}'s lock.
     */
    private static final class ItemIds implements io.opentelemetry.sdk.trace.IdGenerator {

        private String seed = "";
        private int drawn;

        void seed(String itemRun) {
            seed = itemRun;
            drawn = 0;
        }

        @Override
        public String generateSpanId() {
            return hex(++drawn).substring(0, 16);
        }

        @Override
        public String generateTraceId() {
            return hex(0).substring(0, 32);
        }

        private String hex(int draw) {
            try {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                        .digest((seed + "\u001f" + draw).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                String hex = java.util.HexFormat.of().formatHex(digest);
                // All zeros is OpenTelemetry's invalid id; a digest of zeros in its first 8 bytes will not come.
                return hex;
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }
    }

    /** Where an item run's spans belong: the run, and for Langfuse v4 the experiment linkage. */
    record ItemLink(String experimentName, String runName, String target, String datasetItemId) {
    }

    /** The ids Langfuse knows the item run by: scores and run items point at them. */
    record TraceIds(String traceId, String rootSpanId) {
    }

    /**
     * Builds and queues the spans of one item run; they are exported in batches.
     *
     * @param seed       what the trace's and spans' ids are derived from: the same for each send of the item run
     * @param experiment the {@code langfuse.experiment.*} attributes of the item's spans, given the ids of its
     *                   trace and root span (the run item that links them is made first)
     */
    synchronized TraceIds trace(ItemResult result, String seed, ItemLink link,
            java.util.function.Function<TraceIds, Map<String, String>> experiment) {
        ids.seed(seed);
        Trace trace = result.trace();
        Span root = tracer.spanBuilder(link.experimentName()).setNoParent()
                .setStartTimestamp(trace.start())
                .setAllAttributes(rootAttributes(result, link))
                .startSpan();
        String rootSpanId = root.getSpanContext().getSpanId();
        // Langfuse v4 links every observation to its experiment, as the SDK does: a v4 server sums cost and
        // latency and collects prompt versions over the observations that carry the experiment's id.
        TraceIds ids = new TraceIds(root.getSpanContext().getTraceId(), rootSpanId);
        AttributesBuilder linked = Attributes.builder();
        experiment.apply(ids).forEach(linked::put);
        linked.put("langfuse.experiment.item.root_observation_id", rootSpanId);
        root.setAllAttributes(linked.build());
        // The expected output is the root's alone: on every generation it would repeat the dataset.
        Attributes childAttributes = linked.build().toBuilder()
                .remove(AttributeKey.stringKey("langfuse.experiment.item.expected_output")).build();
        Context parent = Context.root().with(root);
        for (Trace.ModelCall call : trace.calls()) {
            tracer.spanBuilder(call.model().isEmpty() ? "model call" : call.model()).setParent(parent)
                    .setStartTimestamp(call.start()).setAllAttributes(generationAttributes(call, link))
                    .setAllAttributes(childAttributes).startSpan().end(call.end());
        }
        // The item's own span ends where evaluation begins, as the SDK's do: its latency is the target's.
        Instant rootEnd = trace.evaluations().isEmpty() ? trace.end() : trace.evaluations().get(0).start();
        if (!result.error().isEmpty()) {
            root.setStatus(StatusCode.ERROR, result.error());
        }
        root.end(rootEnd.isBefore(trace.start()) ? trace.start() : rootEnd);
        for (Trace.Evaluation evaluation : trace.evaluations()) {
            Span span = tracer.spanBuilder(evaluation.evaluator()).setParent(parent)
                    .setStartTimestamp(evaluation.start()).setAllAttributes(evaluatorAttributes(evaluation))
                    .setAllAttributes(childAttributes).startSpan();
            if (!evaluation.error().isEmpty()) {
                span.setStatus(StatusCode.ERROR, evaluation.error());
            }
            span.end(evaluation.end());
        }
        return ids;
    }

    private Attributes rootAttributes(ItemResult result, ItemLink link) {
        AttributesBuilder attributes = Attributes.builder()
                .put("langfuse.trace.name", link.experimentName())
                .put("langfuse.trace.input", json(result.item().inputs()))
                .put("langfuse.trace.output", result.output())
                .put("langfuse.observation.type", "span")
                .put("langfuse.observation.input", json(result.item().inputs()))
                .put("langfuse.observation.output", result.output())
                .put("langfuse.environment", environment);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("item_id", result.item().id());
        metadata.put("dataset", result.item().dataset());
        metadata.put("run_name", link.runName());
        metadata.put("target", link.target());
        metadata.put("repetition", String.valueOf(result.repetition()));
        metadata.put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
        if (!link.datasetItemId().isEmpty()) {
            metadata.put("dataset_item_id", link.datasetItemId());
        }
        metadata.forEach((key, value) -> {
            attributes.put("langfuse.trace.metadata." + key, value);
            attributes.put("langfuse.observation.metadata." + key, value);
        });
        if (!result.error().isEmpty()) {
            attributes.put("langfuse.observation.level", "ERROR");
            attributes.put("langfuse.observation.status_message", result.error());
        }
        return attributes.build();
    }

    private Attributes generationAttributes(Trace.ModelCall call, ItemLink link) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("input", call.usage().inputTokens());
        usage.put("output", call.usage().outputTokens());
        usage.put("total", call.usage().totalTokens());
        AttributesBuilder attributes = Attributes.builder()
                .put("langfuse.observation.type", "generation")
                .put("langfuse.observation.model.name", call.model())
                .put("langfuse.observation.model.parameters", json(call.parameters()))
                .put("langfuse.observation.input", json(call.messages()))
                .put("langfuse.observation.output", call.output())
                .put("langfuse.observation.usage_details", json(usage))
                .put("langfuse.observation.metadata.provider", call.provider())
                .put("langfuse.observation.metadata.replayed", String.valueOf(call.replayed()))
                .put("langfuse.environment", environment);
        if (!Double.isNaN(call.cost())) {
            // Given, so Langfuse does not price the call by its own table (which may not know the model).
            Map<String, Object> cost = new LinkedHashMap<>();
            cost.put("input", call.inputCost());
            cost.put("output", call.outputCost());
            cost.put("total", call.cost());
            attributes.put("langfuse.observation.cost_details", json(cost));
        }
        if (link.target().startsWith("langfuse:")) {
            PromptReference.parse(link.target()).ifPresent(prompt -> {
                attributes.put("langfuse.observation.prompt.name", prompt.name());
                prompt.version().ifPresent(version -> attributes.put(
                        AttributeKey.longKey("langfuse.observation.prompt.version"), (long) version));
            });
        }
        return attributes.build();
    }

    private Attributes evaluatorAttributes(Trace.Evaluation evaluation) {
        AttributesBuilder attributes = Attributes.builder()
                .put("langfuse.observation.type", "evaluator")
                .put("langfuse.environment", environment);
        Score score = evaluation.score();
        if (score != null) {
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("name", score.name());
            output.put("value", score.isNumeric() ? score.value() : score.category());
            output.put("comment", score.comment());
            attributes.put("langfuse.observation.output", json(output));
        } else {
            attributes.put("langfuse.observation.level", "ERROR");
            attributes.put("langfuse.observation.status_message", evaluation.error());
        }
        return attributes.build();
    }

    /**
     * Sends what is queued and says what did not arrive since the last flush: {@code 12 of 30 spans not delivered:
     * HTTP 404 …}, empty when every span did.
     *
     * @throws LangfuseException when the export did not end within {@code timeout}
     */
    Optional<String> flush(Duration timeout) {
        CompletableResultCode result = provider.forceFlush().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!result.isDone()) {
            throw new LangfuseException("Langfuse did not take the run's traces within " + timeout.toSeconds()
                    + " s (OTLP export to /api/public/otel/v1/traces)");
        }
        long lost = exporter.lost() - lostSaid;
        if (lost == 0) {
            return Optional.empty();
        }
        lostSaid = exporter.lost();
        return Optional.of(lost + " of " + (exporter.lost() + exporter.delivered())
                + " spans not delivered to /api/public/otel/v1/traces: " + exporter.lastFailure()
                + "; the scores of their items point at traces Langfuse does not have");
    }

    @Override
    public void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }

    static String json(Object value) {
        if (value instanceof JsonNode node) {
            return node.toString();
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}

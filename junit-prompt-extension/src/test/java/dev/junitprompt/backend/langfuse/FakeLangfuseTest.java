package dev.junitprompt.backend.langfuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import dev.junitprompt.backend.langfuse.FakeLangfuse.Generation;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The fake Langfuse itself: it holds requests to the contract and records what it received. */
class FakeLangfuseTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String ROOT_ID = "b7ad6b7169203331";
    private static final String CHILD_ID = "00f067aa0ba902b7";
    private static final OkHttpClient HTTP = new OkHttpClient();

    private final FakeLangfuse langfuse = FakeLangfuse.start(Generation.V3);

    @AfterEach
    void stop() {
        langfuse.close();
    }

    private record Answer(int status, String body) {
    }

    private Answer send(String method, String path, String contentType, byte[] body, boolean authenticated)
            throws IOException {
        Request.Builder request = new Request.Builder().url(langfuse.host() + path)
                .method(method, body == null ? null : RequestBody.create(body, MediaType.get(contentType)));
        if (authenticated) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (FakeLangfuse.PUBLIC_KEY + ":" + FakeLangfuse.SECRET_KEY).getBytes(StandardCharsets.UTF_8)));
        }
        try (Response response = HTTP.newCall(request.build()).execute()) {
            return new Answer(response.code(), response.body().string());
        }
    }

    private Answer postJson(String path, String json) throws IOException {
        return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8), true);
    }

    @Test
    void aDatasetRunItemWithAnUnknownFieldIsAViolation() throws IOException {
        langfuse.seedDataset("qa", 1);

        Answer answer = postJson("/api/public/dataset-run-items", """
                {"runName":"run 1","datasetItemId":"item-001","traceId":"%s","runMetadata":{"a":1}}
                """.formatted(TRACE_ID));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(langfuse.violations()).singleElement().asString()
                .contains("POST /api/public/dataset-run-items").contains("runMetadata")
                .contains("not declared");
        assertThat(langfuse.runItems()).isEmpty();
    }

    @Test
    void aWrongTypeAMissingFieldAndAWrongEnumAreViolations() throws IOException {
        langfuse.seedDataset("qa", 1);

        assertThat(postJson("/api/public/dataset-items", "{\"datasetName\":42}").status()).isEqualTo(400);
        assertThat(postJson("/api/public/v2/datasets", "{\"description\":\"no name\"}").status()).isEqualTo(400);
        assertThat(postJson("/api/public/dataset-items", "{\"datasetName\":\"qa\",\"status\":\"DELETED\"}").status())
                .isEqualTo(400);

        assertThat(langfuse.violations()).hasSize(3)
                .anySatisfy(v -> assertThat(v).contains("datasetName"))
                .anySatisfy(v -> assertThat(v).contains("name"))
                .anySatisfy(v -> assertThat(v).contains("status"));
    }

    @Test
    void aWrongPathAWrongMethodAndAMissingAuthorizationAreViolations() throws IOException {
        assertThat(send("GET", "/api/public/dataset/qa", null, null, true).status()).isEqualTo(404);
        assertThat(send("DELETE", "/api/public/health", null, null, true).status()).isEqualTo(405);
        assertThat(send("GET", "/api/public/projects", null, null, false).status()).isEqualTo(401);
        assertThat(send("GET", "/api/health", null, null, true).status()).isEqualTo(404);

        assertThat(langfuse.violations()).hasSize(4)
                .anySatisfy(v -> assertThat(v).contains("no such path"))
                .anySatisfy(v -> assertThat(v).contains("no DELETE operation"))
                .anySatisfy(v -> assertThat(v).contains("no Authorization header"))
                .anySatisfy(v -> assertThat(v).contains("not under /api/public/"));
    }

    @Test
    void aScoreBreakingTheRulesIsRejectedInsideThe207AndAViolation() throws IOException {
        Answer answer = postJson("/api/public/ingestion", """
                {"batch":[{"id":"e1","timestamp":"2025-01-01T00:00:00Z","type":"score-create",
                  "body":{"id":"s1","traceId":"%s","name":"ok","value":0.5,"dataType":"BOOLEAN"}}]}
                """.formatted(TRACE_ID));

        assertThat(answer.status()).isEqualTo(207);
        assertThat(answer.body()).contains("\"errors\":[{\"id\":\"e1\",\"status\":400");
        assertThat(langfuse.scores()).isEmpty();
        assertThat(langfuse.violations()).singleElement().asString().contains("BOOLEAN value must be 0 or 1");
    }

    @Test
    void v4RejectsTraceEventsInsideThe207ButTakesScores() throws IOException {
        langfuse.actAs(Generation.V4);
        String batch = """
                {"batch":[
                  {"id":"e1","timestamp":"2025-01-01T00:00:00Z","type":"trace-create","body":{"id":"%s","name":"t"}},
                  {"id":"e2","timestamp":"2025-01-01T00:00:00Z","type":"score-create",
                   "body":{"id":"s1","traceId":"%s","name":"ok","value":1,"dataType":"BOOLEAN"}}]}
                """.formatted(TRACE_ID, TRACE_ID);

        Answer answer = postJson("/api/public/ingestion", batch);

        assertThat(answer.status()).isEqualTo(207);
        assertThat(answer.body()).contains("{\"id\":\"e1\",\"status\":400").contains("{\"id\":\"e2\",\"status\":201}");
        assertThat(langfuse.observations()).isEmpty();
        assertThat(langfuse.scores()).containsOnlyKeys("s1");

        langfuse.actAs(Generation.V3);
        postJson("/api/public/ingestion", batch);
        assertThat(langfuse.observations()).singleElement()
                .satisfies(event -> assertThat(event.path("body").path("id").asText()).isEqualTo(TRACE_ID));
        langfuse.assertNoViolations();
    }

    @Test
    void otlpProtobufSpansAreDecoded() throws IOException {
        HexFormat hex = HexFormat.of();
        ExportTraceServiceRequest export = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(string("service.name", "junit-prompt")))
                        .addScopeSpans(ScopeSpans.newBuilder()
                                .addSpans(Span.newBuilder().setName("prep_generate")
                                        .setTraceId(ByteString.copyFrom(hex.parseHex(TRACE_ID)))
                                        .setSpanId(ByteString.copyFrom(hex.parseHex(ROOT_ID)))
                                        .setStartTimeUnixNano(1_735_689_600_000_000_000L)
                                        .setEndTimeUnixNano(1_735_689_601_500_000_000L)
                                        .addAttributes(string("langfuse.experiment.item.id", "case-001"))
                                        .addAttributes(KeyValue.newBuilder().setKey("gen_ai.usage.input_tokens")
                                                .setValue(AnyValue.newBuilder().setIntValue(42)))
                                        .addAttributes(KeyValue.newBuilder().setKey("flag")
                                                .setValue(AnyValue.newBuilder().setBoolValue(true))))
                                .addSpans(Span.newBuilder().setName("generation")
                                        .setTraceId(ByteString.copyFrom(hex.parseHex(TRACE_ID)))
                                        .setSpanId(ByteString.copyFrom(hex.parseHex(CHILD_ID)))
                                        .setParentSpanId(ByteString.copyFrom(hex.parseHex(ROOT_ID))))))
                .build();

        Answer answer = send("POST", "/api/public/otel/v1/traces", "application/x-protobuf", export.toByteArray(),
                true);

        assertThat(answer.status()).isEqualTo(200);
        List<FakeLangfuse.Span> spans = langfuse.spans();
        assertThat(spans).hasSize(2);
        FakeLangfuse.Span root = spans.get(0);
        assertThat(root.name()).isEqualTo("prep_generate");
        assertThat(root.traceId()).isEqualTo(TRACE_ID);
        assertThat(root.spanId()).isEqualTo(ROOT_ID);
        assertThat(root.parentSpanId()).isNull();
        assertThat(root.attributes()).containsEntry("langfuse.experiment.item.id", "case-001")
                .containsEntry("gen_ai.usage.input_tokens", 42L).containsEntry("flag", true);
        assertThat(root.start()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(root.end()).isEqualTo(Instant.parse("2025-01-01T00:00:01.500Z"));
        assertThat(root.resource()).containsEntry("service.name", "junit-prompt");
        assertThat(spans.get(1).parentSpanId()).isEqualTo(ROOT_ID);
        langfuse.assertNoViolations();
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    @Test
    void otlpJsonSpansAreDecoded() throws IOException {
        String json = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"jp"}}]},
                  "scopeSpans":[{"scope":{"name":"junit-prompt"},"spans":[{
                    "traceId":"%s","spanId":"%s","name":"judge","kind":1,
                    "startTimeUnixNano":"1735689600000000000","endTimeUnixNano":"1735689602000000000",
                    "attributes":[{"key":"langfuse.observation.type","value":{"stringValue":"generation"}},
                                  {"key":"n","value":{"intValue":"3"}}]}]}]}]}
                """.formatted(TRACE_ID, ROOT_ID);

        assertThat(postJson("/api/public/otel/v1/traces", json).status()).isEqualTo(200);

        assertThat(langfuse.spans()).singleElement().satisfies(span -> {
            assertThat(span.name()).isEqualTo("judge");
            assertThat(span.attributes()).isEqualTo(Map.of("langfuse.observation.type", "generation", "n", 3L));
            assertThat(span.attribute("n")).isEqualTo("3");
            assertThat(span.end()).isEqualTo(Instant.parse("2025-01-01T00:00:02Z"));
        });
        langfuse.assertNoViolations();
    }

    @Test
    void aPromptLabelBreakingTheRulesIsAViolation() throws IOException {
        Answer answer = postJson("/api/public/v2/prompts",
                "{\"name\":\"p\",\"type\":\"text\",\"prompt\":\"x\",\"labels\":[\"Production\"]}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(langfuse.violations()).singleElement().asString().contains("Production");
    }
}

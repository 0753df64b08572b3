package dev.junitprompt.backend.langfuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;

import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.testing.HeaderEcho;
import dev.junitprompt.testing.OpenApiContract;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * A Langfuse server for tests: a MockWebServer dispatcher that speaks Langfuse's public API as a v3 or a v4 server
 * would, keeps state, and remembers what it received.
 *
 * <p>It accepts only requests valid against the contract ({@link OpenApiContract}): a path, method, missing
 * {@code Authorization} header, content type, JSON body (schema, undeclared field) or rule of
 * {@code ../shared/contracts/langfuse/NOTES.md} that is wrong answers as Langfuse would (400, 404, 405…) <em>and</em>
 * is recorded as a violation, which {@link #assertNoViolations()} fails on. Wrong keys answer 401 without being a
 * violation: tests provoke them on purpose.
 *
 * <p>Generations: {@link Generation#V3} stores trace/observation ingestion events and dataset run items; {@link
 * Generation#V4} rejects those events inside the 207 (per-event 400) and answers dataset run items with a made-up run
 * id, storing nothing. Both take scores and OTLP spans.
 *
 * <pre>{@code
 * try (FakeLangfuse langfuse = FakeLangfuse.start(Generation.V3)) {
 *     langfuse.seedDataset("qa", 3);
 *     LangfuseClient client = langfuse.client();
 *     ...
 *     assertThat(langfuse.scores()).containsKey("score-1");
 *     langfuse.assertNoViolations();
 * }
 * }</pre>
 */
final class FakeLangfuse extends Dispatcher implements AutoCloseable {

    static final String PUBLIC_KEY = "pk-lf-fake";
    static final String SECRET_KEY = "sk-lf-fake-secret-0123456789";
    static final String PROJECT_ID = "fake-project";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract CONTRACT = new OpenApiContract("contracts/langfuse/openapi.yml");
    private static final Pattern LABEL = Pattern.compile("^[a-z0-9_\\-.]+$");
    private static final Set<String> OBSERVATION_EVENTS = Set.of("trace-create", "span-create", "span-update",
            "generation-create", "generation-update", "event-create", "observation-create", "observation-update");
    private static final String PUBLIC_API = "/api/public/";

    /** Which server generation the fake acts as; see {@code NOTES.md}. */
    enum Generation {
        /** A 2.x server: told by its version only, for what refuses to record on it. */
        V2("2.95.12"), V3("3.225.4"), V4("4.16.0");

        final String version;

        Generation(String version) {
            this.version = version;
        }
    }

    /**
     * A span received over OTLP.
     *
     * @param name         the span name
     * @param traceId      32 lowercase hex digits
     * @param spanId       16 lowercase hex digits
     * @param parentSpanId 16 hex digits, or {@code null} for a root span
     * @param attributes   the span's attributes: String, Boolean, Long, Double, List or Map values
     * @param start        start time
     * @param end          end time
     * @param resource     the resource's attributes ({@code service.name}…)
     * @param scope        the instrumentation scope's name
     */
    record Span(String name, String traceId, String spanId, String parentSpanId, Map<String, Object> attributes,
            Instant start, Instant end, Map<String, Object> resource, String scope) {

        /**
         * Whether the server takes this span as its SDK's; else it copies every attribute into the observation's
         * {@code metadata.attributes}.
         */
        boolean fromLangfuseSdk() {
            return scope.startsWith("langfuse-sdk");
        }

        /** An attribute as a string, or {@code null}. */
        String attribute(String key) {
            Object value = attributes.get(key);
            return value == null ? null : value.toString();
        }
    }

    /** @param echoStatus when positive, the answer is this status with the request's headers echoed (see HeaderEcho) */
    private record Fault(String method, String path, MockResponse response, int echoStatus) {

        Fault(String method, String path, MockResponse response) {
            this(method, path, response, 0);
        }
    }

    private final MockWebServer server = new MockWebServer();
    private final String basePath;
    private volatile Generation generation;

    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    // State; guarded by this.
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Map<String, Deque<Integer>> eventFaults = new LinkedHashMap<>();
    /** Score names whose events fail inside the 207 with a status, until {@link #heal}. */
    private final Map<String, Integer> failingScoreNames = new LinkedHashMap<>();
    private final Map<String, ObjectNode> datasets = new LinkedHashMap<>();
    private final Map<String, ObjectNode> items = new LinkedHashMap<>();
    /** Every state each item has had, oldest first: what a dataset version (a point in time) reads. */
    private final Map<String, List<ObjectNode>> itemHistory = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> prompts = new LinkedHashMap<>();
    private final Map<String, ObjectNode> scores = new LinkedHashMap<>();
    private final Map<String, String> runIds = new LinkedHashMap<>();
    private final List<ObjectNode> runItems = new ArrayList<>();
    private boolean rejectRunScores;
    private final List<JsonNode> ingestionEvents = new ArrayList<>();
    private final List<JsonNode> observations = new ArrayList<>();
    private final List<Span> spans = new ArrayList<>();

    private FakeLangfuse(Generation generation, String basePath) {
        this.generation = generation;
        this.basePath = basePath;
    }

    /** A fake at the server's root. */
    static FakeLangfuse start(Generation generation) {
        return start(generation, "");
    }

    /** A fake behind a reverse proxy's sub-path, e.g. {@code /langfuse}: nothing outside it is Langfuse. */
    static FakeLangfuse start(Generation generation, String basePath) {
        FakeLangfuse fake = new FakeLangfuse(generation, basePath);
        fake.server.setDispatcher(fake);
        try {
            fake.server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fake;
    }

    /** The base URL to configure as {@code LANGFUSE_HOST}, sub-path included, without trailing slash. */
    String host() {
        String url = server.url(basePath.isEmpty() ? "/" : basePath).toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A client with the right keys, 4 attempts, and a sleeper that records waits in {@link #sleeps()}. */
    LangfuseClient client() {
        return client(PUBLIC_KEY, SECRET_KEY);
    }

    /** A client with the given keys (wrong ones to provoke a 401). */
    LangfuseClient client(String publicKey, String secretKey) {
        return new LangfuseClient(host(), publicKey, secretKey, fastRetries(), sleeps::add,
                Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    static RetryPolicy fastRetries() {
        return new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** Switches between v3 and v4 behaviour. */
    void actAs(Generation generation) {
        this.generation = generation;
    }

    @Override
    public void close() {
        server.close();
    }

    // ---------------------------------------------------------------------------------------------- seeding

    /** Creates a dataset with items {@code item-001}… whose input and expected output are {@code {"n": i}}. */
    synchronized String seedDataset(String name, int itemCount) {
        ObjectNode dataset = upsertDataset(JSON.createObjectNode().put("name", name));
        for (int i = 1; i <= itemCount; i++) {
            seedItem(name, i, i);
        }
        return dataset.path("id").asText();
    }

    /** Creates or changes item {@code item-<i>} of the dataset: input and expected output {@code {"n": n}}. */
    synchronized void seedItem(String dataset, int i, int n) {
        ObjectNode item = JSON.createObjectNode().put("datasetName", dataset).put("id", String.format("item-%03d", i));
        item.putObject("input").put("n", n);
        item.putObject("expectedOutput").put("n", n);
        item.putObject("metadata").put("description", "Item " + i);
        upsertItem(item);
    }

    /** Creates the next version of a text prompt with these labels; answers its version number. */
    synchronized int seedPrompt(String name, String text, String... labels) {
        ObjectNode request = JSON.createObjectNode().put("name", name).put("type", "text").put("prompt", text);
        ArrayNode array = request.putArray("labels");
        for (String label : labels) {
            array.add(label);
        }
        return createPrompt(request).path("version").asInt();
    }

    // ------------------------------------------------------------------------------------------------ faults

    /** The next {@code times} requests to {@code path} (e.g. {@code /api/public/ingestion}) answer 429. */
    synchronized void rateLimitNext(String path, int times, String retryAfter) {
        for (int i = 0; i < times; i++) {
            MockResponse.Builder response = new MockResponse.Builder().code(429)
                    .addHeader("Content-Type", "application/json").body("{\"message\":\"Rate limit exceeded\"}");
            if (retryAfter != null) {
                response.addHeader("Retry-After", retryAfter);
            }
            faults.add(new Fault(null, path, response.build()));
        }
    }

    /** The next {@code times} requests to {@code path} answer {@code status} with a JSON error. */
    synchronized void failNext(String path, int times, int status) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(null, path, new MockResponse.Builder().code(status)
                    .addHeader("Content-Type", "application/json")
                    .body("{\"message\":\"Injected failure " + status + "\"}").build()));
        }
    }

    /** The next {@code times} requests to {@code path} answer {@code status} echoing their headers, keys and all. */
    synchronized void echoHeadersNext(String path, int times, int status) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(null, path, null, status));
        }
    }

    /** The next request to {@code path} gets this answer, e.g. a proxy's HTML page. */
    synchronized void answerNext(String path, int status, String contentType, String body) {
        faults.add(new Fault(null, path, new MockResponse.Builder().code(status)
                .addHeader("Content-Type", contentType).body(body).build()));
    }

    /** The next request to {@code path} loses its connection before any answer (a reset). */
    synchronized void disconnectNext(String path) {
        faults.add(new Fault(null, path, new MockResponse.Builder()
                .onResponseStart(new SocketEffect.CloseSocket()).build()));
    }

    /** The next {@code times} ingestion events whose body id is {@code entityId} fail inside the 207. */
    /** From now on, scores on a dataset run are refused per event (400), as servers that need a traceId do. */
    synchronized void rejectScoresOnRuns() {
        rejectRunScores = true;
    }

    /** From now on until {@link #heal}, every score named {@code name} fails inside the 207 with {@code status}. */
    synchronized void failScoresNamed(String name, int status) {
        failingScoreNames.put(name, status);
    }

    /** The faults set with {@link #failScoresNamed} are over. */
    synchronized void heal() {
        failingScoreNames.clear();
    }

    synchronized void failEvent(String entityId, int status, int times) {
        Deque<Integer> statuses = eventFaults.computeIfAbsent(entityId, id -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            statuses.add(status);
        }
    }

    // ------------------------------------------------------------------------------------- what it received

    /** The contract violations so far: wrong paths, methods, fields, types, rules. */
    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    void assertNoViolations() {
        assertThat(violations()).as("requests to the fake Langfuse that break its contract").isEmpty();
        assertThat(experimentGaps()).as("spans a v4 server would leave out of their experiment's figures").isEmpty();
    }

    /**
     * What a v4 server would miss of its experiments: it sums cost and latency and collects prompt versions over the
     * observations that carry {@code langfuse.experiment.id}, so every span of an experiment's trace must carry it
     * (and its metadata, when given, must be JSON the server can parse).
     */
    synchronized List<String> experimentGaps() {
        if (generation != Generation.V4) {
            return List.of();
        }
        Map<String, Object> experimentByTrace = new HashMap<>();
        spans.forEach(span -> {
            if (span.attributes().containsKey("langfuse.experiment.id")) {
                experimentByTrace.put(span.traceId(), span.attributes().get("langfuse.experiment.id"));
            }
        });
        List<String> gaps = new ArrayList<>();
        for (Span span : spans) {
            Object experiment = experimentByTrace.get(span.traceId());
            if (experiment != null && !experiment.equals(span.attributes().get("langfuse.experiment.id"))) {
                gaps.add("span " + span.name() + " (" + span.spanId() + ") of experiment " + experiment
                        + " has no langfuse.experiment.id: its cost and latency count for nothing");
            }
            for (String key : List.of("langfuse.experiment.metadata", "langfuse.experiment.item.metadata")) {
                Object value = span.attributes().get(key);
                if (value != null && !isJsonObject(value.toString())) {
                    gaps.add("span " + span.name() + ": " + key + " is not a JSON object: " + value);
                }
            }
        }
        return gaps;
    }

    private static boolean isJsonObject(String text) {
        try {
            return JSON.readTree(text).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    /** Every request as {@code METHOD /api/public/...} (without sub-path and query), in order. */
    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    long requestCount(String method, String path) {
        return requests().stream().filter((method + " " + path)::equals).count();
    }

    /** The waits the clients from {@link #client()} would have slept. */
    List<Duration> sleeps() {
        synchronized (sleeps) {
            return List.copyOf(sleeps);
        }
    }

    synchronized JsonNode dataset(String name) {
        return datasets.get(name) == null ? null : datasets.get(name).deepCopy();
    }

    /** The stored items of a dataset (active or not), in creation order. */
    synchronized List<JsonNode> items(String datasetName) {
        return items.values().stream().filter(item -> item.path("datasetName").asText().equals(datasetName))
                .map(item -> (JsonNode) item.deepCopy()).toList();
    }

    /** All versions of a prompt, version 1 first. */
    synchronized List<JsonNode> promptVersions(String name) {
        return prompts.getOrDefault(name, List.of()).stream().map(v -> (JsonNode) v.deepCopy()).toList();
    }

    /** The labels of one version of a prompt. */
    synchronized List<String> labels(String name, int version) {
        List<String> labels = new ArrayList<>();
        prompts.get(name).get(version - 1).path("labels").forEach(label -> labels.add(label.asText()));
        return labels;
    }

    /** The scores by id (a re-sent id overwrites). */
    synchronized Map<String, JsonNode> scores() {
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        scores.forEach((id, score) -> copy.put(id, score.deepCopy()));
        return copy;
    }

    /** The stored dataset run items (v3 only), each with the request's fields and the run id. */
    synchronized List<JsonNode> runItems() {
        return runItems.stream().map(item -> (JsonNode) item.deepCopy()).toList();
    }

    /** Every ingestion event envelope received, taken or not. */
    synchronized List<JsonNode> ingestionEvents() {
        return List.copyOf(ingestionEvents);
    }

    /** Trace and observation events a v3 server stored from the ingestion API. */
    synchronized List<JsonNode> observations() {
        return List.copyOf(observations);
    }

    /** The spans received over OTLP, in order. */
    synchronized List<Span> spans() {
        return List.copyOf(spans);
    }

    /** The observations the server keeps of the spans: one per span id, the last sent (Langfuse upserts by id). */
    synchronized List<Span> storedSpans() {
        Map<String, Span> byId = new LinkedHashMap<>();
        spans.forEach(span -> byId.put(span.traceId() + "/" + span.spanId(), span));
        return List.copyOf(byId.values());
    }

    /** How many spans arrived with the id of one the server had already. */
    synchronized int duplicateSpans() {
        return spans.size() - storedSpans().size();
    }

    // ------------------------------------------------------------------------------------------------ dispatch

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        synchronized (this) {
            try {
                return handle(request);
            } catch (RuntimeException e) {
                violation(request.getMethod() + " " + request.getUrl().encodedPath() + ": the fake failed: " + e);
                return error(500, "FakeLangfuse failed: " + e);
            }
        }
    }

    private MockResponse handle(RecordedRequest request) {
        String method = request.getMethod();
        String fullPath = request.getUrl().encodedPath();
        if (!fullPath.startsWith(basePath + PUBLIC_API)) {
            violation(method + " " + fullPath + ": not under " + basePath + PUBLIC_API);
            return error(404, "Not found");
        }
        List<String> encoded = request.getUrl().encodedPathSegments();
        List<String> decoded = request.getUrl().pathSegments();
        int skip = basePath.isEmpty() ? 0 : basePath.substring(1).split("/").length;
        encoded = encoded.subList(skip, encoded.size());
        decoded = decoded.subList(skip, decoded.size());
        String path = "/" + String.join("/", encoded);
        requests.add(method + " " + path);
        String upgrade = request.getHeaders().get("Upgrade");
        if (upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("h2c")) {
            // Langfuse's Next.js server never answers an HTTP/2 cleartext upgrade: the exporter that asks for one
            // hangs until its timeout and its spans are lost. Refused at once here, so a test sees the loss fast.
            violation(method + " " + path + ": asks to upgrade to h2c (Upgrade: " + upgrade
                    + "), which Langfuse never answers");
            return error(400, "h2c upgrade is not supported");
        }

        Fault fault = takeFault(method, path);
        if (fault != null) {
            return fault.echoStatus() > 0 ? HeaderEcho.reply(fault.echoStatus(), request, "message") : fault.response();
        }
        Route route = route(encoded, decoded);
        if (generation == Generation.V2 && method.equals("PATCH") && route != null
                && route.template().startsWith("/api/public/v2/prompts/")) {
            // Langfuse 2.x has no route to label an existing version: Next.js answers its HTML 404 page.
            return new MockResponse.Builder().code(404).addHeader("Content-Type", "text/html; charset=utf-8")
                    .body("<!DOCTYPE html><html><head><title>404: This page could not be found</title></head>"
                            + "<body><h1>404</h1></body></html>").build();
        }
        if (route == null) {
            violation(method + " " + path + ": no such path in the Langfuse API");
            return error(404, "Not found");
        }
        if (!CONTRACT.hasOperation(method, route.template())) {
            violation(method + " " + path + ": " + route.template() + " has no " + method + " operation");
            return error(405, "Method not allowed");
        }
        if (!route.template().equals("/api/public/health")) {
            String authorization = request.getHeaders().get("Authorization");
            if (authorization == null) {
                violation(method + " " + path + ": no Authorization header");
                return error(401, "Invalid credentials. Confirm that you've configured the correct host.");
            }
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    (PUBLIC_KEY + ":" + SECRET_KEY).getBytes(StandardCharsets.UTF_8));
            if (!authorization.equals(expected)) {
                return error(401, "Invalid credentials. Confirm that you've configured the correct host.");
            }
        }
        if (route.template().equals("/api/public/otel/v1/traces")) {
            return otel(request);
        }
        JsonNode body = null;
        if (CONTRACT.requestSchema(method, route.template()).isPresent()) {
            String contentType = String.valueOf(request.getHeaders().get("Content-Type"));
            if (!contentType.startsWith("application/json")) {
                violation(method + " " + path + ": Content-Type " + contentType + ", not application/json");
                return error(415, "Unsupported media type");
            }
            try {
                body = JSON.readTree(request.getBody() == null ? "" : request.getBody().utf8());
            } catch (IOException e) {
                violation(method + " " + path + ": the body is not JSON: " + e.getMessage());
                return error(400, "Invalid JSON");
            }
            if (body == null || body.isMissingNode()) {
                violation(method + " " + path + ": no body");
                return error(400, "Invalid request data");
            }
            List<String> problems = CONTRACT.check(method, route.template(), body);
            if (!problems.isEmpty()) {
                problems.forEach(problem -> violation(method + " " + path + ": " + problem));
                ObjectNode answer = JSON.createObjectNode().put("message", "Invalid request data");
                problems.forEach(answer.putArray("error")::add);
                return json(400, answer);
            }
        } else if (request.getBodySize() > 0) {
            violation(method + " " + path + ": " + route.template() + " takes no body");
        }
        return operation(method, route, request, body);
    }

    private Fault takeFault(String method, String path) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (fault.path().equals(path) && (fault.method() == null || fault.method().equals(method))) {
                it.remove();
                return fault;
            }
        }
        return null;
    }

    private record Route(String template, Map<String, String> parameters) {
    }

    /** The spec's path template this path matches (literal segments before parameters), with its parameters. */
    private Route route(List<String> encoded, List<String> decoded) {
        Route best = null;
        int bestLiterals = -1;
        for (String template : CONTRACT.pathTemplates()) {
            String[] parts = template.substring(1).split("/");
            if (parts.length != encoded.size()) {
                continue;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < parts.length && matches; i++) {
                if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                    parameters.put(parts[i].substring(1, parts[i].length() - 1), decoded.get(i));
                } else if (parts[i].equals(encoded.get(i))) {
                    literals++;
                } else {
                    matches = false;
                }
            }
            if (matches && literals > bestLiterals) {
                best = new Route(template, parameters);
                bestLiterals = literals;
            }
        }
        return best;
    }

    private MockResponse operation(String method, Route route, RecordedRequest request, JsonNode body) {
        Map<String, String> parameters = route.parameters();
        switch (method + " " + route.template()) {
            case "GET /api/public/health":
                return json(200, JSON.createObjectNode().put("status", "OK").put("version", generation.version));
            case "GET /api/public/projects": {
                ObjectNode answer = JSON.createObjectNode();
                ObjectNode project = answer.putArray("data").addObject().put("id", PROJECT_ID).put("name", "fake");
                project.putObject("organization").put("id", "fake-org").put("name", "Fake org");
                project.putObject("metadata");
                return json(200, answer);
            }
            case "POST /api/public/v2/datasets":
                return json(200, upsertDataset((ObjectNode) body));
            case "GET /api/public/v2/datasets/{datasetName}": {
                ObjectNode dataset = datasets.get(parameters.get("datasetName"));
                return dataset == null ? error(404, "Dataset not found") : json(200, dataset);
            }
            case "GET /api/public/dataset-items":
                return listItems(request);
            case "POST /api/public/dataset-items":
                return postItem((ObjectNode) body);
            case "POST /api/public/dataset-run-items":
                return postRunItem((ObjectNode) body);
            case "POST /api/public/ingestion":
                return ingest(body);
            case "POST /api/public/v2/prompts":
                return postPrompt((ObjectNode) body);
            case "GET /api/public/v2/prompts/{promptName}":
                return getPrompt(parameters.get("promptName"), request);
            case "PATCH /api/public/v2/prompts/{name}/versions/{version}":
                return patchLabels(parameters.get("name"), parameters.get("version"), body);
            default:
                violation(method + " " + route.template() + ": valid, but FakeLangfuse does not implement it");
                return error(501, "FakeLangfuse does not implement " + method + " " + route.template());
        }
    }

    // ---------------------------------------------------------------------------------------------- datasets

    private ObjectNode upsertDataset(ObjectNode request) {
        String name = request.path("name").asText();
        ObjectNode dataset = datasets.get(name);
        String now = now();
        if (dataset == null) {
            dataset = JSON.createObjectNode().put("id", "dataset-" + (datasets.size() + 1)).put("name", name);
            dataset.putNull("description");
            dataset.putNull("metadata");
            dataset.putNull("inputSchema");
            dataset.putNull("expectedOutputSchema");
            dataset.put("projectId", PROJECT_ID).put("createdAt", now);
            datasets.put(name, dataset);
        }
        for (String field : List.of("description", "metadata", "inputSchema", "expectedOutputSchema")) {
            if (request.has(field)) {
                dataset.set(field, request.get(field));
            }
        }
        dataset.put("updatedAt", now);
        return dataset;
    }

    private MockResponse listItems(RecordedRequest request) {
        String datasetName = request.getUrl().queryParameter("datasetName");
        int page = intParameter(request, "page", 1);
        int limit = intParameter(request, "limit", 50);
        if (page < 1 || limit < 1 || limit > 100) {
            violation("GET /api/public/dataset-items: page " + page + ", limit " + limit + " (page from 1, limit 1-100)");
            return error(400, "Invalid page or limit");
        }
        if (datasetName != null && !datasets.containsKey(datasetName)) {
            return error(404, "Dataset not found");
        }
        String versionText = request.getUrl().queryParameter("version");
        Instant version = null;
        if (versionText != null) {
            if (datasetName == null) {
                return error(400, "version requires datasetName");
            }
            try {
                version = java.time.OffsetDateTime.parse(versionText).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                violation("GET /api/public/dataset-items: version '" + versionText + "' is not an ISO-8601 date-time");
                return error(400, "Invalid request data: version must be a date-time");
            }
        }
        Instant at = version;
        // At a version, each item as it was then: its last state not newer than the version, if it existed.
        List<ObjectNode> states = at == null ? List.copyOf(items.values()) : itemHistory.values().stream()
                .map(history -> history.stream().filter(state -> !Instant.parse(state.path("updatedAt").asText())
                        .isAfter(at)).reduce((first, second) -> second).orElse(null))
                .filter(Objects::nonNull).toList();
        List<ObjectNode> active = new ArrayList<>(states.stream()
                .filter(item -> datasetName == null || item.path("datasetName").asText().equals(datasetName))
                .filter(item -> item.path("status").asText().equals("ACTIVE")).toList());
        // The real server lists a dataset's items newest first.
        java.util.Collections.reverse(active);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode data = answer.putArray("data");
        int from = Math.min(active.size(), (page - 1) * limit);
        active.subList(from, Math.min(active.size(), from + limit)).forEach(data::add);
        answer.putObject("meta").put("page", page).put("limit", limit).put("totalItems", active.size())
                .put("totalPages", (active.size() + limit - 1) / limit);
        return json(200, answer);
    }

    private static int intParameter(RecordedRequest request, String name, int defaultValue) {
        String value = request.getUrl().queryParameter(name);
        try {
            return value == null ? defaultValue : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private MockResponse postItem(ObjectNode request) {
        ObjectNode dataset = datasets.get(request.path("datasetName").asText());
        if (dataset == null) {
            return error(404, "Dataset not found");
        }
        ObjectNode existing = request.hasNonNull("id") ? items.get(request.path("id").asText()) : null;
        if (existing != null && !existing.path("datasetId").asText().equals(dataset.path("id").asText())) {
            if (generation == Generation.V2) {
                // 2.x fails on the database's unique key and says nothing more.
                return error(500, "Internal Server Error");
            }
            return error(409, "Dataset item with id " + request.path("id").asText()
                    + " already exists in another dataset");
        }
        if (request.hasNonNull("id") && request.path("id").asText().length() > 255) {
            violation("POST /api/public/dataset-items: id longer than 255 characters");
            return error(400, "Invalid request data");
        }
        return json(200, upsertItem(request));
    }

    private ObjectNode upsertItem(ObjectNode request) {
        String id = request.hasNonNull("id") ? request.path("id").asText() : UUID.randomUUID().toString();
        ObjectNode dataset = datasets.get(request.path("datasetName").asText());
        ObjectNode item = items.get(id);
        String now = now();
        if (item == null) {
            item = JSON.createObjectNode().put("id", id).put("status", "ACTIVE");
            item.putNull("input");
            item.putNull("expectedOutput");
            item.putNull("metadata");
            item.putNull("sourceTraceId");
            item.putNull("sourceObservationId");
            item.put("datasetId", dataset.path("id").asText()).put("datasetName", dataset.path("name").asText());
            item.put("createdAt", now);
            item.putArray("mediaReferences");
            items.put(id, item);
        }
        for (String field : List.of("input", "expectedOutput", "metadata", "sourceTraceId", "sourceObservationId",
                "status")) {
            if (request.has(field)) {
                item.set(field, request.get(field).isNull() && field.equals("status") ? item.get("status")
                        : request.get(field));
            }
        }
        item.put("updatedAt", now);
        itemHistory.computeIfAbsent(id, key -> new ArrayList<>()).add(item.deepCopy());
        return item;
    }

    private MockResponse postRunItem(ObjectNode request) {
        if (!request.hasNonNull("traceId") && !request.hasNonNull("observationId")) {
            violation("POST /api/public/dataset-run-items: needs traceId or observationId");
            return error(400, "traceId or observationId is required");
        }
        String now = now();
        ObjectNode answer = JSON.createObjectNode();
        if (generation == Generation.V4) {
            // v4 writes nothing, and answers with the run's id (one per dataset and run name), which the SDKs take as
            // the experiment's id.
            String runId = runIds.computeIfAbsent("v4/" + request.path("datasetItemId").asText().split(":")[0] + "/"
                    + request.path("runName").asText(), key -> "v4-run-" + (runIds.size() + 1));
            answer.put("id", UUID.randomUUID().toString()).put("datasetRunId", runId)
                    .put("datasetRunName", request.path("runName").asText())
                    .put("datasetItemId", request.path("datasetItemId").asText())
                    .put("traceId", request.path("traceId").asText());
            answer.set("observationId", request.path("observationId").isMissingNode() ? NullNode.getInstance()
                    : request.get("observationId"));
            return json(200, answer.put("createdAt", now).put("updatedAt", now));
        }
        ObjectNode item = items.get(request.path("datasetItemId").asText());
        if (item == null) {
            return error(404, "Dataset item not found");
        }
        String runId = runIds.computeIfAbsent(item.path("datasetId").asText() + "/" + request.path("runName").asText(),
                key -> "run-" + (runIds.size() + 1));
        answer.put("id", "run-item-" + (runItems.size() + 1)).put("datasetRunId", runId)
                .put("datasetRunName", request.path("runName").asText())
                .put("datasetItemId", request.path("datasetItemId").asText())
                .put("traceId", request.path("traceId").asText());
        answer.set("observationId", request.path("observationId").isMissingNode() ? NullNode.getInstance()
                : request.get("observationId"));
        answer.put("createdAt", now).put("updatedAt", now);
        ObjectNode stored = answer.deepCopy();
        stored.set("runDescription", request.path("runDescription").isMissingNode() ? NullNode.getInstance()
                : request.get("runDescription"));
        stored.set("metadata", request.path("metadata").isMissingNode() ? NullNode.getInstance()
                : request.get("metadata"));
        // One run item per dataset item and run, as the server keeps them: a second one for the same pair replaces
        // the first (a run cannot hold repetitions of an item).
        runItems.removeIf(existing -> existing.path("datasetRunId").asText().equals(runId)
                && existing.path("datasetItemId").asText().equals(request.path("datasetItemId").asText()));
        runItems.add(stored);
        return json(200, answer);
    }

    // ------------------------------------------------------------------------------------------------ ingestion

    private MockResponse ingest(JsonNode request) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode successes = answer.putArray("successes");
        ArrayNode errors = answer.putArray("errors");
        for (JsonNode event : request.path("batch")) {
            ingestionEvents.add(event.deepCopy());
            String eventId = event.path("id").asText();
            String type = event.path("type").asText();
            JsonNode body = event.path("body");
            Integer failing = type.equals("score-create") ? failingScoreNames.get(body.path("name").asText()) : null;
            if (failing != null) {
                errors.addObject().put("id", eventId).put("status", failing).put("message", "Injected failure")
                        .put("error", "Injected failure " + failing + " for score " + body.path("name").asText());
                continue;
            }
            Deque<Integer> injected = eventFaults.get(body.path("id").asText());
            if (injected != null && !injected.isEmpty()) {
                int status = injected.poll();
                errors.addObject().put("id", eventId).put("status", status).put("message", "Injected failure")
                        .put("error", "Injected failure " + status + " for " + body.path("id").asText());
                continue;
            }
            String problem = null;
            if (type.equals("score-create") && rejectRunScores && body.hasNonNull("datasetRunId")) {
                errors.addObject().put("id", eventId).put("status", 400).put("message", "Invalid request data")
                        .put("error", "traceId is required");
                continue;
            }
            if (type.equals("score-create")) {
                problem = scoreProblem(body);
                if (problem == null) {
                    ObjectNode score = ((ObjectNode) body).deepCopy();
                    scores.put(body.hasNonNull("id") ? body.path("id").asText() : UUID.randomUUID().toString(),
                            score);
                } else {
                    violation("score-create " + body.path("id").asText() + ": " + problem);
                }
            } else if (OBSERVATION_EVENTS.contains(type)) {
                if (generation == Generation.V4) {
                    errors.addObject().put("id", eventId).put("status", 400).put("message", "Invalid request data")
                            .put("error", type + " events are not ingested in events_only mode: send traces over "
                                    + "OpenTelemetry (/api/public/otel/v1/traces)");
                    continue;
                }
                if (!body.hasNonNull("id")) {
                    problem = "body.id is required for " + type;
                    violation(type + " " + eventId + ": " + problem);
                } else {
                    observations.add(event.deepCopy());
                }
            }
            if (problem != null) {
                errors.addObject().put("id", eventId).put("status", 400).put("message", "Invalid request data")
                        .put("error", problem);
            } else {
                successes.addObject().put("id", eventId).put("status", 201);
            }
        }
        return json(207, answer);
    }

    /** What a score breaks of NOTES.md's rules, or {@code null}. */
    private static String scoreProblem(JsonNode score) {
        int targets = (score.hasNonNull("traceId") ? 1 : 0) + (score.hasNonNull("sessionId") ? 1 : 0)
                + (score.hasNonNull("datasetRunId") ? 1 : 0);
        if (targets != 1) {
            return "exactly one of traceId, sessionId, datasetRunId is required";
        }
        if (score.hasNonNull("observationId") && !score.hasNonNull("traceId")) {
            return "observationId needs traceId";
        }
        JsonNode value = score.path("value");
        String dataType = score.path("dataType").asText("");
        switch (dataType) {
            case "NUMERIC":
                return value.isNumber() ? null : "a NUMERIC value must be a number";
            case "BOOLEAN":
                return value.isNumber() && (value.asDouble() == 0 || value.asDouble() == 1) ? null
                        : "a BOOLEAN value must be 0 or 1";
            case "CATEGORICAL":
            case "TEXT":
                return value.isTextual() ? null : "a " + dataType + " value must be a string";
            default:
                return null;
        }
    }

    // ------------------------------------------------------------------------------------------------- prompts

    private MockResponse postPrompt(ObjectNode request) {
        String problem = labelProblem(request.path("labels"));
        if (problem != null) {
            violation("POST /api/public/v2/prompts: " + problem);
            return error(400, problem);
        }
        return json(201, createPrompt(request));
    }

    private ObjectNode createPrompt(ObjectNode request) {
        String name = request.path("name").asText();
        List<ObjectNode> versions = prompts.computeIfAbsent(name, n -> new ArrayList<>());
        ObjectNode prompt = JSON.createObjectNode().put("type", request.path("type").asText("text"))
                .put("name", name).put("version", versions.size() + 1);
        prompt.set("prompt", request.get("prompt"));
        prompt.set("config", request.hasNonNull("config") ? request.get("config") : JSON.createObjectNode());
        prompt.putArray("labels");
        prompt.set("tags", request.hasNonNull("tags") ? request.get("tags")
                : versions.isEmpty() ? JSON.createArrayNode() : versions.get(0).get("tags"));
        prompt.set("commitMessage", request.path("commitMessage").isMissingNode() ? NullNode.getInstance()
                : request.get("commitMessage"));
        versions.add(prompt);
        List<String> labels = new ArrayList<>();
        request.path("labels").forEach(label -> labels.add(label.asText()));
        labels.add("latest");
        moveLabels(name, versions.size(), labels);
        return prompt;
    }

    private static String labelProblem(JsonNode labels) {
        for (JsonNode label : labels) {
            String text = label.asText();
            if (!LABEL.matcher(text).matches() || text.length() > 36) {
                return "label \"" + text + "\" must match ^[a-z0-9_\\-.]+$ and have at most 36 characters";
            }
            if (text.equals("latest")) {
                return "the label \"latest\" is managed by Langfuse";
            }
        }
        return null;
    }

    /** Gives these labels to a version, taking them from the others (labels are unique across versions). */
    private void moveLabels(String name, int version, List<String> labels) {
        for (ObjectNode other : prompts.get(name)) {
            ArrayNode kept = JSON.createArrayNode();
            other.path("labels").forEach(label -> {
                if (!labels.contains(label.asText())) {
                    kept.add(label);
                }
            });
            other.set("labels", kept);
        }
        ObjectNode target = prompts.get(name).get(version - 1);
        ArrayNode merged = JSON.createArrayNode();
        labels.stream().distinct().forEach(merged::add);
        target.set("labels", merged);
    }

    private MockResponse getPrompt(String name, RecordedRequest request) {
        String label = request.getUrl().queryParameter("label");
        String version = request.getUrl().queryParameter("version");
        if (label != null && version != null) {
            violation("GET /api/public/v2/prompts/" + name + ": label and version together");
            return error(400, "Cannot specify both label and version");
        }
        List<ObjectNode> versions = prompts.getOrDefault(name, List.of());
        if (version != null) {
            int number = parseVersion(version);
            return number >= 1 && number <= versions.size() ? json(200, versions.get(number - 1))
                    : error(404, "Prompt not found");
        }
        String wanted = label == null ? "production" : label;
        for (ObjectNode prompt : versions) {
            for (JsonNode candidate : prompt.path("labels")) {
                if (candidate.asText().equals(wanted)) {
                    return json(200, prompt);
                }
            }
        }
        return error(404, "Prompt not found");
    }

    private MockResponse patchLabels(String name, String versionText, JsonNode request) {
        int version = parseVersion(versionText);
        List<ObjectNode> versions = prompts.get(name);
        if (versions == null || version < 1 || version > versions.size()) {
            return error(404, "Prompt not found");
        }
        String problem = labelProblem(request.path("newLabels"));
        if (problem != null) {
            violation("PATCH /api/public/v2/prompts/" + name + "/versions/" + version + ": " + problem);
            return error(400, problem);
        }
        List<String> labels = new ArrayList<>();
        versions.get(version - 1).path("labels").forEach(label -> labels.add(label.asText()));
        request.path("newLabels").forEach(label -> labels.add(label.asText()));
        moveLabels(name, version, labels);
        return json(200, versions.get(version - 1));
    }

    private static int parseVersion(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------------------------------------------- OTLP

    private MockResponse otel(RecordedRequest request) {
        if (generation == Generation.V4 && !"4".equals(request.getHeaders().get("x-langfuse-ingestion-version"))) {
            // The server takes such spans, but may show them only some 15 minutes later: a test would not see them.
            violation("POST /api/public/otel/v1/traces: no x-langfuse-ingestion-version: 4 header");
        }
        String contentType = String.valueOf(request.getHeaders().get("Content-Type"));
        byte[] bytes = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
        if ("gzip".equalsIgnoreCase(request.getHeaders().get("Content-Encoding"))) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                violation("POST /api/public/otel/v1/traces: Content-Encoding gzip, but not gzip: " + e);
                return error(400, "Invalid gzip body");
            }
        }
        if (contentType.startsWith("application/x-protobuf")) {
            try {
                ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(bytes);
                for (ResourceSpans resourceSpans : export.getResourceSpansList()) {
                    Map<String, Object> resource = attributes(resourceSpans.getResource());
                    for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                        String scope = scopeSpans.getScope().getName();
                        MockResponse refused = refusedScope(scope, attributes(scopeSpans.getScope().getAttributesList()));
                        if (refused != null) {
                            return refused;
                        }
                        for (io.opentelemetry.proto.trace.v1.Span span : scopeSpans.getSpansList()) {
                            spans.add(new Span(span.getName(), hex(span.getTraceId().toByteArray()),
                                    hex(span.getSpanId().toByteArray()),
                                    span.getParentSpanId().isEmpty() ? null
                                            : hex(span.getParentSpanId().toByteArray()),
                                    attributes(span.getAttributesList()), nanos(span.getStartTimeUnixNano()),
                                    nanos(span.getEndTimeUnixNano()), resource, scope));
                        }
                    }
                }
            } catch (InvalidProtocolBufferException e) {
                violation("POST /api/public/otel/v1/traces: not an ExportTraceServiceRequest: " + e.getMessage());
                return error(400, "Invalid protobuf");
            }
        } else if (contentType.startsWith("application/json")) {
            JsonNode body;
            try {
                body = JSON.readTree(bytes);
            } catch (IOException e) {
                violation("POST /api/public/otel/v1/traces: the body is not JSON: " + e.getMessage());
                return error(400, "Invalid JSON");
            }
            // Not checked against the spec's OtelResourceSpan: that is a simplification of OTLP/JSON (no arrayValue,
            // events, links…; int64 as a number where OTLP/JSON writes a string), which the server accepts in full.
            if (!body.path("resourceSpans").isArray()) {
                violation("POST /api/public/otel/v1/traces: no resourceSpans array");
                return error(400, "Invalid request data");
            }
            for (JsonNode resourceSpans : body.path("resourceSpans")) {
                Map<String, Object> resource = jsonAttributes(resourceSpans.path("resource").path("attributes"));
                for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
                    String scope = scopeSpans.path("scope").path("name").asText("");
                    MockResponse refused = refusedScope(scope, jsonAttributes(scopeSpans.path("scope").path("attributes")));
                    if (refused != null) {
                        return refused;
                    }
                    for (JsonNode span : scopeSpans.path("spans")) {
                        String parent = span.path("parentSpanId").asText("");
                        spans.add(new Span(span.path("name").asText(), span.path("traceId").asText().toLowerCase(),
                                span.path("spanId").asText().toLowerCase(),
                                parent.isEmpty() ? null : parent.toLowerCase(),
                                jsonAttributes(span.path("attributes")),
                                nanos(Long.parseLong(span.path("startTimeUnixNano").asText("0"))),
                                nanos(Long.parseLong(span.path("endTimeUnixNano").asText("0"))), resource, scope));
                    }
                }
            }
        } else {
            violation("POST /api/public/otel/v1/traces: Content-Type " + contentType
                    + ", not application/x-protobuf or application/json");
            return error(415, "Unsupported media type");
        }
        return json(200, JSON.createObjectNode());
    }

    /**
     * The server's answer to spans of a {@code langfuse-sdk…} scope whose {@code public_key} attribute is not the key
     * that authenticated: it discards them, as it cannot tell which project they belong to. {@code null} otherwise.
     */
    private MockResponse refusedScope(String scope, Map<String, Object> scopeAttributes) {
        if (scope.startsWith("langfuse-sdk") && !PUBLIC_KEY.equals(scopeAttributes.get("public_key"))) {
            violation("POST /api/public/otel/v1/traces: scope " + scope + " has public_key "
                    + scopeAttributes.get("public_key") + ", not the key that authenticated");
            return error(403, "Langfuse OTEL SDK span has different public key '" + scopeAttributes.get("public_key")
                    + "' than used for authentication '" + PUBLIC_KEY + "'. Discarding span.");
        }
        return null;
    }

    private static Map<String, Object> attributes(Resource resource) {
        return attributes(resource.getAttributesList());
    }

    private static Map<String, Object> attributes(List<KeyValue> keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        keyValues.forEach(keyValue -> map.put(keyValue.getKey(), value(keyValue.getValue())));
        return map;
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(FakeLangfuse::value).toList();
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
            case BYTES_VALUE -> hex(value.getBytesValue().toByteArray());
            default -> null;
        };
    }

    private static Map<String, Object> jsonAttributes(JsonNode keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        keyValues.forEach(keyValue -> map.put(keyValue.path("key").asText(), jsonValue(keyValue.path("value"))));
        return map;
    }

    private static Object jsonValue(JsonNode value) {
        if (value.has("stringValue")) {
            return value.get("stringValue").asText();
        }
        if (value.has("boolValue")) {
            return value.get("boolValue").asBoolean();
        }
        if (value.has("intValue")) {
            return Long.parseLong(value.get("intValue").asText());
        }
        if (value.has("doubleValue")) {
            return value.get("doubleValue").asDouble();
        }
        if (value.has("arrayValue")) {
            List<Object> list = new ArrayList<>();
            value.path("arrayValue").path("values").forEach(element -> list.add(jsonValue(element)));
            return list;
        }
        if (value.has("kvlistValue")) {
            return jsonAttributes(value.path("kvlistValue").path("values"));
        }
        return value.has("bytesValue") ? value.get("bytesValue").asText() : null;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static Instant nanos(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private void violation(String what) {
        violations.add(what);
    }

    private Instant lastNow = Instant.EPOCH;

    /** The server's time, strictly increasing, so that "as of" a moment is never ambiguous. */
    private synchronized String now() {
        Instant now = Instant.now();
        lastNow = now.isAfter(lastNow) ? now : lastNow.plusNanos(1000);
        return lastNow.toString();
    }

    /** A dataset version as Langfuse takes it: this moment, after every change so far and before any later one. */
    synchronized String version() {
        return now();
    }

    private static MockResponse json(int status, JsonNode body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .body(body.toString()).build();
    }

    private static MockResponse error(int status, String message) {
        return json(status, JSON.createObjectNode().put("message", Objects.requireNonNull(message)));
    }
}

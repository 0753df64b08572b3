package dev.junitprompt.backend.langsmith;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.testing.HeaderEcho;
import dev.junitprompt.testing.OpenApiContract;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A LangSmith server for tests: a MockWebServer dispatcher that speaks LangSmith's REST API as the official SDK uses
 * it ({@code ../shared/contracts/langsmith/ENDPOINTS.md}), keeps state, and remembers what it received.
 *
 * <p>Every route is served with and without the {@code /api/v1} prefix. Requests are checked against the contract
 * ({@link OpenApiContract} over {@code contracts/langsmith/openapi.json}): an unknown path or method, a missing
 * {@code x-api-key}, a body with a wrong type or an undeclared field, or a broken run invariant (trace id, dotted
 * order, parent link, child start) is answered as LangSmith would (400, 404, 405…) <em>and</em> recorded as a
 * violation, which {@link #assertNoViolations()} fails on. A wrong key answers 401 without being a violation.
 *
 * <pre>{@code
 * try (FakeLangSmith langsmith = FakeLangSmith.start()) {
 *     String datasetId = langsmith.seedDataset("qa", 3);
 *     LangSmithClient client = langsmith.client();
 *     ...
 *     assertThat(langsmith.runs()).hasSize(2);
 *     langsmith.assertNoViolations();
 * }
 * }</pre>
 */
final class FakeLangSmith extends Dispatcher implements AutoCloseable {

    static final String API_KEY = "lsv2_pt_fake_0123456789abcdef";
    static final String TENANT_ID = "7a1c0000-0000-4000-8000-00000000fa4e";
    /** The workspace's handle: prompts are read as {@code -/name} or {@code fake-workspace/name}. */
    static final String TENANT_HANDLE = "fake-workspace";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract CONTRACT = new OpenApiContract("contracts/langsmith/openapi.json");
    private static final String PREFIX = "/api/v1";
    private static final Pattern SEGMENT = Pattern.compile(
            "^(\\d{8}T\\d{12}Z)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$");

    /** @param echoStatus when positive, the answer is this status with the request's headers echoed (see HeaderEcho) */
    private record Fault(String path, MockResponse response, int echoStatus) {

        Fault(String path, MockResponse response) {
            this(path, response, 0);
        }
    }

    private record Route(String template, Map<String, String> parameters) {
    }

    private final MockWebServer server = new MockWebServer();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    // State; guarded by this.
    private final Deque<Fault> faults = new ArrayDeque<>();
    private boolean failEverything;
    private String requiredWorkspace;
    private int batchSizeLimit = 100;
    private boolean multipartRoute = true;
    /** {@code <dataset id>/<tag>} → the moment tagged. */
    private final Map<String, String> versionTags = new LinkedHashMap<>();
    private boolean multipartAnnounced = true;
    private long batchSizeLimitBytes = 20_971_520L;
    private final Map<String, ObjectNode> datasets = new LinkedHashMap<>();
    private final Map<String, ObjectNode> examples = new LinkedHashMap<>();
    private final Map<String, ObjectNode> sessions = new LinkedHashMap<>();
    private final Map<String, ObjectNode> runs = new LinkedHashMap<>();
    private final Map<String, ObjectNode> feedback = new LinkedHashMap<>();
    private int duplicates;
    /** Runs sent through /runs/batch that feedback has not yet found: the first feedback on each gets a 404. */
    private final java.util.Set<String> ingesting = new java.util.HashSet<>();
    private final List<JsonNode> batches = new ArrayList<>();
    /** Hub prompts by name: their commits, oldest first. */
    private final Map<String, List<ObjectNode>> prompts = new LinkedHashMap<>();
    private long tick;

    private FakeLangSmith() {
    }

    static FakeLangSmith start() {
        FakeLangSmith fake = new FakeLangSmith();
        fake.server.setDispatcher(fake);
        try {
            fake.server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fake;
    }

    @Override
    public void close() {
        server.close();
    }

    /** The base URL as for the SaaS ({@code http://localhost:port}), without trailing slash. */
    String endpoint() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    /** The base URL as for a self-hosted LangSmith: {@code http://localhost:port/api/v1}. */
    String apiV1Endpoint() {
        return endpoint() + PREFIX;
    }

    /** A client with the right key, 4 attempts, and a sleeper that records waits in {@link #sleeps()}. */
    LangSmithClient client() {
        return client(endpoint(), API_KEY, null);
    }

    LangSmithClient client(String endpoint, String apiKey, String workspaceId) {
        return new LangSmithClient(endpoint, apiKey, workspaceId, fastRetries(), sleeps::add,
                Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    static RetryPolicy fastRetries() {
        return new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    // ---------------------------------------------------------------------------------------------- seeding

    /** Creates a dataset with {@code count} examples (no split: {@code base}); answers its id. */
    synchronized String seedDataset(String name, int count) {
        return seedDataset(name, count, new String[0]);
    }

    /**
     * Creates a dataset with {@code count} examples whose inputs and outputs are {@code {"n": i}}; example {@code i}
     * (from 1) is in {@code splits[(i - 1) % splits.length]} ({@code base} when none are given). Example ids are
     * {@link #exampleId(String, int)}. Answers the dataset's id.
     */
    synchronized String seedDataset(String name, int count, String... splits) {
        ObjectNode dataset = createDataset(JSON.createObjectNode().put("name", name));
        String datasetId = dataset.path("id").asText();
        addExamples(name, 1, count, splits);
        return datasetId;
    }

    /** Adds examples {@code from} to {@code to} to the dataset, as {@link #seedDataset(String, int, String...)} does. */
    synchronized void addExamples(String name, int from, int to, String... splits) {
        String datasetId = datasetByName(name).path("id").asText();
        for (int i = from; i <= to; i++) {
            ObjectNode example = JSON.createObjectNode().put("dataset_id", datasetId).put("id", exampleId(name, i));
            example.putObject("inputs").put("n", i);
            example.putObject("outputs").put("n", i);
            example.putObject("metadata").put("description", "Example " + i);
            if (splits.length > 0) {
                example.put("split", splits[(i - 1) % splits.length]);
            }
            createExample(example);
        }
    }

    /**
     * Tags the dataset as it is now ({@code PUT /datasets/{id}/tags}): reading it {@code as_of} the tag gives these
     * examples, not those added later. Answers the moment tagged.
     */
    synchronized String tagVersion(String name, String tag) {
        String at = now();
        versionTags.put(datasetByName(name).path("id").asText() + "/" + tag, at);
        return at;
    }

    /** The id {@link #seedDataset} gives example {@code i} of dataset {@code name}. */
    static String exampleId(String datasetName, int i) {
        return UUID.nameUUIDFromBytes((datasetName + "/" + i).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Adds a commit to the hub prompt {@code name} (created when missing) with this manifest (a LangChain serialized
     * prompt); answers the commit's hash, which is then the prompt's latest.
     */
    synchronized String seedPrompt(String name, JsonNode manifest) {
        List<ObjectNode> commits = prompts.computeIfAbsent(name, n -> new ArrayList<>());
        String hash = UUID.nameUUIDFromBytes((name + "#" + commits.size() + manifest).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
        ObjectNode commit = JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("commit_hash", hash)
                .put("created_at", now());
        commit.set("manifest", manifest.deepCopy());
        commits.add(commit);
        return hash;
    }

    /**
     * Acts as a server without {@code /runs/multipart} (an older self-hosted LangSmith): {@code /info} announces it
     * when {@code announced}, and the route answers 404 either way.
     */
    synchronized void withoutMultipart(boolean announced) {
        multipartRoute = false;
        multipartAnnounced = announced;
    }

    /** What {@code /info} says about batches. */
    synchronized void batchLimits(int runs, long bytes) {
        batchSizeLimit = runs;
        batchSizeLimitBytes = bytes;
    }

    /** Acts as for an org-scoped key: every request needs {@code X-Tenant-Id: workspaceId}, else 403. */
    synchronized void requireWorkspace(String workspaceId) {
        requiredWorkspace = workspaceId;
    }

    // ------------------------------------------------------------------------------------------------ faults

    /** The next {@code times} requests to {@code path} (without /api/v1, e.g. {@code /runs/batch}; null = any) answer 429. */
    synchronized void rateLimitNext(String path, int times, String retryAfter) {
        for (int i = 0; i < times; i++) {
            MockResponse.Builder response = new MockResponse.Builder().code(429)
                    .addHeader("Content-Type", "application/json").body("{\"detail\":\"Rate limit exceeded\"}");
            if (retryAfter != null) {
                response.addHeader("Retry-After", retryAfter);
            }
            faults.add(new Fault(path, response.build()));
        }
    }

    /** The next {@code times} requests to {@code path} (null = any) answer {@code status} with a JSON error. */
    synchronized void failNext(String path, int times, int status) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(path, new MockResponse.Builder().code(status)
                    .addHeader("Content-Type", "application/json")
                    .body("{\"detail\":\"Injected failure " + status + "\"}").build()));
        }
    }

    /** The next {@code times} requests to {@code path} (null = any) answer {@code status} echoing their headers. */
    synchronized void echoHeadersNext(String path, int times, int status) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(path, null, status));
        }
    }

    /** The next request to {@code path} (null = any) gets this answer, e.g. a proxy's HTML page. */
    synchronized void answerNext(String path, int status, String contentType, String body) {
        faults.add(new Fault(path, new MockResponse.Builder().code(status).addHeader("Content-Type", contentType)
                .body(body).build()));
    }

    /** From now on every request answers 500 (a LangSmith outage). */
    synchronized void failEverything() {
        failEverything = true;
    }

    /** The outage is over: requests are answered again. */
    synchronized void recover() {
        failEverything = false;
    }

    // ------------------------------------------------------------------------------------- what it received

    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    void assertNoViolations() {
        assertThat(violations()).as("requests to the fake LangSmith that break its contract").isEmpty();
        assertThat(duplicates()).as("runs and feedback sent twice").isZero();
    }

    /** How many runs and feedback arrived with an id the server had already (and kept the first of). */
    synchronized int duplicates() {
        return duplicates;
    }

    /** Every request as {@code METHOD /path} (as sent, /api/v1 included when sent, without query), in order. */
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

    synchronized JsonNode datasetByName(String name) {
        return datasets.values().stream().filter(d -> d.path("name").asText().equals(name)).findFirst()
                .map(d -> (JsonNode) d.deepCopy()).orElse(null);
    }

    /** The stored examples of a dataset, in creation order, as GET /examples answers them. */
    synchronized List<JsonNode> examples(String datasetId) {
        return examples.values().stream().filter(e -> e.path("dataset_id").asText().equals(datasetId))
                .map(e -> (JsonNode) e.deepCopy()).toList();
    }

    /** The sessions by id. */
    synchronized Map<String, JsonNode> sessions() {
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        sessions.forEach((id, session) -> copy.put(id, session.deepCopy()));
        return copy;
    }

    /** The runs by id, each with its patches merged in, in the order first received. */
    synchronized Map<String, JsonNode> runs() {
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        runs.forEach((id, run) -> copy.put(id, run.deepCopy()));
        return copy;
    }

    /** The runs whose {@code parent_run_id} is {@code parentId}. */
    synchronized List<JsonNode> children(String parentId) {
        return runs.values().stream().filter(r -> parentId.equals(r.path("parent_run_id").asText(null)))
                .map(r -> (JsonNode) r.deepCopy()).toList();
    }

    /**
     * The runs of every ingestion request, in order, as {@code {"post": […], "patch": […]}}: a {@code /runs/batch}
     * body as sent, a {@code /runs/multipart} form with each run's parts joined.
     */
    synchronized List<JsonNode> batches() {
        return List.copyOf(batches);
    }

    /** The feedback by id. */
    synchronized Map<String, JsonNode> feedback() {
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        feedback.forEach((id, f) -> copy.put(id, f.deepCopy()));
        return copy;
    }

    // ------------------------------------------------------------------------------------------------ dispatch

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        synchronized (this) {
            try {
                return handle(request);
            } catch (RuntimeException e) {
                violation(request.getMethod() + " " + request.getUrl().encodedPath() + ": the fake failed: " + e);
                return error(500, "FakeLangSmith failed: " + e);
            }
        }
    }

    private MockResponse handle(RecordedRequest request) {
        String method = request.getMethod();
        HttpUrl url = request.getUrl();
        String fullPath = url.encodedPath();
        requests.add(method + " " + fullPath);
        String path = fullPath.startsWith(PREFIX + "/") ? fullPath.substring(PREFIX.length()) : fullPath;
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (failEverything) {
            return error(500, "Internal Server Error");
        }
        Fault fault = takeFault(path);
        if (fault != null) {
            return fault.echoStatus() > 0 ? HeaderEcho.reply(fault.echoStatus(), request, "detail") : fault.response();
        }
        Route route = route(method, path);
        if (route == null) {
            violation(method + " " + fullPath + ": no such operation in the LangSmith API");
            return error(404, "Not Found");
        }
        String key = request.getHeaders().get("x-api-key");
        if (key == null) {
            violation(method + " " + fullPath + ": no x-api-key header");
            return error(401, "Unauthorized");
        }
        if (!key.equals(API_KEY)) {
            return error(401, "Invalid token");
        }
        if (requiredWorkspace != null && !requiredWorkspace.equals(request.getHeaders().get("X-Tenant-Id"))) {
            return json(403, JSON.createObjectNode().put("error", "org_scoped_key_requires_workspace")
                    .put("message", "This API key is org-scoped and requires workspace specification."));
        }
        if (path.equals("/runs/multipart") && method.equals("POST")) {
            return runsMultipart(request);
        }
        JsonNode body = null;
        if (CONTRACT.requestSchema(method, route.template()).isPresent()) {
            String contentType = String.valueOf(request.getHeaders().get("Content-Type"));
            if (!contentType.startsWith("application/json")) {
                violation(method + " " + fullPath + ": Content-Type " + contentType + ", not application/json");
                return error(415, "Unsupported media type");
            }
            try {
                body = JSON.readTree(request.getBody() == null ? "" : request.getBody().utf8());
            } catch (IOException e) {
                violation(method + " " + fullPath + ": the body is not JSON: " + e.getMessage());
                return error(422, "Invalid JSON");
            }
            if (body == null || body.isMissingNode()) {
                violation(method + " " + fullPath + ": no body");
                return error(422, "Field required");
            }
            List<String> problems = CONTRACT.check(method, route.template(), body);
            if (!problems.isEmpty()) {
                problems.forEach(problem -> violation(method + " " + fullPath + ": " + problem));
                ObjectNode answer = JSON.createObjectNode();
                problems.forEach(answer.putArray("detail")::add);
                return json(400, answer);
            }
        } else if (request.getBodySize() > 0) {
            violation(method + " " + fullPath + ": " + route.template() + " takes no body");
        }
        return operation(method, route, url, body);
    }

    private Fault takeFault(String path) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (fault.path() == null || fault.path().equals(path)) {
                it.remove();
                return fault;
            }
        }
        return null;
    }

    /**
     * The spec's operation for this path (without /api/v1): a template matching {@code /api/v1<path>} or
     * {@code <path>} that has the method, the one with the most literal segments winning.
     */
    private Route route(String method, String path) {
        List<String> segments = List.of(path.substring(1).split("/"));
        Route best = null;
        int bestLiterals = -1;
        for (String template : CONTRACT.pathTemplates()) {
            String shortTemplate = template.startsWith(PREFIX + "/") ? template.substring(PREFIX.length()) : template;
            String[] parts = shortTemplate.substring(1).split("/");
            if (parts.length != segments.size() || !CONTRACT.hasOperation(method, template)) {
                continue;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < parts.length && matches; i++) {
                if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                    parameters.put(parts[i].substring(1, parts[i].length() - 1), segments.get(i));
                } else if (parts[i].equals(segments.get(i))) {
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

    private MockResponse operation(String method, Route route, HttpUrl url, JsonNode body) {
        Map<String, String> p = route.parameters();
        String shortTemplate = route.template().startsWith(PREFIX + "/")
                ? route.template().substring(PREFIX.length()) : route.template();
        switch (method + " " + shortTemplate) {
            case "GET /info":
                return info();
            case "GET /datasets":
                return listDatasets(url);
            case "POST /datasets":
                return postDataset((ObjectNode) body);
            case "GET /datasets/{dataset_id}": {
                ObjectNode dataset = datasets.get(p.get("dataset_id"));
                return dataset == null ? error(404, "Dataset not found") : json(200, dataset);
            }
            case "GET /examples":
                return listExamples(url);
            case "POST /examples/bulk":
                return postExamples(body);
            case "PATCH /examples/bulk":
                return patchExamples(body);
            case "PATCH /examples/{example_id}":
                return patchExample(p.get("example_id"), (ObjectNode) body);
            case "GET /examples/{example_id}": {
                ObjectNode example = examples.get(p.get("example_id"));
                return example == null ? error(404, "Example not found") : json(200, example);
            }
            case "GET /sessions":
                return listSessions(url);
            case "POST /sessions":
                return postSession((ObjectNode) body);
            case "GET /sessions/{session_id}": {
                ObjectNode session = sessions.get(p.get("session_id"));
                return session == null ? error(404, "Session not found") : json(200, session);
            }
            case "PATCH /sessions/{session_id}":
                return patchSession(p.get("session_id"), (ObjectNode) body);
            case "POST /runs/batch":
                return runsBatch(body);
            case "POST /runs":
                ingest(List.of((ObjectNode) body), List.of(), false);
                return json(202, JSON.createObjectNode().put("message", "Run created"));
            case "PATCH /runs/{run_id}": {
                ObjectNode patch = ((ObjectNode) body).deepCopy();
                patch.put("id", p.get("run_id"));
                ingest(List.of(), List.of(patch), false);
                return json(202, JSON.createObjectNode().put("message", "Run updated"));
            }
            case "POST /feedback":
                return postFeedback((ObjectNode) body);
            case "GET /commits/{owner}/{repo}/{commit}":
                return getCommit(p.get("owner"), p.get("repo"), p.get("commit"));
            case "GET /repos/{owner}/{repo}":
                return getRepo(p.get("owner"), p.get("repo"));
            default:
                violation(method + " " + route.template() + ": valid, but FakeLangSmith does not implement it");
                return error(501, "FakeLangSmith does not implement " + method + " " + route.template());
        }
    }

    private MockResponse info() {
        ObjectNode info = JSON.createObjectNode().put("version", "0.11.0");
        info.putObject("batch_ingest_config").put("use_multipart_endpoint", multipartAnnounced)
                .put("size_limit", batchSizeLimit).put("size_limit_bytes", batchSizeLimitBytes)
                .put("scale_up_qsize_trigger", 1000).put("scale_down_nempty_trigger", 4);
        info.putObject("instance_flags");
        return json(200, info);
    }

    // ---------------------------------------------------------------------------------------------- datasets

    private MockResponse listDatasets(HttpUrl url) {
        String name = url.queryParameter("name");
        int limit = limit(url, 100);
        ArrayNode answer = JSON.createArrayNode();
        datasets.values().stream().filter(d -> name == null || d.path("name").asText().equals(name)).limit(limit)
                .forEach(answer::add);
        return json(200, answer);
    }

    private MockResponse postDataset(ObjectNode body) {
        String name = body.path("name").asText();
        if (datasets.values().stream().anyMatch(d -> d.path("name").asText().equals(name))) {
            return error(409, "Dataset with this name already exists.");
        }
        return json(200, createDataset(body));
    }

    private ObjectNode createDataset(ObjectNode body) {
        String id = body.path("id").isTextual() ? body.path("id").asText() : UUID.randomUUID().toString();
        String now = now();
        ObjectNode dataset = JSON.createObjectNode().put("id", id).put("name", body.path("name").asText())
                .put("tenant_id", TENANT_ID).put("created_at", now).put("modified_at", now)
                .put("data_type", body.path("data_type").asText("kv")).put("example_count", 0)
                .put("session_count", 0);
        dataset.set("description", body.path("description").isTextual() ? body.get("description") : null);
        dataset.set("metadata", body.path("extra").path("metadata").isObject()
                ? body.path("extra").get("metadata").deepCopy() : null);
        datasets.put(id, dataset);
        return dataset;
    }

    private MockResponse listExamples(HttpUrl url) {
        String datasetId = url.queryParameter("dataset");
        int limit = limit(url, 100);
        int offset = url.queryParameter("offset") == null ? 0 : Integer.parseInt(url.queryParameter("offset"));
        List<String> splits = url.queryParameterValues("splits").stream().filter(s -> s != null).toList();
        if (datasetId != null && !datasets.containsKey(datasetId)) {
            return error(404, "Dataset not found");
        }
        String asOf = url.queryParameter("as_of");
        Instant until = null;
        if (asOf != null) {
            String tagged = versionTags.get(datasetId + "/" + asOf);
            try {
                until = tagged != null ? Instant.parse(tagged) : OffsetDateTime.parse(asOf).toInstant();
            } catch (DateTimeParseException e) {
                return error(404, "Dataset version '" + asOf + "' not found: no such tag, and not an ISO-8601 time");
            }
        }
        Instant at = until;
        // This fake keeps no history of edits: a version leaves out the examples created after it.
        List<ObjectNode> matching = examples.values().stream()
                .filter(e -> at == null || !Instant.parse(e.path("created_at").asText()).isAfter(at))
                .filter(e -> datasetId == null || e.path("dataset_id").asText().equals(datasetId))
                .filter(e -> splits.isEmpty() || splitsOf(e).stream().anyMatch(splits::contains)).toList();
        ArrayNode answer = JSON.createArrayNode();
        matching.stream().skip(offset).limit(limit).forEach(answer::add);
        return json(200, answer);
    }

    private static List<String> splitsOf(JsonNode example) {
        List<String> splits = new ArrayList<>();
        example.path("metadata").path("dataset_split").forEach(s -> splits.add(s.asText()));
        return splits;
    }

    private MockResponse postExamples(JsonNode body) {
        for (JsonNode example : body) {
            if (!datasets.containsKey(example.path("dataset_id").asText())) {
                return error(404, "Dataset not found");
            }
            if (example.path("id").isTextual() && examples.containsKey(example.path("id").asText())) {
                return error(409, "Example " + example.path("id").asText() + " already exists");
            }
        }
        ArrayNode answer = JSON.createArrayNode();
        for (JsonNode example : body) {
            answer.add(createExample((ObjectNode) example));
        }
        return json(200, answer);
    }

    private ObjectNode createExample(ObjectNode body) {
        String id = body.path("id").isTextual() ? body.path("id").asText() : UUID.randomUUID().toString();
        String now = now();
        ObjectNode example = JSON.createObjectNode().put("id", id).put("dataset_id", body.path("dataset_id").asText())
                .put("name", "#" + id.substring(0, 4)).put("created_at", now).put("modified_at", now);
        example.set("inputs", body.path("inputs").isObject() ? body.get("inputs").deepCopy()
                : JSON.createObjectNode());
        example.set("outputs", body.path("outputs").isObject() ? body.get("outputs").deepCopy() : null);
        ObjectNode metadata = body.path("metadata").isObject() ? ((ObjectNode) body.get("metadata")).deepCopy()
                : JSON.createObjectNode();
        metadata.set("dataset_split", splitArray(body.get("split")));
        example.set("metadata", metadata);
        example.putNull("source_run_id");
        examples.put(id, example);
        ObjectNode dataset = datasets.get(example.path("dataset_id").asText());
        dataset.put("example_count", dataset.path("example_count").asInt() + 1).put("modified_at", now);
        return example;
    }

    private static ArrayNode splitArray(JsonNode split) {
        ArrayNode splits = JSON.createArrayNode();
        if (split == null || split.isNull() || split.isMissingNode()) {
            splits.add("base");
        } else if (split.isArray()) {
            split.forEach(splits::add);
        } else {
            splits.add(split.asText());
        }
        return splits;
    }

    private MockResponse patchExamples(JsonNode body) {
        for (JsonNode update : body) {
            if (!examples.containsKey(update.path("id").asText())) {
                return error(404, "Example " + update.path("id").asText() + " not found");
            }
        }
        for (JsonNode update : body) {
            updateExample(update.path("id").asText(), (ObjectNode) update);
        }
        return json(200, JSON.createObjectNode().put("message", body.size() + " examples updated"));
    }

    private MockResponse patchExample(String id, ObjectNode body) {
        if (!examples.containsKey(id)) {
            return error(404, "Example not found");
        }
        updateExample(id, body);
        return json(200, JSON.createObjectNode().put("message", "Example updated"));
    }

    private void updateExample(String id, ObjectNode update) {
        ObjectNode example = examples.get(id);
        if (update.path("dataset_id").isTextual()
                && !update.path("dataset_id").asText().equals(example.path("dataset_id").asText())) {
            violation("PATCH example " + id + ": moves it to another dataset");
        }
        if (update.has("inputs") && !update.get("inputs").isNull()) {
            example.set("inputs", update.get("inputs").deepCopy());
        }
        if (update.has("outputs") && (!update.get("outputs").isNull() || update.path("overwrite").asBoolean())) {
            example.set("outputs", update.get("outputs").deepCopy());
        }
        ArrayNode splits = (ArrayNode) example.path("metadata").path("dataset_split");
        if (update.has("metadata") && (!update.get("metadata").isNull() || update.path("overwrite").asBoolean())) {
            ObjectNode metadata = update.get("metadata").isObject() ? ((ObjectNode) update.get("metadata")).deepCopy()
                    : JSON.createObjectNode();
            metadata.set("dataset_split", splits);
            example.set("metadata", metadata);
        }
        if (update.has("split") && !update.get("split").isNull()) {
            ((ObjectNode) example.get("metadata")).set("dataset_split", splitArray(update.get("split")));
        }
        example.put("modified_at", now());
    }

    // ---------------------------------------------------------------------------------------------- sessions

    private MockResponse listSessions(HttpUrl url) {
        String name = url.queryParameter("name");
        int limit = limit(url, 100);
        ArrayNode answer = JSON.createArrayNode();
        sessions.values().stream().filter(s -> name == null || s.path("name").asText().equals(name)).limit(limit)
                .forEach(answer::add);
        return json(200, answer);
    }

    private MockResponse postSession(ObjectNode body) {
        String name = body.path("name").isTextual() ? body.path("name").asText() : null;
        if (name == null) {
            violation("POST /sessions: no name");
            return error(422, "name is required");
        }
        if (sessions.values().stream().anyMatch(s -> s.path("name").asText().equals(name))) {
            return error(409, "Session already exists.");
        }
        String datasetId = body.path("reference_dataset_id").asText(null);
        if (datasetId != null && !datasets.containsKey(datasetId)) {
            return error(404, "Dataset not found");
        }
        return json(200, createSession(body));
    }

    private ObjectNode createSession(ObjectNode body) {
        String id = body.path("id").isTextual() ? body.path("id").asText() : UUID.randomUUID().toString();
        ObjectNode session = JSON.createObjectNode().put("id", id).put("name", body.path("name").asText())
                .put("tenant_id", TENANT_ID).put("start_time", body.path("start_time").asText(now()));
        session.set("description", body.get("description"));
        session.putNull("end_time");
        session.set("extra", body.path("extra").isObject() ? body.get("extra").deepCopy() : null);
        session.set("reference_dataset_id", body.get("reference_dataset_id"));
        sessions.put(id, session);
        return session;
    }

    private MockResponse patchSession(String id, ObjectNode body) {
        ObjectNode session = sessions.get(id);
        if (session == null) {
            return error(404, "Session not found");
        }
        // As the SDK sends every key, a null means "leave unchanged".
        body.fields().forEachRemaining(field -> {
            if (!field.getValue().isNull()) {
                session.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        return json(200, session);
    }

    // -------------------------------------------------------------------------------------------------- runs

    private MockResponse runsBatch(JsonNode body) {
        batches.add(body.deepCopy());
        List<ObjectNode> posts = new ArrayList<>();
        List<ObjectNode> patches = new ArrayList<>();
        body.path("post").forEach(run -> posts.add((ObjectNode) run));
        body.path("patch").forEach(run -> patches.add((ObjectNode) run));
        if (posts.size() + patches.size() > batchSizeLimit) {
            violation("POST /runs/batch: " + (posts.size() + patches.size()) + " runs, more than the size_limit "
                    + batchSizeLimit + " /info announces");
        }
        ingest(posts, patches, true);
        return json(202, JSON.createObjectNode().put("message", "Runs batch ingested"));
    }

    /** The part names of a multipart run: {@code post.<id>}, {@code patch.<id>}, and their fields. */
    private static final Pattern RUN_PART = Pattern.compile(
            "(post|patch)\\.([0-9a-f-]{36})(?:\\.(inputs|outputs|events|extra|error|serialized))?");

    /**
     * {@code POST /runs/multipart} as ENDPOINTS.md describes it: form-data parts named {@code post.<id>} or
     * {@code patch.<id>} (the run without its large fields) and {@code post.<id>.<field>}, each JSON with its
     * Content-Length and no filename.
     */
    private MockResponse runsMultipart(RecordedRequest request) {
        if (!multipartRoute) {
            return error(404, "Not Found");
        }
        String contentType = String.valueOf(request.getHeaders().get("Content-Type"));
        okhttp3.MediaType type = okhttp3.MediaType.parse(contentType);
        String boundary = type == null ? null : type.parameter("boundary");
        if (type == null || !type.toString().startsWith("multipart/form-data") || boundary == null) {
            violation("POST /runs/multipart: Content-Type " + contentType + ", not multipart/form-data; boundary=…");
            return error(415, "Unsupported media type");
        }
        Map<String, ObjectNode> posts = new LinkedHashMap<>();
        Map<String, ObjectNode> patches = new LinkedHashMap<>();
        try (okhttp3.MultipartReader reader = new okhttp3.MultipartReader(new okio.Buffer().write(
                request.getBody() == null ? new byte[0] : request.getBody().toByteArray()), boundary)) {
            for (okhttp3.MultipartReader.Part next; (next = reader.nextPart()) != null; ) {
                try (okhttp3.MultipartReader.Part part = next) {
                    String disposition = String.valueOf(part.headers().get("Content-Disposition"));
                    Matcher name = Pattern.compile("form-data; name=\"([^\"]+)\"").matcher(disposition);
                    if (!name.lookingAt() || disposition.contains("filename")) {
                        violation("POST /runs/multipart: part with Content-Disposition " + disposition);
                        continue;
                    }
                    if (!String.valueOf(part.headers().get("Content-Type")).startsWith("application/json")
                            || part.headers().get("Content-Length") == null) {
                        violation("POST /runs/multipart: part " + name.group(1) + " lacks Content-Type: "
                                + "application/json or Content-Length: " + part.headers());
                    }
                    JsonNode value = JSON.readTree(part.body().readUtf8());
                    Matcher run = RUN_PART.matcher(name.group(1));
                    if (!run.matches()) {
                        violation("POST /runs/multipart: unexpected part " + name.group(1));
                        continue;
                    }
                    ObjectNode target = (run.group(1).equals("post") ? posts : patches).computeIfAbsent(run.group(2),
                            id -> JSON.createObjectNode());
                    if (run.group(3) == null) {
                        target.setAll((ObjectNode) value);
                    } else {
                        target.set(run.group(3), value);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            violation("POST /runs/multipart: not a multipart form: " + e);
            return error(422, "Invalid multipart form");
        }
        ObjectNode recorded = JSON.createObjectNode();
        posts.values().forEach(recorded.putArray("post")::add);
        patches.values().forEach(recorded.putArray("patch")::add);
        batches.add(recorded);
        // The runs, joined from their parts, are what /runs/batch takes: checked against its schema.
        List<String> problems = CONTRACT.check("POST", "/runs/batch", recorded);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> violation("POST /runs/multipart: " + problem));
            ObjectNode answer = JSON.createObjectNode();
            problems.forEach(answer.putArray("detail")::add);
            return json(400, answer);
        }
        if (posts.size() + patches.size() > batchSizeLimit) {
            violation("POST /runs/multipart: " + (posts.size() + patches.size()) + " runs, more than the size_limit "
                    + batchSizeLimit + " /info announces");
        }
        ingest(new ArrayList<>(posts.values()), new ArrayList<>(patches.values()), true);
        return json(202, JSON.createObjectNode().put("message", "Runs multipart ingested"));
    }

    private void ingest(List<ObjectNode> posts, List<ObjectNode> patches, boolean batch) {
        List<String> touched = new ArrayList<>();
        for (ObjectNode post : posts) {
            String id = post.path("id").asText(null);
            if (id == null) {
                violation("run without id: " + post);
                continue;
            }
            if (runs.containsKey(id)) {
                // LangSmith keeps the run it has (a 409 for a single POST, which the SDK ignores): a run sent again,
                // from a spool, is not a second run. Counted, so a test can tell a re-send from a double send.
                duplicates++;
                continue;
            }
            runs.put(id, post.deepCopy());
            if (batch) {
                ingesting.add(id);
            }
            touched.add(id);
        }
        for (ObjectNode patch : patches) {
            String id = patch.path("id").asText(null);
            if (id == null) {
                violation("run patch without id: " + patch);
                continue;
            }
            ObjectNode run = runs.computeIfAbsent(id, k -> JSON.createObjectNode());
            run.setAll(patch.deepCopy());
            touched.add(id);
        }
        for (String id : touched) {
            checkRun(runs.get(id), batch);
        }
    }

    /** The invariants ENDPOINTS.md states for runs. */
    private void checkRun(ObjectNode run, boolean batch) {
        String id = run.path("id").asText();
        String where = "run " + id + " (" + run.path("name").asText("?") + ")";
        String traceId = run.path("trace_id").asText(null);
        String dotted = run.path("dotted_order").asText(null);
        if (traceId == null || dotted == null) {
            if (batch) {
                violation(where + ": /runs/batch needs trace_id and dotted_order");
            }
            return;
        }
        List<String> times = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String segment : dotted.split("\\.")) {
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                violation(where + ": dotted_order segment '" + segment + "' is not <yyyyMMddTHHmmssffffffZ><uuid>");
                return;
            }
            times.add(m.group(1));
            ids.add(m.group(2));
        }
        if (!ids.get(0).equals(traceId)) {
            violation(where + ": trace_id " + traceId + " is not the first dotted_order segment's id " + ids.get(0));
        }
        if (!ids.get(ids.size() - 1).equals(id)) {
            violation(where + ": the last dotted_order segment's id " + ids.get(ids.size() - 1) + " is not the run id");
        }
        for (int i = 1; i < times.size(); i++) {
            if (times.get(i).compareTo(times.get(i - 1)) < 0) {
                violation(where + ": starts (" + times.get(i) + ") before its parent (" + times.get(i - 1) + ")");
            }
        }
        String parentId = run.path("parent_run_id").asText(null);
        if (ids.size() == 1) {
            if (parentId != null) {
                violation(where + ": a root (one dotted_order segment) with parent_run_id " + parentId);
            }
        } else {
            String expectedParent = ids.get(ids.size() - 2);
            if (!expectedParent.equals(parentId)) {
                violation(where + ": parent_run_id " + parentId + " is not the dotted_order's parent " + expectedParent);
            }
            ObjectNode parent = runs.get(expectedParent);
            if (parent == null) {
                violation(where + ": its parent " + expectedParent + " was never sent");
            } else if (!traceId.equals(parent.path("trace_id").asText())) {
                violation(where + ": its parent " + expectedParent + " belongs to another trace");
            }
        }
        if (run.path("start_time").isTextual()) {
            try {
                OffsetDateTime start = OffsetDateTime.parse(run.path("start_time").asText());
                String segmentTime = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSSSSS'Z'")
                        .format(start.withOffsetSameInstant(ZoneOffset.UTC));
                if (!segmentTime.equals(times.get(times.size() - 1))) {
                    violation(where + ": start_time " + start + " does not match its dotted_order time "
                            + times.get(times.size() - 1));
                }
            } catch (DateTimeParseException e) {
                violation(where + ": start_time is not ISO-8601 with offset: " + run.path("start_time").asText());
            }
        }
        if (run.path("session_id").isTextual() && !sessions.containsKey(run.path("session_id").asText())) {
            violation(where + ": session_id " + run.path("session_id").asText() + " is no session");
        }
        if (run.path("reference_example_id").isTextual()
                && !examples.containsKey(run.path("reference_example_id").asText())) {
            violation(where + ": reference_example_id " + run.path("reference_example_id").asText()
                    + " is no example");
        }
    }

    // -------------------------------------------------------------------------------------------- prompt hub

    private List<ObjectNode> commitsOf(String owner, String repo) {
        return owner.equals("-") || owner.equals(TENANT_HANDLE) ? prompts.get(repo) : null;
    }

    /** As the hub answers: {@code latest}, a hash of 8 or more characters (a prefix), else a tag (none here). */
    private MockResponse getCommit(String owner, String repo, String ref) {
        List<ObjectNode> commits = commitsOf(owner, repo);
        if (commits == null || commits.isEmpty()) {
            return json(404, JSON.createObjectNode().put("error", "Repo " + owner + "/" + repo + " not found"));
        }
        ObjectNode commit = null;
        if (ref.equals("latest") || ref.isEmpty()) {
            commit = commits.get(commits.size() - 1);
        } else if (ref.length() >= 8) {
            commit = commits.stream().filter(c -> c.path("commit_hash").asText().startsWith(ref)).findFirst()
                    .orElse(null);
        }
        if (commit == null) {
            return json(404, JSON.createObjectNode().put("error", "Commit " + ref + " not found"));
        }
        ObjectNode answer = JSON.createObjectNode().put("commit_hash", commit.path("commit_hash").asText());
        answer.set("manifest", commit.get("manifest").deepCopy());
        answer.putArray("examples");
        return json(200, answer);
    }

    private MockResponse getRepo(String owner, String repo) {
        List<ObjectNode> commits = commitsOf(owner, repo);
        if (commits == null) {
            return error(404, "Repo not found");
        }
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode body = answer.putObject("repo").put("id", UUID.nameUUIDFromBytes(repo.getBytes(StandardCharsets.UTF_8))
                .toString()).put("repo_handle", repo).put("full_name", TENANT_HANDLE + "/" + repo)
                .put("owner", TENANT_HANDLE).put("tenant_id", TENANT_ID).put("num_commits", commits.size())
                .put("is_public", false).put("is_archived", false);
        body.set("last_commit_hash", commits.isEmpty() ? null
                : commits.get(commits.size() - 1).get("commit_hash").deepCopy());
        body.putArray("tags");
        return json(200, answer);
    }

    // ---------------------------------------------------------------------------------------------- feedback

    private MockResponse postFeedback(ObjectNode body) {
        String id = body.path("id").asText();
        String where = "feedback " + id + " (" + body.path("key").asText() + ")";
        String runId = body.path("run_id").asText(null);
        String sessionId = body.path("session_id").asText(null);
        if (sessionId != null && !sessions.containsKey(sessionId)) {
            violation(where + ": session_id " + sessionId + " is no session");
            return error(404, "Session not found");
        }
        if (runId == null) {
            if (sessionId == null) {
                violation(where + ": neither run_id nor session_id");
                return error(400, "Feedback needs a run_id or a session_id");
            }
            if (body.has("trace_id")) {
                violation(where + ": summary (session) feedback with a trace_id");
            }
        } else {
            ObjectNode run = runs.get(runId);
            if (run == null) {
                violation(where + ": run " + runId + " was never sent");
                return error(404, "Run not found");
            }
            if (ingesting.remove(runId)) {
                // Like LangSmith, which ingests /runs/batch asynchronously: the first feedback on a run just sent
                // finds it not there yet; a moment later (the next request) it is.
                return error(404, "Run not found");
            }
            if (body.path("trace_id").isTextual() && !body.path("trace_id").asText()
                    .equals(run.path("trace_id").asText())) {
                violation(where + ": trace_id is not the run's trace_id");
            }
            if (sessionId == null) {
                violation(where + ": run feedback without session_id (deprecated)");
            }
        }
        if (feedback.containsKey(id)) {
            duplicates++;
            return error(409, "Feedback " + id + " already exists");
        }
        ObjectNode stored = body.deepCopy();
        stored.put("created_at", now()).put("modified_at", now());
        feedback.put(id, stored);
        return json(200, stored);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private int limit(HttpUrl url, int max) {
        String value = url.queryParameter("limit");
        int limit = value == null ? 100 : Integer.parseInt(value);
        if (limit < 1 || limit > max) {
            violation("GET " + url.encodedPath() + ": limit " + limit + " is outside 1.." + max);
        }
        return limit;
    }

    private String now() {
        return Instant.parse("2025-01-01T00:00:00Z").plusSeconds(tick++).toString();
    }

    private void violation(String message) {
        violations.add(message);
    }

    private static MockResponse error(int status, String detail) {
        return json(status, JSON.createObjectNode().put("detail", detail));
    }

    private static MockResponse json(int status, JsonNode body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .body(body.toString()).build();
    }
}

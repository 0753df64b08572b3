package dev.junitprompt.backend.langsmith;

import static dev.junitprompt.internal.JsonApi.any;
import static dev.junitprompt.internal.JsonApi.text;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apiguardian.api.API;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.internal.HttpReplies;
import dev.junitprompt.internal.JsonApi;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.internal.RetryingHttp;
import dev.junitprompt.internal.Sleeper;
import okhttp3.HttpUrl;
import okhttp3.MediaType;

/**
 * A small client for LangSmith's REST API as the official SDK uses it ({@code ../shared/contracts/langsmith/}):
 * datasets and examples, tracer sessions (experiments), runs through {@code /runs/batch}, feedback, and reading
 * prompt hub commits.
 *
 * <p>Every request carries {@code x-api-key} (and {@code X-Tenant-Id} when a workspace is configured) and is retried
 * on 429, 408, 5xx, connection resets and timeouts, honouring {@code Retry-After} (seconds or an HTTP date), else
 * with exponential backoff and full jitter. Failures become a {@link LangSmithException} saying what to fix; no
 * message carries the API key. Paths are appended to the endpoint as the SDK does ({@code /datasets},
 * {@code /runs/batch}…), so both {@code https://api.smith.langchain.com} and a self-hosted {@code …/api/v1} work.
 * Thread-safe.
 */
@API(status = API.Status.INTERNAL)
public final class LangSmithClient {

    /** LangSmith's SaaS API, the SDK's default endpoint. */
    public static final String DEFAULT_ENDPOINT = "https://api.smith.langchain.com";

    /** Examples per page; LangSmith takes at most 100. */
    static final int PAGE_SIZE = 100;

    /** Examples per {@code /examples/bulk} request. */
    static final int EXAMPLE_BATCH = 100;

    private static final String KEY_HINT = "check LANGSMITH_API_KEY (and LANGSMITH_WORKSPACE_ID for org-scoped keys)";
    private static final String ENDPOINT_HINT = "check LANGSMITH_ENDPOINT (or LANGCHAIN_ENDPOINT)";
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where these servers put the message of an error reply, first match wins. */
    private static final List<String> MESSAGE_FIELDS = List.of("detail", "message", "error");

    /** Attempts at feedback while its run may still be being ingested. */
    private static final int FEEDBACK_ATTEMPTS = 4;

    private final String endpoint;
    private final HttpUrl base;
    private final String apiKey;
    private final String workspaceId;
    private final Map<String, String> headers;
    private final Clock clock;
    private final JsonApi api;

    private volatile LangSmithInfo info;
    /** Set once the server answered {@code /runs/multipart} with a 404: runs go to {@code /runs/batch} then. */
    private volatile boolean multipartMissing;
    private volatile String tenantId;

    /**
     * @param endpoint    the API's base URL, e.g. {@code https://api.smith.langchain.com} or
     *                    {@code https://langsmith.example.org/api/v1}; whitespace, quotes and trailing slashes are
     *                    ignored
     * @param apiKey      the API key ({@code lsv2_…})
     * @param workspaceId the workspace for {@code X-Tenant-Id}, or {@code null}/blank for none
     * @param retry       attempts, backoff and the time limit of one attempt
     */
    public LangSmithClient(String endpoint, String apiKey, String workspaceId, RetryPolicy retry) {
        this(endpoint, apiKey, workspaceId, retry, Sleeper.SYSTEM, Clock.systemUTC());
    }

    /** Tests: a sleeper that records the waits instead of sleeping, and a fixed clock. */
    LangSmithClient(String endpoint, String apiKey, String workspaceId, RetryPolicy retry, Sleeper sleeper,
            Clock clock) {
        this.endpoint = JsonApi.withoutTrailingSlashes(unquote(Objects.requireNonNull(endpoint, "endpoint")));
        this.base = JsonApi.baseUrl(this.endpoint, "The LangSmith endpoint", ENDPOINT_HINT, LangSmithException::new);
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey").strip();
        if (this.apiKey.isEmpty()) {
            throw new LangSmithException("The LangSmith API key is blank: " + KEY_HINT);
        }
        this.workspaceId = workspaceId == null || workspaceId.isBlank() ? null : workspaceId.strip();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", this.apiKey);
        headers.put("User-Agent", "junit-prompt");
        if (this.workspaceId != null) {
            headers.put("X-Tenant-Id", this.workspaceId);
        }
        this.headers = Collections.unmodifiableMap(headers);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.api = new JsonApi(base, JSON_TYPE,
                new RetryingHttp.Backend("LangSmith at " + this.endpoint, ENDPOINT_HINT, MESSAGE_FIELDS, this::redact,
                        LangSmithException::new, LangSmithException::new),
                "a proxy or login page in front of LangSmith? " + ENDPOINT_HINT + "; a self-hosted LangSmith's API "
                        + "is usually under /api/v1", JsonApi.BlankReply.EMPTY, retry, sleeper, clock);
    }

    /** As {@link #fromEnvironment(Map, RetryPolicy)} with the default retry policy. */
    public static LangSmithClient fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, RetryPolicy.defaults());
    }

    /**
     * A client configured as the official SDK is: {@code LANGSMITH_API_KEY} (else {@code LANGCHAIN_API_KEY}), the
     * endpoint from {@code LANGSMITH_ENDPOINT} (else {@code LANGCHAIN_ENDPOINT}, else {@value #DEFAULT_ENDPOINT}) and
     * {@code LANGSMITH_WORKSPACE_ID} as {@code X-Tenant-Id}. Blank values count as unset.
     *
     * @throws LangSmithException naming the variable that is missing
     */
    public static LangSmithClient fromEnvironment(Map<String, String> env, RetryPolicy retry) {
        String apiKey = JsonApi.setting(env, LangSmithClient::unquote, "LANGSMITH_API_KEY", "LANGCHAIN_API_KEY")
                .orElseThrow(() -> new LangSmithException("LANGSMITH_API_KEY is not set (nor the legacy "
                        + "LANGCHAIN_API_KEY): the LangSmith backend needs an API key (and LANGSMITH_ENDPOINT for a "
                        + "self-hosted LangSmith)"));
        String endpoint = JsonApi.setting(env, LangSmithClient::unquote, "LANGSMITH_ENDPOINT", "LANGCHAIN_ENDPOINT")
                .orElse(DEFAULT_ENDPOINT);
        String workspace = JsonApi.setting(env, LangSmithClient::unquote, "LANGSMITH_WORKSPACE_ID").orElse(null);
        return new LangSmithClient(endpoint, apiKey, workspace, retry);
    }

    /** Values as people paste them: whitespace and quotes around them are dropped. */
    private static String unquote(String value) {
        return value.strip().replaceAll("^[\"']+|[\"']+$", "").strip();
    }

    /** The API base URL, cleaned, without trailing slash. */
    public String endpoint() {
        return endpoint;
    }

    // ------------------------------------------------------------------------------------------------- web links

    /**
     * The web app's URL for this endpoint, as the SDK maps it: localhost to {@code http://localhost}, a path ending
     * in {@code /api} or {@code /api/v1} stripped, {@code api.smith.langchain.com} (and its {@code eu.}, {@code aws.},
     * {@code apac.}, {@code dev.}, {@code beta.} variants) to {@code smith.langchain.com} with the same prefix.
     */
    public String webUrl() {
        String host = base.host().toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1")) {
            return "http://localhost";
        }
        String path = base.encodedPath();
        for (String suffix : List.of("/api/v1", "/api")) {
            if (path.endsWith(suffix)) {
                String origin = base.newBuilder().encodedPath("/").build().toString();
                origin = origin.substring(0, origin.length() - 1);
                return origin + path.substring(0, path.length() - suffix.length());
            }
        }
        if (host.endsWith("smith.langchain.com")) {
            for (String prefix : List.of("eu.", "aws.", "apac.", "dev.", "beta.")) {
                if (host.startsWith(prefix)) {
                    return "https://" + prefix + "smith.langchain.com";
                }
            }
            return "https://smith.langchain.com";
        }
        String origin = base.newBuilder().encodedPath("/").build().toString();
        return origin.substring(0, origin.length() - 1);
    }

    /** The link to an experiment's comparison view on its dataset. */
    public String experimentUrl(String datasetId, String sessionId) {
        return webUrl() + "/o/" + tenantId() + "/datasets/" + datasetId + "/compare?selectedSessions=" + sessionId;
    }

    /** The workspace (tenant) id, learnt once from {@code GET /sessions?limit=1}, for links. */
    public String tenantId() {
        String known = tenantId;
        if (known != null) {
            return known;
        }
        JsonNode sessions = send("GET", url("sessions").newBuilder().addQueryParameter("limit", "1")
                .addQueryParameter("include_stats", "false").build(), null, null);
        if (!sessions.isArray() || sessions.isEmpty() || !sessions.get(0).path("tenant_id").isTextual()) {
            throw new LangSmithException("LangSmith at " + endpoint + " lists no project to learn the workspace id "
                    + "from (GET /sessions?limit=1 answered " + HttpReplies.snippet(sessions.toString()) + ")");
        }
        tenantId = sessions.get(0).path("tenant_id").asText();
        return tenantId;
    }

    // ------------------------------------------------------------------------------------------------------ info

    /** {@code GET /info}: the server's version and batch limits. */
    public LangSmithInfo info() {
        JsonNode json = send("GET", url("info"), null, null);
        LangSmithInfo defaults = LangSmithInfo.defaults();
        JsonNode config = json.path("batch_ingest_config");
        int limit = config.path("size_limit").asInt(defaults.batchSizeLimit());
        long bytes = config.path("size_limit_bytes").asLong(defaults.batchSizeLimitBytes());
        return new LangSmithInfo(text(json, "version"), limit > 0 ? limit : defaults.batchSizeLimit(),
                bytes > 0 ? bytes : defaults.batchSizeLimitBytes(), config.path("use_multipart_endpoint").asBoolean());
    }

    /** {@link #info()} once, the SDK's defaults when it fails. */
    LangSmithInfo batchLimits() {
        LangSmithInfo known = info;
        if (known == null) {
            try {
                known = info();
            } catch (LangSmithException e) {
                if (e.status() == 401 || e.status() == 403) {
                    throw e;
                }
                known = LangSmithInfo.defaults();
            }
            info = known;
        }
        return known;
    }

    // -------------------------------------------------------------------------------------------------- datasets

    /**
     * The dataset named {@code name} ({@code GET /datasets?name=…&limit=1}).
     *
     * @throws LangSmithException naming the dataset when there is none
     */
    public LangSmithDataset dataset(String name) {
        return findDataset(name).orElseThrow(() -> new LangSmithException("LangSmith has no dataset named '" + name
                + "' at " + endpoint + " (in the API key's workspace" + (workspaceId == null ? ""
                        : " " + workspaceId) + ")", 404));
    }

    /** The dataset named {@code name}, or empty when there is none. */
    public Optional<LangSmithDataset> findDataset(String name) {
        Objects.requireNonNull(name, "name");
        JsonNode json = send("GET", url("datasets").newBuilder().addQueryParameter("name", name)
                .addQueryParameter("limit", "1").build(), null, null);
        for (JsonNode dataset : json) {
            if (name.equals(dataset.path("name").asText(null))) {
                return Optional.of(toDataset(dataset));
            }
        }
        return Optional.empty();
    }

    /**
     * Creates a key-value dataset ({@code POST /datasets}).
     *
     * @param metadata {@code extra.metadata}, or {@code null}
     * @throws LangSmithException when one with that name exists (409)
     */
    public LangSmithDataset createDataset(String name, String description, JsonNode metadata) {
        DatasetBody body = new DatasetBody(Objects.requireNonNull(name, "name"), description, "kv",
                new Extra(present(metadata), "junit-prompt"));
        try {
            return toDataset(send("POST", url("datasets"), body, null));
        } catch (LangSmithException e) {
            if (e.status() == 409) {
                throw new LangSmithException("LangSmith at " + endpoint + " already has a dataset named '" + name
                        + "'", 409, e);
            }
            throw e;
        }
    }

    /** The dataset named {@code name}, created when there is none. */
    public LangSmithDataset datasetOrCreate(String name, String description, JsonNode metadata) {
        return findDataset(name).orElseGet(() -> createDataset(name, description, metadata));
    }

    // -------------------------------------------------------------------------------------------------- examples

    /** All examples of a dataset. */
    public List<LangSmithExample> examples(String datasetId) {
        return examples(datasetId, List.of());
    }

    /**
     * All examples of a dataset in the given splits (all of them when {@code splits} is empty), {@value #PAGE_SIZE}
     * per page until a page comes back short.
     */
    public List<LangSmithExample> examples(String datasetId, List<String> splits) {
        return examples(datasetId, splits, "");
    }

    /**
     * As {@link #examples(String, List)}, as the dataset was at {@code asOf}: a version tag or an ISO-8601 time; the
     * latest when empty.
     */
    public List<LangSmithExample> examples(String datasetId, List<String> splits, String asOf) {
        Objects.requireNonNull(datasetId, "datasetId");
        List<LangSmithExample> examples = new ArrayList<>();
        for (int offset = 0; ; ) {
            HttpUrl.Builder page = url("examples").newBuilder().addQueryParameter("dataset", datasetId)
                    .addQueryParameter("offset", String.valueOf(offset))
                    .addQueryParameter("limit", String.valueOf(PAGE_SIZE));
            for (String split : splits == null ? List.<String>of() : splits) {
                page.addQueryParameter("splits", split);
            }
            if (asOf != null && !asOf.isBlank()) {
                page.addQueryParameter("as_of", asOf);
            }
            JsonNode json = send("GET", page.build(), null,
                    "LangSmith has no dataset with id " + datasetId + " at " + endpoint);
            if (!json.isArray()) {
                throw new LangSmithException("LangSmith at " + endpoint + " answered GET /examples with "
                        + HttpReplies.snippet(json.toString()) + " instead of a list of examples");
            }
            for (JsonNode example : json) {
                examples.add(toExample(example, datasetId));
            }
            if (json.size() < PAGE_SIZE) {
                return examples;
            }
            offset += json.size();
        }
    }

    /**
     * What {@link #upsertExamples} did.
     *
     * @param created   examples that did not exist
     * @param updated   examples that existed with other inputs, outputs, metadata or splits
     * @param unchanged examples that existed as they are
     */
    public record UpsertResult(int created, int updated, int unchanged) {
    }

    /**
     * Makes the dataset hold these examples (by id; others are left alone): creates the missing ones
     * ({@code POST /examples/bulk}) and updates the changed ones ({@code PATCH /examples/bulk}). Calling it again with
     * the same examples changes nothing.
     */
    public UpsertResult upsertExamples(String datasetId, List<LangSmithExample> examples) {
        return upsertExamples(datasetId, examples, examples(datasetId));
    }

    /**
     * As {@link #upsertExamples(String, List)}, with the dataset's examples already read (by {@link #examples}), so a
     * caller that needs them too does not list the dataset twice.
     *
     * @param current every example the dataset holds now
     */
    public UpsertResult upsertExamples(String datasetId, List<LangSmithExample> examples,
            List<LangSmithExample> current) {
        Map<String, LangSmithExample> existing = new HashMap<>();
        for (LangSmithExample example : current) {
            existing.put(example.id(), example);
        }
        List<ObjectNode> creates = new ArrayList<>();
        List<ObjectNode> updates = new ArrayList<>();
        int unchanged = 0;
        for (LangSmithExample example : examples) {
            LangSmithExample stored = existing.get(example.id());
            if (stored == null) {
                creates.add(exampleJson(datasetId, example, false));
            } else if (!sameContent(stored, example)) {
                updates.add(exampleJson(datasetId, example, true));
            } else {
                unchanged++;
            }
        }
        for (int from = 0; from < creates.size(); from += EXAMPLE_BATCH) {
            List<ObjectNode> batch = creates.subList(from, Math.min(creates.size(), from + EXAMPLE_BATCH));
            send("POST", url("examples", "bulk"), batch, "LangSmith has no dataset with id " + datasetId + " at "
                    + endpoint);
        }
        for (int from = 0; from < updates.size(); from += EXAMPLE_BATCH) {
            List<ObjectNode> batch = updates.subList(from, Math.min(updates.size(), from + EXAMPLE_BATCH));
            send("PATCH", url("examples", "bulk"), batch, null);
        }
        return new UpsertResult(creates.size(), updates.size(), unchanged);
    }

    private static boolean sameContent(LangSmithExample stored, LangSmithExample wanted) {
        return sameObject(stored.inputs(), wanted.inputs()) && sameObject(stored.outputs(), wanted.outputs())
                && sameObject(stored.metadata(), wanted.metadata())
                && stored.effectiveSplits().equals(wanted.effectiveSplits());
    }

    /** Null, JSON null and an empty object are the same. */
    private static boolean sameObject(JsonNode a, JsonNode b) {
        boolean aEmpty = a == null || a.isNull() || a.isMissingNode() || a.isObject() && a.isEmpty();
        boolean bEmpty = b == null || b.isNull() || b.isMissingNode() || b.isObject() && b.isEmpty();
        return aEmpty || bEmpty ? aEmpty && bEmpty : a.equals(b);
    }

    private static ObjectNode exampleJson(String datasetId, LangSmithExample example, boolean update) {
        ObjectNode json = JSON.createObjectNode();
        if (update) {
            json.put("id", example.id()).put("dataset_id", datasetId);
        } else {
            json.put("dataset_id", datasetId).put("id", example.id());
        }
        json.set("inputs", example.inputs() == null ? JSON.createObjectNode() : LangSmithRun.asObject(example.inputs()));
        json.set("outputs", example.outputs() == null || example.outputs().isNull() ? NullNode.getInstance()
                : LangSmithRun.asObject(example.outputs()));
        json.set("metadata", example.metadata() == null || example.metadata().isNull() ? NullNode.getInstance()
                : example.metadata());
        List<String> splits = example.effectiveSplits();
        if (splits.size() == 1) {
            json.put("split", splits.get(0));
        } else {
            splits.forEach(json.putArray("split")::add);
        }
        if (update) {
            json.put("overwrite", true);
        }
        return json;
    }

    // ------------------------------------------------------------------------------------------------ prompt hub

    /**
     * A commit of a prompt in LangSmith's prompt hub ({@code GET /commits/{owner}/{name}/{commit}}).
     *
     * @param identifier {@code name}, {@code owner/name}, {@code name:commit} or {@code owner/name:commit}; a missing
     *                   owner is {@code -} (the API key's workspace), a missing commit {@code latest}
     * @throws IllegalArgumentException when the identifier is malformed
     * @throws LangSmithException        naming the prompt and commit when there is none
     */
    public LangSmithPromptCommit promptCommit(String identifier) {
        LangSmithPromptCommit.Identifier id = LangSmithPromptCommit.Identifier.parse(identifier);
        String notFound = "LangSmith has no prompt '" + id.display() + "'" + (id.commit().equals("latest") ? ""
                : " with commit or tag '" + id.commit() + "'") + " at " + endpoint + " (in the API key's workspace"
                + (workspaceId == null ? "" : " " + workspaceId) + "; a prompt with no commit cannot be read either)";
        JsonNode json = send("GET", url("commits", id.owner(), id.name(), id.commit()), null, notFound);
        if (!json.path("commit_hash").isTextual() || !json.path("manifest").isObject()) {
            throw new LangSmithException("LangSmith at " + endpoint + " answered GET /commits/" + id.owner() + "/"
                    + id.name() + "/" + id.commit() + " with " + HttpReplies.snippet(json.toString())
                    + " instead of a commit with commit_hash and manifest");
        }
        return new LangSmithPromptCommit(id.owner(), id.name(), json.path("commit_hash").asText(),
                json.get("manifest"));
    }

    /** The latest commit of a prompt: {@link #promptCommit(String)} with {@code latest}. */
    public LangSmithPromptCommit latestPromptCommit(String ownerAndName) {
        LangSmithPromptCommit.Identifier id = LangSmithPromptCommit.Identifier.parse(ownerAndName);
        return promptCommit(id.owner() + "/" + id.name() + ":latest");
    }

    // ---------------------------------------------------------------------------------------- sessions (experiments)

    /**
     * Creates a tracer session: an experiment on {@code referenceDatasetId} when it is not {@code null}
     * ({@code POST /sessions}).
     *
     * @param id       the session's UUID, chosen by the caller
     * @param metadata {@code extra.metadata} (target, model, git commit…), or {@code null}
     * @throws LangSmithException when a session with that name exists (409)
     */
    public LangSmithSession createSession(String id, String name, String description, JsonNode metadata,
            String referenceDatasetId, Instant startTime) {
        SessionBody body = new SessionBody(Objects.requireNonNull(id, "id"), Objects.requireNonNull(name, "name"),
                description, RunIds.isoTime(startTime == null ? clock.instant() : startTime),
                present(metadata) == null ? null : new Extra(metadata, null), referenceDatasetId);
        try {
            return toSession(send("POST", url("sessions"), body, null));
        } catch (LangSmithException e) {
            if (e.status() == 409) {
                throw new LangSmithException("LangSmith at " + endpoint + " already has an experiment (project) named '"
                        + name + "': experiment names must be unique", 409, e);
            }
            throw e;
        }
    }

    /**
     * The session with this id, created when missing: how the shards of one CI run join one experiment (the first
     * creates it; the others find it, also when two create it at once and one gets a 409).
     */
    public LangSmithSession sessionOrCreate(String id, String name, String description, JsonNode metadata,
            String referenceDatasetId, Instant startTime) {
        try {
            return session(id);
        } catch (LangSmithException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        try {
            return createSession(id, name, description, metadata, referenceDatasetId, startTime);
        } catch (LangSmithException e) {
            if (e.status() == 409) {
                return session(id);
            }
            throw e;
        }
    }

    /** Ends a session: {@code PATCH /sessions/{id}} with its {@code end_time}. */
    public LangSmithSession endSession(String sessionId, Instant endTime) {
        SessionEnd body = new SessionEnd(RunIds.isoTime(endTime == null ? clock.instant() : endTime));
        return toSession(send("PATCH", url("sessions", sessionId), body,
                "LangSmith has no experiment (project) with id " + sessionId + " at " + endpoint));
    }

    /** A session by id ({@code GET /sessions/{id}}). */
    public LangSmithSession session(String sessionId) {
        return toSession(send("GET", url("sessions", sessionId), null,
                "LangSmith has no experiment (project) with id " + sessionId + " at " + endpoint));
    }

    // ------------------------------------------------------------------------------------------------------ runs

    /**
     * Sends runs as the SDK does: through {@code POST /runs/multipart} where {@code /info} announces it, else (or
     * once the server answered that route with a 404) through {@code POST /runs/batch}; split at the server's batch
     * limits ({@code /info}, else 100 runs or 20 MiB). A patch for a run posted in the same call is merged into the
     * post, as the SDK does. Every run must carry {@code trace_id} and {@code dotted_order}.
     */
    public void postRuns(List<LangSmithRun> post, List<LangSmithRun> patch) {
        Map<String, ObjectNode> posts = new LinkedHashMap<>();
        for (LangSmithRun run : post == null ? List.<LangSmithRun>of() : post) {
            posts.put(run.id(), checked(run).toJson());
        }
        List<ObjectNode> patches = new ArrayList<>();
        for (LangSmithRun run : patch == null ? List.<LangSmithRun>of() : patch) {
            ObjectNode json = checked(run).toJson();
            ObjectNode posted = posts.get(run.id());
            if (posted != null) {
                posted.setAll(json);
            } else {
                patches.add(json);
            }
        }
        if (posts.isEmpty() && patches.isEmpty()) {
            return;
        }
        LangSmithInfo limits = batchLimits();
        List<Map.Entry<String, ObjectNode>> items = new ArrayList<>();
        posts.values().forEach(json -> items.add(Map.entry("post", json)));
        patches.forEach(json -> items.add(Map.entry("patch", json)));
        if (limits.multipart() && !multipartMissing) {
            try {
                sendMultipart(items, limits);
                return;
            } catch (LangSmithException e) {
                if (e.status() != 404) {
                    throw e;
                }
                // As the SDK does: a server without the route gets /runs/batch from now on.
                multipartMissing = true;
            }
        }
        RunBatch batch = RunBatch.empty();
        int count = 0;
        long bytes = 2 + 20;
        for (Map.Entry<String, ObjectNode> item : items) {
            long size = JsonApi.bytes(item.getValue()).length + 1;
            if (count > 0 && (count + 1 > limits.batchSizeLimit() || bytes + size > limits.batchSizeLimitBytes())) {
                send("POST", url("runs", "batch"), batch, null);
                batch = RunBatch.empty();
                count = 0;
                bytes = 2 + 20;
            }
            (item.getKey().equals("post") ? batch.post() : batch.patch()).add(item.getValue());
            count++;
            bytes += size;
        }
        send("POST", url("runs", "batch"), batch, null);
    }

    /** The fields the multipart form sends as parts of their own, as the SDK does for the large ones. */
    private static final List<String> SEPARATE_PARTS = List.of("inputs", "outputs", "events", "extra", "error",
            "serialized");

    /**
     * {@code POST /runs/multipart}: per run a part {@code post.<id>} (or {@code patch.<id>}) with its small fields and
     * a part {@code post.<id>.<field>} per large one, each JSON with its length; forms split at the byte limit.
     */
    private void sendMultipart(List<Map.Entry<String, ObjectNode>> items, LangSmithInfo limits) {
        MultipartForm form = new MultipartForm();
        long bytes = 0;
        int runs = 0;
        for (Map.Entry<String, ObjectNode> item : items) {
            ObjectNode run = item.getValue().deepCopy();
            String prefix = item.getKey() + "." + run.path("id").asText();
            List<Map.Entry<String, byte[]>> parts = new ArrayList<>();
            for (String field : SEPARATE_PARTS) {
                JsonNode value = run.remove(field);
                if (value != null) {
                    parts.add(Map.entry(prefix + "." + field, JsonApi.bytes(value)));
                }
            }
            parts.add(0, Map.entry(prefix, JsonApi.bytes(run)));
            long size = parts.stream().mapToLong(part -> part.getValue().length + 120L).sum();
            if (runs > 0 && (runs + 1 > limits.batchSizeLimit() || bytes + size > limits.batchSizeLimitBytes())) {
                checked(api.sendBody("POST", url("runs", "multipart"), form.build(), headers), null);
                form = new MultipartForm();
                bytes = 0;
                runs = 0;
            }
            for (Map.Entry<String, byte[]> part : parts) {
                form.add(part.getKey(), part.getValue());
            }
            bytes += size;
            runs++;
        }
        checked(api.sendBody("POST", url("runs", "multipart"), form.build(), headers), null);
    }

    private static LangSmithRun checked(LangSmithRun run) {
        if (run.traceId() == null || run.dottedOrder() == null) {
            throw new IllegalArgumentException("Run " + run.id() + " (" + run.name() + ") has no trace_id or "
                    + "dotted_order; /runs/batch needs both (start runs with LangSmithRun.root/child)");
        }
        return run;
    }

    // -------------------------------------------------------------------------------------------------- feedback

    /** {@code POST /feedback}: a score on a run, or on an experiment when it has no run ({@link LangSmithFeedback#summary}). */
    public void createFeedback(LangSmithFeedback feedback) {
        // Runs go through /runs/batch, which LangSmith ingests asynchronously: feedback on a run sent a moment ago
        // can meet a 404 until it is in. The SDK retries that, a few times; so does this.
        for (int attempt = 1; ; attempt++) {
            try {
                send("POST", url("feedback"), feedback.toJson(), null);
                return;
            } catch (LangSmithException e) {
                if (e.status() == 409) {
                    // Its id is derived from the run: LangSmith has it from an earlier send of the same run.
                    return;
                }
                if (e.status() != 404 || attempt >= FEEDBACK_ATTEMPTS) {
                    throw e;
                }
                api.backOff(attempt, "feedback on a run LangSmith is still ingesting");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- transport

    private HttpUrl url(String... segments) {
        return api.url(segments);
    }

    /**
     * Sends one request, retried while LangSmith is rate limiting, failing (5xx) or the connection breaks, and answers
     * its JSON ({@link MissingNode} for an empty 2xx reply).
     *
     * @param notFound the message for a 404, or {@code null} for a generic one
     */
    private JsonNode send(String method, HttpUrl url, Object body, String notFound) {
        return checked(api.send(method, url, body, headers), notFound);
    }

    /** The answer's JSON, or the error that explains it (the key rejected, 404, not JSON…). */
    private JsonNode checked(JsonApi.Answer answer, String notFound) {
        int status = answer.status();
        if (status == 401 || status == 403) {
            String detail = answer.text().contains("org_scoped_key_requires_workspace")
                    ? " (the key is org-scoped: set LANGSMITH_WORKSPACE_ID)" : answer.message().isBlank() ? ""
                            : " (HTTP " + status + ": " + answer.message() + ")";
            throw new LangSmithException("LangSmith rejected the API key for " + endpoint + ": " + KEY_HINT + detail,
                    status);
        }
        return api.json(answer, notFound);
    }

    /** In case a proxy or server echoes the key in its answer. */
    private String redact(String text) {
        return apiKey.length() < 4 ? text : text.replace(apiKey, "[redacted]");
    }

    // ------------------------------------------------------------------------------------------------ wire types

    // Request bodies as the API's schemas name their fields; absent (null) fields are left out.

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DatasetBody(String name, String description, @JsonProperty("data_type") String dataType, Extra extra) {
    }

    /** {@code extra}: the metadata and, on a dataset, who made it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Extra(JsonNode metadata, String source) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionBody(String id, String name, String description, @JsonProperty("start_time") String startTime,
            Extra extra, @JsonProperty("reference_dataset_id") String referenceDatasetId) {
    }

    record SessionEnd(@JsonProperty("end_time") String endTime) {
    }

    /** One {@code /runs/batch} request: runs to create and runs to update, filled while batching. */
    record RunBatch(List<ObjectNode> post, List<ObjectNode> patch) {

        static RunBatch empty() {
            return new RunBatch(new ArrayList<>(), new ArrayList<>());
        }
    }

    /** Metadata as sent: none for null and JSON null. */
    private static JsonNode present(JsonNode metadata) {
        return metadata == null || metadata.isNull() ? null : metadata;
    }

    private LangSmithDataset toDataset(JsonNode json) {
        return new LangSmithDataset(api.required(json, "id", "a dataset"), api.required(json, "name", "a dataset"),
                text(json, "description"),
                text(json, "tenant_id"), any(json, "metadata"), json.path("modified_at").asText(""));
    }

    /** Splits come back in {@code metadata.dataset_split}; the record keeps them apart from the metadata. */
    private LangSmithExample toExample(JsonNode json, String datasetId) {
        JsonNode metadata = any(json, "metadata");
        List<String> splits = new ArrayList<>();
        if (metadata.isObject() && metadata.has("dataset_split")) {
            JsonNode split = metadata.get("dataset_split");
            if (split.isArray()) {
                split.forEach(s -> splits.add(s.asText()));
            } else if (split.isTextual()) {
                splits.add(split.asText());
            }
            ObjectNode rest = ((ObjectNode) metadata).deepCopy();
            rest.remove("dataset_split");
            metadata = rest;
        }
        String dataset = json.path("dataset_id").isTextual() ? json.path("dataset_id").asText() : datasetId;
        return new LangSmithExample(api.required(json, "id", "an example"), dataset, any(json, "inputs"),
                any(json, "outputs"), metadata, splits);
    }

    private static LangSmithSession toSession(JsonNode json) {
        return new LangSmithSession(text(json, "id"), text(json, "name"), text(json, "description"),
                text(json, "tenant_id"), text(json, "reference_dataset_id"), text(json, "start_time"),
                text(json, "end_time"), json.path("extra").has("metadata") ? json.path("extra").get("metadata")
                        : NullNode.getInstance());
    }
}

package dev.junitprompt.backend.langfuse;

import static dev.junitprompt.internal.JsonApi.any;
import static dev.junitprompt.internal.JsonApi.text;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.apiguardian.api.API;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.backend.langfuse.LangfuseException.RejectedEvent;
import dev.junitprompt.internal.HttpReplies;
import dev.junitprompt.internal.JsonApi;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.internal.RetryingHttp;
import dev.junitprompt.internal.Sleeper;
import okhttp3.HttpUrl;
import okhttp3.MediaType;

/**
 * A small client for Langfuse's public API ({@code /api/public/...}, v3 and v4 servers): datasets and their items,
 * prompts and their labels, dataset run items, scores (through the ingestion API) and the project id. Traces go over
 * OTLP, not through this client.
 *
 * <p>Every request authenticates with HTTP Basic (public key : secret key) and is retried on 429, 5xx, connection
 * resets and timeouts, honouring {@code Retry-After} (seconds or an HTTP date), else with exponential backoff and full
 * jitter. Failures become a {@link LangfuseException} saying what to fix; no message carries the secret key.
 * Thread-safe.
 */
@API(status = API.Status.INTERNAL)
public final class LangfuseClient {

    /** Langfuse Cloud (EU), the official SDKs' default host. */
    public static final String DEFAULT_HOST = "https://cloud.langfuse.com";

    /** Items per page when listing, as the official SDKs fetch them. */
    static final int PAGE_SIZE = 50;

    /** Langfuse takes at most 3.5 MB per ingestion batch. */
    static final int MAX_BATCH_BYTES = 3_500_000;

    private static final String KEYS_HINT = "check LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY";
    private static final String HOST_HINT = "check LANGFUSE_HOST (or LANGFUSE_BASE_URL)";
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where these servers put the message of an error reply, first match wins. */
    private static final List<String> MESSAGE_FIELDS = List.of("message", "error");

    private final String host;
    private final String secretKey;
    private final String authorization;
    private final RetryPolicy retry;
    private final Clock clock;
    private final JsonApi api;
    private final String publicKey;

    /**
     * @param host      the Langfuse base URL, e.g. {@code https://cloud.langfuse.com} or
     *                  {@code https://example.org/langfuse} behind a reverse proxy; trailing slashes are ignored
     * @param publicKey the project's public key ({@code pk-lf-…})
     * @param secretKey the project's secret key ({@code sk-lf-…})
     * @param retry     attempts, backoff and the time limit of one attempt
     */
    public LangfuseClient(String host, String publicKey, String secretKey, RetryPolicy retry) {
        this(host, publicKey, secretKey, retry, Sleeper.SYSTEM, Clock.systemUTC());
    }

    /** Tests: a sleeper that records the waits instead of sleeping, and a fixed clock. */
    LangfuseClient(String host, String publicKey, String secretKey, RetryPolicy retry, Sleeper sleeper, Clock clock) {
        Objects.requireNonNull(host, "host");
        this.host = JsonApi.withoutTrailingSlashes(host.strip());
        HttpUrl base = JsonApi.baseUrl(this.host, "The Langfuse host", HOST_HINT, LangfuseException::new);
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
        this.publicKey = publicKey;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (Objects.requireNonNull(publicKey, "publicKey") + ":" + secretKey).getBytes(StandardCharsets.UTF_8));
        this.retry = Objects.requireNonNull(retry, "retry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.api = new JsonApi(base.newBuilder().addPathSegments("api/public").build(), JSON_TYPE,
                new RetryingHttp.Backend("Langfuse at " + this.host, HOST_HINT, MESSAGE_FIELDS, this::redact,
                        LangfuseException::new, LangfuseException::new),
                "a proxy or login page in front of Langfuse? " + HOST_HINT, JsonApi.BlankReply.NOT_JSON, retry,
                sleeper, clock);
    }

    /**
     * A client configured as the official SDKs are: {@code LANGFUSE_PUBLIC_KEY}, {@code LANGFUSE_SECRET_KEY}, and the
     * host from {@code LANGFUSE_HOST}, else {@code LANGFUSE_BASE_URL}, else {@value #DEFAULT_HOST}.
     *
     * @throws LangfuseException naming the variable that is missing
     */
    public static LangfuseClient fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, RetryPolicy.defaults());
    }

    /** As {@link #fromEnvironment(Map)}, retrying as {@code retry} says. */
    public static LangfuseClient fromEnvironment(Map<String, String> env, RetryPolicy retry) {
        String publicKey = required(env, "LANGFUSE_PUBLIC_KEY");
        String secretKey = required(env, "LANGFUSE_SECRET_KEY");
        String host = JsonApi.setting(env, String::strip, "LANGFUSE_HOST", "LANGFUSE_BASE_URL").orElse(DEFAULT_HOST);
        return new LangfuseClient(host, publicKey, secretKey, retry);
    }

    private static String required(Map<String, String> env, String name) {
        return JsonApi.setting(env, String::strip, name).orElseThrow(() -> new LangfuseException(name
                + " is not set: the Langfuse backend needs LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY (and "
                + "LANGFUSE_HOST for a self-hosted Langfuse)"));
    }

    /** The project's public key ({@code pk-lf-…}), which is no secret: the OTLP export names its project by it. */
    String publicKey() {
        return publicKey;
    }

    /** The Authorization header value, for the OTLP exporter of the same project. Never log it. */
    String authorization() {
        return authorization;
    }

    /** The base URL, without trailing slash, as used for links to the Langfuse UI. */
    public String host() {
        return host;
    }

    /** Links to this Langfuse's UI. */
    public LangfuseUrls urls() {
        return new LangfuseUrls(host);
    }

    // ---------------------------------------------------------------------------------------------------- health

    /** {@code GET /api/public/health} (no authentication): the server's status and version. */
    public LangfuseHealth health() {
        JsonNode json = send("GET", url("health"), null, false, null);
        return new LangfuseHealth(text(json, "status"), text(json, "version"));
    }

    /** The id of the project the keys belong to ({@code GET /api/public/projects}), for links to the UI. */
    public String projectId() {
        JsonNode data = send("GET", url("projects"), null, true, null).path("data");
        if (!data.isArray() || data.isEmpty() || !data.get(0).path("id").isTextual()) {
            throw new LangfuseException("Langfuse at " + host + " lists no project for these keys ("
                    + "an organization-scoped key? junit-prompt needs a project's keys): " + KEYS_HINT);
        }
        return data.get(0).path("id").asText();
    }

    // -------------------------------------------------------------------------------------------------- datasets

    /**
     * The dataset named {@code name}.
     *
     * @throws LangfuseException naming the dataset when there is none
     */
    public LangfuseDataset dataset(String name) {
        return toDataset(send("GET", url("v2", "datasets", name), null, true, noDataset(name)));
    }

    /** The dataset named {@code name}, or empty when Langfuse has none. */
    public Optional<LangfuseDataset> findDataset(String name) {
        return findOrEmpty(() -> dataset(name));
    }

    /** Creates the dataset, or updates its description and metadata when it exists ({@code POST v2/datasets}). */
    public LangfuseDataset upsertDataset(String name, String description, JsonNode metadata) {
        DatasetBody body = new DatasetBody(Objects.requireNonNull(name, "name"), description, metadata);
        return toDataset(send("POST", url("v2", "datasets"), body, true, null));
    }

    /**
     * All (active) items of a dataset, {@value #PAGE_SIZE} per page until the last page.
     *
     * @throws LangfuseException naming the dataset when there is none
     */
    public List<LangfuseDatasetItem> datasetItems(String datasetName) {
        return datasetItems(datasetName, null);
    }

    /**
     * The dataset's active items as they were at {@code version} (Langfuse's dataset versions are points in time),
     * or the latest when it is {@code null}.
     */
    public List<LangfuseDatasetItem> datasetItems(String datasetName, Instant version) {
        List<LangfuseDatasetItem> items = new ArrayList<>();
        for (int page = 1; ; page++) {
            HttpUrl.Builder pageUrl = url("dataset-items").newBuilder()
                    .addQueryParameter("datasetName", datasetName)
                    .addQueryParameter("page", String.valueOf(page))
                    .addQueryParameter("limit", String.valueOf(PAGE_SIZE));
            if (version != null) {
                pageUrl.addQueryParameter("version", version.toString());
            }
            JsonNode json = send("GET", pageUrl.build(), null, true, noDataset(datasetName));
            for (JsonNode item : json.path("data")) {
                items.add(toItem(item, datasetName));
            }
            int totalPages = json.path("meta").path("totalPages").asInt(0);
            if (page >= totalPages || json.path("data").isEmpty()) {
                return items;
            }
        }
    }

    /**
     * Creates the item, or merges it into the stored one with the same id ({@code POST dataset-items}); the dataset
     * must exist. Fields that are {@code null} keep their stored values.
     *
     * @throws LangfuseException when the dataset does not exist, or the id belongs to an item of another dataset
     */
    public LangfuseDatasetItem upsertDatasetItem(LangfuseDatasetItem item) {
        ItemBody body = new ItemBody(item.datasetName(), item.id(), item.input(), item.expectedOutput(),
                item.metadata());
        // The same body each time: a 500 is the server failing on this item, not a blip, so one retry is enough.
        JsonApi.Answer answer = api.send("POST", url("dataset-items"), body, Map.of("Authorization", authorization), 2);
        if (answer.status() == 500) {
            throw new LangfuseException("Langfuse at " + host + " failed on dataset item " + item.id() + " of dataset "
                    + item.datasetName() + " (HTTP 500 twice" + (answer.message().isBlank() ? "" : ": "
                    + answer.message()) + "). The likely cause: another dataset of the project has an item with this"
                    + " id (Langfuse 2.x answers 500 where later versions say 409). Item ids are unique across a "
                    + "project's datasets: rename the item or the dataset, or delete the other item", 500);
        }
        try {
            return toItem(checked(answer, noDataset(item.datasetName())), item.datasetName());
        } catch (LangfuseException e) {
            if (e.status() == 409) {
                throw new LangfuseException("Langfuse refused dataset item " + item.id() + " for dataset "
                        + item.datasetName() + ": item ids are unique across a project's datasets and this one "
                        + "belongs to another dataset (" + e.getMessage() + ")", 409);
            }
            throw e;
        }
    }

    // --------------------------------------------------------------------------------------------------- prompts

    /**
     * A prompt version: by {@code label}, or by {@code version}, or (both {@code null}) the one labelled
     * {@code production}.
     *
     * @throws IllegalArgumentException when both a label and a version are given
     * @throws LangfuseException        naming the prompt (and label or version) when there is none
     */
    public LangfusePrompt prompt(String name, String label, Integer version) {
        if (label != null && version != null) {
            throw new IllegalArgumentException("Ask for prompt " + name + " by label or by version, not both (label "
                    + label + ", version " + version + ")");
        }
        HttpUrl.Builder url = url("v2", "prompts", name).newBuilder();
        if (version != null) {
            url.addQueryParameter("version", String.valueOf(version));
        } else {
            url.addQueryParameter("label", label == null ? "production" : label);
        }
        String which = version != null ? "version " + version : "label " + (label == null ? "production" : label);
        String notFound = "Langfuse has no prompt named '" + name + "' with " + which + " at " + host;
        return toPrompt(send("GET", url.build(), null, true, notFound));
    }

    /** Like {@link #prompt(String, String, Integer)}, empty when there is no such prompt or version. */
    public Optional<LangfusePrompt> findPrompt(String name, String label, Integer version) {
        return findOrEmpty(() -> prompt(name, label, version));
    }

    /**
     * Creates the next version of a prompt ({@code POST v2/prompts}; the first one creates the prompt). Langfuse
     * gives it the {@code latest} label; the given labels move to it from the versions that had them.
     *
     * @param prompt        the name, type, text or messages and config; its version and labels are ignored
     * @param labels        labels for the new version, e.g. {@code staging}
     * @param commitMessage a note shown in Langfuse's version history, or {@code null}
     * @return the created version, with its number
     */
    public LangfusePrompt createPromptVersion(LangfusePrompt prompt, List<String> labels, String commitMessage) {
        PromptBody body = new PromptBody(prompt.name(), prompt.type().wire(),
                prompt.type() == LangfusePrompt.Type.TEXT ? prompt.text() : prompt.messages(),
                prompt.config().isNull() ? null : prompt.config(), labels, commitMessage);
        return toPrompt(send("POST", url("v2", "prompts"), body, true, null));
    }

    /**
     * Adds labels to a prompt version ({@code PATCH v2/prompts/{name}/versions/{version}}); a label on another
     * version moves here, which is how a version is promoted to {@code production}.
     *
     * @throws LangfuseException naming the prompt and version when there is none
     */
    public LangfusePrompt setLabels(String name, int version, List<String> labels) {
        JsonApi.Answer answer = exchange("PATCH", url("v2", "prompts", name, "versions", String.valueOf(version)),
                new LabelsBody(labels), true);
        if (answer.status() == 404 && !api.readable(answer)) {
            // The server's own page, not its API's JSON: it has no such route, as Langfuse 2.x has none.
            String server;
            try {
                server = "version " + health().version();
            } catch (LangfuseException unknown) {
                server = "a version it does not say";
            }
            throw new LangfuseException("Langfuse at " + host + " (" + server + ") has no PATCH "
                    + "/api/public/v2/prompts/{name}/versions/{version}, which labels an existing version (Langfuse 3 "
                    + "and 4 have it): upgrade the server to promote prompt '" + name + "', or push the prompt again "
                    + "with the label, which makes a new version carrying it", 404);
        }
        return toPrompt(checked(answer, "Langfuse has no prompt named '" + name + "' with version " + version
                + " at " + host));
    }

    // ------------------------------------------------------------------------------------------------ runs, scores

    /**
     * Links a dataset item to its trace in a run ({@code POST dataset-run-items}), creating the run with the first
     * item. A v4 server stores nothing and answers a made-up run id: link runs there with span attributes instead.
     */
    public LangfuseRunItem.Created createRunItem(LangfuseRunItem item) {
        RunItemBody body = new RunItemBody(item.runName(), item.datasetItemId(), item.traceId(),
                item.runDescription(), item.metadata(), item.observationId());
        JsonNode json = send("POST", url("dataset-run-items"), body, true,
                "Langfuse has no dataset item " + item.datasetItemId() + " at " + host);
        return new LangfuseRunItem.Created(text(json, "id"), text(json, "datasetRunId"),
                text(json, "datasetRunName"));
    }

    /**
     * Sends scores as {@code score-create} ingestion events, in batches of at most 3.5 MB. Langfuse answers 207 with
     * per-event errors: events that failed with 429 or 5xx are sent again (with backoff), the others are reported.
     *
     * @throws LangfuseException listing every score Langfuse did not take, after all batches were sent
     */
    public void sendScores(List<LangfuseScore> scores) {
        List<ObjectNode> events = new ArrayList<>();
        for (LangfuseScore score : scores) {
            // A tree, not the record: batching and error reports read the events' id and name.
            events.add(JSON.valueToTree(new ScoreBody(score.id(), score.traceId(), score.observationId(),
                    score.datasetRunId(), score.name(), score.value(), score.dataType().name(), score.comment(),
                    score.metadata().isEmpty() ? null : score.metadata(), score.environment())));
        }
        ingest("score-create", events);
    }

    /** Sends entity bodies of one event type to {@code /api/public/ingestion}, in batches, retrying per event. */
    private void ingest(String type, List<ObjectNode> bodies) {
        List<RejectedEvent> rejected = new ArrayList<>();
        for (List<ObjectNode> batch : batches(type, bodies)) {
            rejected.addAll(ingestBatch(type, batch));
        }
        if (!rejected.isEmpty()) {
            // A line a person reads: the first few, each cut short; the full list stays with the exception.
            List<String> lines = rejected.stream().limit(3).map(RejectedEvent::toString)
                    .map(line -> line.length() <= 200 ? line : line.substring(0, 199) + "…").toList();
            throw new LangfuseException("Langfuse at " + host + " did not take " + rejected.size() + " of "
                    + bodies.size() + " " + type + " events: " + String.join("; ", lines)
                    + (rejected.size() > 3 ? "; and " + (rejected.size() - 3) + " more" : ""),
                    rejected.get(0).status(), rejected, null);
        }
    }

    private List<List<ObjectNode>> batches(String type, List<ObjectNode> bodies) {
        int overhead = "{\"batch\":[]}".length();
        List<List<ObjectNode>> batches = new ArrayList<>();
        List<ObjectNode> current = new ArrayList<>();
        long currentBytes = overhead;
        for (ObjectNode body : bodies) {
            // The envelope (id, timestamp, type) adds about 120 bytes to the body.
            long bytes = utf8Length(body) + 160;
            if (overhead + bytes > MAX_BATCH_BYTES) {
                throw new LangfuseException("A " + type + " event for " + body.path("id").asText() + " ("
                        + body.path("name").asText() + ") is " + bytes + " bytes, more than Langfuse takes in one "
                        + "ingestion batch (" + MAX_BATCH_BYTES + "): shorten its comment");
            }
            if (!current.isEmpty() && currentBytes + bytes + 1 > MAX_BATCH_BYTES) {
                batches.add(current);
                current = new ArrayList<>();
                currentBytes = overhead;
            }
            current.add(body);
            currentBytes += bytes + 1;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private static long utf8Length(JsonNode node) {
        return JsonApi.bytes(node).length;
    }

    /** One batch: sent, then its retryable failures sent again until they succeed or the attempts are spent. */
    private List<RejectedEvent> ingestBatch(String type, List<ObjectNode> bodies) {
        List<RejectedEvent> rejected = new ArrayList<>();
        List<ObjectNode> pending = bodies;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            // A fresh envelope id per attempt: Langfuse de-duplicates on it; the entity id makes the resend overwrite.
            Map<String, ObjectNode> byEventId = new LinkedHashMap<>();
            List<IngestionEvent> batch = new ArrayList<>();
            String timestamp = DateTimeFormatter.ISO_INSTANT.format(clock.instant());
            for (ObjectNode body : pending) {
                String eventId = UUID.randomUUID().toString();
                byEventId.put(eventId, body);
                batch.add(new IngestionEvent(eventId, timestamp, type, body));
            }
            JsonNode answer = send("POST", url("ingestion"), new IngestionBatch(batch), true, null);
            List<ObjectNode> again = new ArrayList<>();
            List<RejectedEvent> retryable = new ArrayList<>();
            for (JsonNode error : answer.path("errors")) {
                String eventId = error.path("id").asText();
                ObjectNode body = byEventId.get(eventId);
                int status = error.path("status").asInt(-1);
                RejectedEvent event = new RejectedEvent(eventId, type,
                        body == null ? "?" : body.path("id").asText(),
                        body == null || !body.path("name").isTextual() ? null : body.path("name").asText(), status,
                        errorMessage(error));
                if (body != null && RetryingHttp.isTransient(status)) {
                    again.add(body);
                    retryable.add(event);
                } else {
                    rejected.add(event);
                }
            }
            if (again.isEmpty()) {
                break;
            }
            if (attempt >= retry.maxAttempts()) {
                rejected.addAll(retryable);
                break;
            }
            api.backOff(attempt, "re-sending ingestion events");
            pending = again;
        }
        return rejected;
    }

    private static String errorMessage(JsonNode error) {
        String message = error.path("message").isTextual() ? error.path("message").asText() : "";
        JsonNode detail = error.path("error");
        if (!detail.isMissingNode() && !detail.isNull()) {
            String text = detail.isTextual() ? detail.asText() : detail.toString();
            message = message.isBlank() ? text : message + " (" + text + ")";
        }
        return HttpReplies.snippet(message);
    }

    // ------------------------------------------------------------------------------------------------- transport

    private HttpUrl url(String... segments) {
        return api.url(segments); // encodes '/' of a prompt in a folder as %2F, as Langfuse wants
    }

    private static <T> Optional<T> findOrEmpty(Supplier<T> lookup) {
        try {
            return Optional.of(lookup.get());
        } catch (LangfuseException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private String noDataset(String name) {
        return "Langfuse has no dataset named '" + name + "' at " + host;
    }

    /**
     * Sends one request, retried while Langfuse is rate limiting, failing (5xx) or the connection breaks, and answers
     * its JSON.
     *
     * @param notFound the message for a 404 (naming the dataset or prompt), or {@code null} for a generic one
     */
    private JsonNode send(String method, HttpUrl url, Object body, boolean authenticated, String notFound) {
        return checked(exchange(method, url, body, authenticated), notFound);
    }

    private JsonApi.Answer exchange(String method, HttpUrl url, Object body, boolean authenticated) {
        return api.send(method, url, body, authenticated ? Map.of("Authorization", authorization) : Map.of());
    }

    /** The answer's JSON, or the error that explains it (keys rejected or lacking a permission, 404, not JSON…). */
    private JsonNode checked(JsonApi.Answer answer, String notFound) {
        if (answer.status() == 401) {
            throw new LangfuseException("Langfuse rejected the keys for " + host + ": " + KEYS_HINT, 401);
        }
        if (answer.status() == 403 && api.readable(answer)) {
            throw new LangfuseException("Langfuse at " + host + " refused " + answer.what() + " (HTTP 403): the keys "
                    + "lack the permission for it" + (answer.message().isBlank() ? "" : ": " + answer.message()), 403);
        }
        return api.json(answer, notFound);
    }

    /** In case a proxy or server echoes the request's credentials in its answer. */
    /** Removes the project's credentials from a text a server or the network sent back. */
    String redact(String text) {
        String redacted = text.replace(authorization, "[redacted]");
        redacted = redacted.replace(authorization.substring("Basic ".length()), "[redacted]");
        return secretKey.length() < 4 ? redacted : redacted.replace(secretKey, "[redacted]");
    }

    // ------------------------------------------------------------------------------------------------- wire types

    // Request bodies as the public API's schemas name their fields; absent (null) fields are left out.

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DatasetBody(String name, String description, JsonNode metadata) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemBody(String datasetName, String id, JsonNode input, JsonNode expectedOutput, JsonNode metadata) {
    }

    /** @param prompt the text, or the messages of a chat prompt */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PromptBody(String name, String type, Object prompt, JsonNode config, List<String> labels,
            String commitMessage) {
    }

    record LabelsBody(List<String> newLabels) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunItemBody(String runName, String datasetItemId, String traceId, String runDescription,
            JsonNode metadata, String observationId) {
    }

    /** @param value a number (Double) or a category (String) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ScoreBody(String id, String traceId, String observationId, String datasetRunId, String name, Object value,
            String dataType, String comment, Map<String, Object> metadata, String environment) {
    }

    record IngestionEvent(String id, String timestamp, String type, ObjectNode body) {
    }

    record IngestionBatch(List<IngestionEvent> batch) {
    }

    private LangfuseDataset toDataset(JsonNode json) {
        return new LangfuseDataset(api.required(json, "id", "a dataset"), api.required(json, "name", "a dataset"),
                text(json, "description"), any(json, "metadata"));
    }

    private LangfuseDatasetItem toItem(JsonNode json, String datasetName) {
        String name = json.path("datasetName").isTextual() ? json.path("datasetName").asText() : datasetName;
        return new LangfuseDatasetItem(api.required(json, "id", "a dataset item"), name, any(json, "input"),
                any(json, "expectedOutput"), any(json, "metadata"));
    }

    private LangfusePrompt toPrompt(JsonNode json) {
        String name = api.required(json, "name", "a prompt");
        LangfusePrompt.Type type;
        try {
            type = LangfusePrompt.Type.fromWire(json.path("type").asText("text"));
        } catch (IllegalArgumentException unknown) {
            throw new LangfuseException("Langfuse prompt " + name + " at " + host + " is of type '"
                    + json.path("type").asText() + "', which junit-prompt cannot use (it knows text and chat)", unknown);
        }
        List<String> labels = new ArrayList<>();
        json.path("labels").forEach(label -> labels.add(label.asText()));
        String text = null;
        List<LangfusePrompt.Message> messages = new ArrayList<>();
        if (type == LangfusePrompt.Type.TEXT) {
            text = json.path("prompt").asText();
        } else {
            for (JsonNode message : json.path("prompt")) {
                if (!message.path("role").isTextual()) {
                    throw new LangfuseException("Langfuse prompt " + name + " (version " + json.path("version").asInt()
                            + ") at " + host + " has a message junit-prompt cannot use (a placeholder?): " + message);
                }
                messages.add(new LangfusePrompt.Message(message.path("role").asText(),
                        message.path("content").asText()));
            }
        }
        return new LangfusePrompt(name, json.path("version").asInt(), type, text, messages, any(json, "config"),
                labels);
    }
}

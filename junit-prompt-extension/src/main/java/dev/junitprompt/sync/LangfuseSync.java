package dev.junitprompt.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.backend.langfuse.LangfuseClient;
import dev.junitprompt.backend.langfuse.LangfuseDatasetItem;
import dev.junitprompt.backend.langfuse.LangfuseException;
import dev.junitprompt.backend.langfuse.LangfusePrompt;
import dev.junitprompt.dataset.Dataset;
import dev.junitprompt.dataset.DatasetException;
import dev.junitprompt.dataset.LocalDatasetSource;
import dev.junitprompt.internal.ProjectFiles;
import dev.junitprompt.target.PromptTarget;
import dev.junitprompt.target.TargetException;
import dev.junitprompt.target.TargetLoader;
import dev.junitprompt.target.Template;
import dev.junitprompt.target.TemplateException;

/**
 * Keeps a repository's {@code targets/} and {@code datasets/} and a Langfuse project in step: pushes targets as
 * prompt versions and datasets as Langfuse datasets, promotes a prompt version by moving a label, and pulls a prompt
 * version back into {@code targets/}. Every operation is idempotent and returns a report of what it changed.
 *
 * <p>Everything local is read and checked before the first request, so a malformed file stops a push before it
 * changed anything. Failures are {@link SyncException} (this side: files, templates, arguments) or
 * {@link LangfuseException} (Langfuse refused or could not be reached).
 *
 * <pre>{@code
 * LangfuseSync sync = LangfuseSync.fromEnvironment(System.getenv());
 * sync.pushPrompts(Path.of("targets"), List.of("staging"));
 * sync.promote("prep_generate", 2, "production");
 * sync.pushDatasets(Path.of("datasets"));
 * sync.pullPrompt("prep_generate", "production", null, Path.of("targets"));
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LangfuseSync {

    /** The label {@link #pushPrompts} gives new versions when none is asked for. */
    public static final String DEFAULT_PUSH_LABEL = "staging";

    /** The label {@link #promote} moves when none is asked for, and the one {@link #pullPrompt} reads by default. */
    public static final String DEFAULT_PROMOTE_LABEL = "production";

    private static final Pattern LABEL = Pattern.compile("^[a-z0-9_\\-.]+$");
    private static final Set<String> ROLES = Set.of("system", "user", "assistant");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY_JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private final LangfuseClient client;

    public LangfuseSync(LangfuseClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * A sync with a client configured from {@code LANGFUSE_PUBLIC_KEY}, {@code LANGFUSE_SECRET_KEY} and
     * {@code LANGFUSE_HOST} (or {@code LANGFUSE_BASE_URL}).
     *
     * @throws LangfuseException naming the variable that is missing
     */
    public static LangfuseSync fromEnvironment(Map<String, String> env) {
        return new LangfuseSync(LangfuseClient.fromEnvironment(env));
    }

    // -------------------------------------------------------------------------------------------- push prompts

    /**
     * Pushes every target in {@code targetsDir} ({@code <name>/prompt.txt} as a text prompt, {@code prompt.json} as a
     * chat prompt) to the Langfuse prompt of the same name, with the {@link PromptConfig config} from its metadata.
     * Python-style {@code {var}} templates are rewritten as Langfuse's {@code {{var}}}. A version is created only when
     * the content or config differs from the prompt's latest version; otherwise the latest version only gets the
     * labels it lacks.
     *
     * @param labels labels for the pushed versions; empty or {@code null} for {@value #DEFAULT_PUSH_LABEL}
     * @throws SyncException     when the folder or a target is missing or malformed, or a label is invalid (nothing
     *                           was sent)
     * @throws LangfuseException when Langfuse refuses or cannot be reached
     */
    public PromptPushReport pushPrompts(Path targetsDir, List<String> labels) {
        List<String> wanted = labels(labels, DEFAULT_PUSH_LABEL);
        List<String> skipped = new ArrayList<>();
        List<LangfusePrompt> drafts = new ArrayList<>();
        for (String name : folders(targetsDir, "targets", "--targets")) {
            Path folder = targetsDir.resolve(name);
            if (Files.isRegularFile(folder.resolve("prompt.txt")) || Files.isRegularFile(folder.resolve("prompt.json"))) {
                drafts.add(draft(targetsDir, name));
            } else {
                skipped.add(folder.toString());
            }
        }
        if (drafts.isEmpty()) {
            throw new SyncException("No targets in " + targetsDir + ": a target is a folder <name>/ with prompt.txt or "
                    + "prompt.json (pass --targets DIR for another folder)");
        }
        List<PromptPushReport.Entry> entries = new ArrayList<>();
        for (LangfusePrompt draft : drafts) {
            entries.add(push(draft, wanted));
        }
        return new PromptPushReport(entries, skipped);
    }

    private PromptPushReport.Entry push(LangfusePrompt draft, List<String> labels) {
        Optional<LangfusePrompt> latest = client.findPrompt(draft.name(), "latest", null);
        String message = "junit-prompt push-prompts";
        if (latest.isEmpty()) {
            LangfusePrompt created = client.createPromptVersion(draft, labels, message);
            return new PromptPushReport.Entry(draft.name(), PromptPushReport.Outcome.CREATED, created.version(), 0,
                    created.labels());
        }
        LangfusePrompt current = latest.get();
        if (!current.sameContentAs(draft)) {
            LangfusePrompt created = client.createPromptVersion(draft, labels, message);
            return new PromptPushReport.Entry(draft.name(), PromptPushReport.Outcome.NEW_VERSION, created.version(),
                    current.version(), created.labels());
        }
        List<String> missing = labels.stream().filter(label -> !current.labels().contains(label)).toList();
        if (missing.isEmpty()) {
            return new PromptPushReport.Entry(draft.name(), PromptPushReport.Outcome.UNCHANGED, current.version(),
                    current.version(), current.labels());
        }
        LangfusePrompt labelled = client.setLabels(draft.name(), current.version(), missing);
        return new PromptPushReport.Entry(draft.name(), PromptPushReport.Outcome.LABELLED, labelled.version(),
                current.version(), labelled.labels());
    }

    /** The prompt a target becomes, checked and converted; no request is made. */
    private static LangfusePrompt draft(Path targetsDir, String name) {
        PromptTarget target;
        try {
            target = new TargetLoader(targetsDir).load(name);
        } catch (TargetException | TemplateException e) {
            throw new SyncException(e.getMessage(), e);
        }
        Path folder = targetsDir.resolve(name);
        JsonNode yaml = readYaml(folder.resolve(".metadata.yaml"));
        ObjectNode config = PromptConfig.fromMetadata(yaml, target.metadata());
        Template.Syntax syntax = target.metadata().syntax();
        Path text = folder.resolve("prompt.txt");
        if (Files.isRegularFile(text)) {
            return LangfusePrompt.text(name, toLangfuse(read(text), syntax, text.toString()), config);
        }
        Path chat = folder.resolve("prompt.json");
        JsonNode messages = parseJson(chat);
        List<LangfusePrompt.Message> converted = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            converted.add(new LangfusePrompt.Message(message.get("role").asText(), toLangfuse(
                    message.get("content").asText(), syntax, chat + " message #" + (i + 1))));
        }
        return LangfusePrompt.chat(name, converted, config);
    }

    private static String toLangfuse(String template, Template.Syntax syntax, String origin) {
        return syntax == Template.Syntax.MUSTACHE ? template : PythonToMustache.convert(template, origin);
    }

    // --------------------------------------------------------------------------------------------------- promote

    /**
     * Moves {@code label} to a version of a prompt (Langfuse takes it off the version that had it).
     *
     * @param label the label, {@code null} for {@value #DEFAULT_PROMOTE_LABEL}
     * @throws SyncException     when the label or version is invalid
     * @throws LangfuseException naming the prompt and version when there is none
     */
    public PromotionReport promote(String prompt, int version, String label) {
        Objects.requireNonNull(prompt, "prompt");
        if (version < 1) {
            throw new SyncException("Prompt versions start at 1, so " + version + " is not one; see the versions of '"
                    + prompt + "' in Langfuse");
        }
        String wanted = labels(label == null ? List.of() : List.of(label), DEFAULT_PROMOTE_LABEL).get(0);
        int previous = client.findPrompt(prompt, wanted, null).map(LangfusePrompt::version).orElse(0);
        if (previous == version) {
            LangfusePrompt current = client.prompt(prompt, null, version);
            return new PromotionReport(prompt, version, wanted, previous, current.labels());
        }
        LangfusePrompt promoted = client.setLabels(prompt, version, List.of(wanted));
        return new PromotionReport(prompt, promoted.version(), wanted, previous, promoted.labels());
    }

    // ------------------------------------------------------------------------------------------- push datasets

    /**
     * Pushes every dataset in {@code datasetsDir} to the Langfuse dataset of the same name (created when missing).
     * Each item becomes the Langfuse item {@code <dataset>:<id>} with {@code input} = the item's
     * inputs, {@code expectedOutput} = its expected output and {@code metadata} = {@code local_id} and
     * {@code description} (as the Langfuse result sink upserts them before a run). Items Langfuse already has as
     * they are are not sent, so a second push changes nothing. Langfuse items that are not in the files are reported,
     * not archived.
     *
     * @throws SyncException     when the folder or a dataset is missing or malformed (nothing was sent)
     * @throws LangfuseException when Langfuse refuses or cannot be reached
     */
    public DatasetPushReport pushDatasets(Path datasetsDir) {
        List<Dataset> datasets = localDatasets(datasetsDir);
        Map<String, List<LangfuseDatasetItem>> wanted = new LinkedHashMap<>();
        for (Dataset dataset : datasets) {
            wanted.put(dataset.name(), dataset.items().stream().map(LangfuseSync::toLangfuse).toList());
        }
        List<DatasetPushReport.Entry> entries = new ArrayList<>();
        wanted.forEach((name, items) -> entries.add(push(name, items)));
        return new DatasetPushReport(entries);
    }

    /**
     * Every dataset in {@code datasetsDir}, read and checked.
     *
     * @throws SyncException when the folder is missing, holds no dataset, or a dataset is malformed
     */
    static List<Dataset> localDatasets(Path datasetsDir) {
        LocalDatasetSource source = new LocalDatasetSource(datasetsDir);
        List<Dataset> datasets = new ArrayList<>();
        for (String name : folders(datasetsDir, "datasets", "--datasets")) {
            Path folder = datasetsDir.resolve(name);
            if (Files.isRegularFile(folder.resolve("test_cases.json"))
                    || Files.isRegularFile(folder.resolve("test_cases.jsonl"))) {
                try {
                    datasets.add(source.load(name));
                } catch (DatasetException e) {
                    throw new SyncException(e.getMessage(), e);
                }
            }
        }
        if (datasets.isEmpty()) {
            throw new SyncException("No datasets in " + datasetsDir + ": a dataset is a folder <name>/ with "
                    + "test_cases.json or test_cases.jsonl (pass --datasets DIR for another folder)");
        }
        return datasets;
    }

    private DatasetPushReport.Entry push(String dataset, List<LangfuseDatasetItem> items) {
        // As the Langfuse result sink creates it.
        ItemsWritten written = writeItems(client, dataset, "Pushed by junit-prompt from datasets/" + dataset,
                JSON.createObjectNode().put("source", "junit-prompt local dataset"), items);
        return new DatasetPushReport.Entry(dataset, written.datasetCreated(), written.created(), written.updated(),
                written.unchanged(), written.onlyInLangfuse());
    }

    /**
     * What {@link #writeItems} did.
     *
     * @param datasetCreated whether the Langfuse dataset was created
     * @param created        items Langfuse did not have
     * @param updated        items that differed, overwritten
     * @param unchanged      items Langfuse had as they are, not sent
     * @param onlyInLangfuse ids of the dataset's (active) items that are not among the items written (left alone)
     */
    record ItemsWritten(boolean datasetCreated, int created, int updated, int unchanged, List<String> onlyInLangfuse) {
    }

    /**
     * Makes the Langfuse dataset hold {@code items} (by id; its other items are left alone): creates the dataset
     * with {@code description} and {@code metadata} when it is missing, and writes only the items that are missing
     * or differ. The push of local datasets and the migration from LangSmith both write datasets this way.
     */
    static ItemsWritten writeItems(LangfuseClient client, String dataset, String description, JsonNode metadata,
            List<LangfuseDatasetItem> items) {
        boolean created = client.findDataset(dataset).isEmpty();
        Map<String, LangfuseDatasetItem> stored = new LinkedHashMap<>();
        if (created) {
            client.upsertDataset(dataset, description, metadata);
        } else {
            client.datasetItems(dataset).forEach(item -> stored.put(item.id(), item));
        }
        int added = 0;
        int updated = 0;
        int unchanged = 0;
        for (LangfuseDatasetItem item : items) {
            LangfuseDatasetItem existing = stored.remove(item.id());
            if (existing != null && existing.sameContentAs(item)) {
                unchanged++;
                continue;
            }
            client.upsertDatasetItem(item);
            if (existing == null) {
                added++;
            } else {
                updated++;
            }
        }
        return new ItemsWritten(created, added, updated, unchanged, List.copyOf(stored.keySet()));
    }

    private static LangfuseDatasetItem toLangfuse(DatasetItem item) {
        try {
            return LangfuseDatasetItem.fromLocal(item);
        } catch (IllegalArgumentException e) {
            throw new SyncException("Item '" + item.id() + "' of dataset '" + item.dataset() + "' cannot be a Langfuse "
                    + "item: " + e.getMessage() + "; shorten the item id or the dataset name");
        }
    }

    // ---------------------------------------------------------------------------------------------- pull prompt

    /**
     * Writes a Langfuse prompt version to {@code targetsDir/<name>}: {@code prompt.txt} for a text prompt,
     * {@code prompt.json} for a chat prompt (the other file is removed), and {@code .metadata.yaml} updated from the
     * prompt's config, with {@code template_format: mustache} since Langfuse prompts use {@code {{var}}}. Evaluators,
     * prices and other keys already in the metadata are kept (YAML comments are not).
     *
     * @param label   the label to pull, e.g. {@code production}
     * @param version the version to pull; {@code label} and {@code version} both {@code null} pull
     *                {@value #DEFAULT_PROMOTE_LABEL}
     * @throws SyncException     when both a label and a version are given, or the prompt cannot be a target (nothing is
     *                           written then)
     * @throws LangfuseException naming the prompt and label or version when there is none
     */
    public PromptPullReport pullPrompt(String name, String label, Integer version, Path targetsDir) {
        Objects.requireNonNull(name, "name");
        if (label != null && version != null) {
            throw new SyncException("Pull prompt '" + name + "' by label or by version, not both (label " + label
                    + ", version " + version + ")");
        }
        LangfusePrompt prompt = client.prompt(name, label, version);
        String origin = "Langfuse prompt '" + name + "' version " + prompt.version();
        String content;
        if (prompt.type() == LangfusePrompt.Type.TEXT) {
            checkTemplate(prompt.text(), origin);
            content = prompt.text();
        } else {
            ArrayNode messages = JSON.createArrayNode();
            for (int i = 0; i < prompt.messages().size(); i++) {
                LangfusePrompt.Message message = prompt.messages().get(i);
                if (!ROLES.contains(message.role())) {
                    throw new SyncException(origin + ": message #" + (i + 1) + " has role '" + message.role()
                            + "', but a target's messages are system, user or assistant; change it in Langfuse");
                }
                checkTemplate(message.content(), origin + " message #" + (i + 1));
                messages.addObject().put("role", message.role()).put("content", message.content());
            }
            content = write(PRETTY_JSON, messages) + "\n";
        }
        Path folder = targetsDir.resolve(name);
        boolean text = prompt.type() == LangfusePrompt.Type.TEXT;
        Path file = folder.resolve(text ? "prompt.txt" : "prompt.json");
        Path other = folder.resolve(text ? "prompt.json" : "prompt.txt");
        Path metadataFile = folder.resolve(".metadata.yaml");
        JsonNode existing = readYaml(metadataFile);
        ObjectNode metadata = existing.isObject() ? (ObjectNode) existing : JSON.createObjectNode();
        PromptConfig.intoMetadata(prompt.config(), metadata);
        metadata.put("template_format", "mustache");
        List<Path> removed = new ArrayList<>();
        try {
            Files.createDirectories(folder);
            Files.writeString(file, content);
            Files.writeString(metadataFile, write(YAML, metadata));
            if (Files.deleteIfExists(other)) {
                removed.add(other);
            }
        } catch (IOException e) {
            throw new SyncException("Cannot write prompt '" + name + "' to " + folder + ": " + e.getMessage(), e);
        }
        try {
            new TargetLoader(targetsDir).load(name);
        } catch (TargetException | TemplateException e) {
            throw new SyncException("Wrote " + file + ", but it does not load as a target: " + e.getMessage(), e);
        }
        return new PromptPullReport(name, prompt.version(), prompt.labels(), List.of(file, metadataFile), removed);
    }

    private static void checkTemplate(String template, String origin) {
        try {
            Template.parse(template, Template.Syntax.MUSTACHE, origin);
        } catch (TemplateException e) {
            throw new SyncException(e.getMessage() + " (nothing was written; change the prompt in Langfuse)", e);
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** The labels, de-duplicated, or {@code fallback} when there are none; each checked as Langfuse checks it. */
    static List<String> labels(List<String> labels, String fallback) {
        Set<String> distinct = new LinkedHashSet<>(labels == null ? List.of() : labels);
        if (distinct.isEmpty()) {
            distinct.add(fallback);
        }
        for (String label : distinct) {
            if (label.equals("latest")) {
                throw new SyncException("The label 'latest' is Langfuse's own, always on the newest version; use "
                        + "another label such as " + fallback);
            }
            if (!LABEL.matcher(label).matches() || label.length() > 36) {
                throw new SyncException("Invalid label '" + label + "': Langfuse labels are lowercase letters, "
                        + "digits, '_', '-' and '.', at most 36 characters (e.g. " + fallback + ")");
            }
        }
        return List.copyOf(distinct);
    }

    private static List<String> folders(Path directory, String what, String option) {
        if (!Files.isDirectory(directory)) {
            throw new SyncException("No " + what + " folder at " + directory.toAbsolutePath().normalize() + " (pass "
                    + option + " DIR; relative paths are resolved from " + Path.of("").toAbsolutePath() + ")");
        }
        return ProjectFiles.subfolderNames(directory);
    }

    private static JsonNode readYaml(Path file) {
        if (!Files.isRegularFile(file)) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = YAML.readTree(ProjectFiles.read(file));
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            throw new SyncException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parseJson(Path file) {
        try {
            return JSON.readTree(ProjectFiles.read(file));
        } catch (IOException e) {
            throw new SyncException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return ProjectFiles.read(file);
        } catch (IOException e) {
            throw new SyncException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String write(ObjectMapper mapper, JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.junitprompt.sync;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.backend.langfuse.LangfuseClient;
import dev.junitprompt.backend.langfuse.LangfuseDatasetItem;
import dev.junitprompt.backend.langfuse.LangfuseException;
import dev.junitprompt.backend.langfuse.LangfusePrompt;
import dev.junitprompt.backend.langsmith.LangSmithClient;
import dev.junitprompt.backend.langsmith.LangSmithDataset;
import dev.junitprompt.backend.langsmith.LangSmithExample;
import dev.junitprompt.backend.langsmith.LangSmithException;
import dev.junitprompt.backend.langsmith.LangSmithPromptCommit;

/**
 * Moves datasets and prompts from LangSmith to Langfuse. Both operations are idempotent: they compare with what
 * Langfuse has and write only what changed, so running one again reports that there is nothing to migrate.
 *
 * <pre>{@code
 * Migration migration = Migration.fromEnvironment(System.getenv());
 * migration.datasetFromLangSmithToLangfuse("qa");
 * migration.promptFromLangSmithToLangfuse("qa-prompt", "staging");
 * }</pre>
 *
 * <p>Failures are {@link LangSmithException} and {@link LangfuseException} (a service refused or could not be
 * reached, or has no such dataset or prompt) and {@link SyncException} (a prompt Langfuse cannot hold).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Migration {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LangSmithClient langsmith;
    private final LangfuseClient langfuse;

    public Migration(LangSmithClient langsmith, LangfuseClient langfuse) {
        this.langsmith = Objects.requireNonNull(langsmith, "langsmith");
        this.langfuse = Objects.requireNonNull(langfuse, "langfuse");
    }

    /**
     * A migration with clients configured from the environment: {@code LANGSMITH_API_KEY} (and
     * {@code LANGSMITH_ENDPOINT}, {@code LANGSMITH_WORKSPACE_ID}) and {@code LANGFUSE_PUBLIC_KEY},
     * {@code LANGFUSE_SECRET_KEY}, {@code LANGFUSE_HOST}.
     *
     * @throws LangSmithException naming the LangSmith variable that is missing
     * @throws LangfuseException  naming the Langfuse variable that is missing
     */
    public static Migration fromEnvironment(Map<String, String> env) {
        return new Migration(LangSmithClient.fromEnvironment(env), LangfuseClient.fromEnvironment(env));
    }

    // ------------------------------------------------------------------------------------------------- datasets

    /**
     * Copies the examples of the LangSmith dataset {@code name} into the Langfuse dataset of the same name (created
     * when missing). Each example becomes the item with the example's id (a UUID, so stable and unique), input =
     * the inputs, expected output = the outputs, and metadata = the example's metadata plus {@code splits} (an array,
     * {@code ["base"]} for LangSmith's default split) and {@code langsmith_example_id}. Only items that are missing or
     * differ are written; Langfuse items that are no example are reported, not archived.
     *
     * @throws LangSmithException naming the dataset when LangSmith has none of that name
     * @throws LangfuseException  when Langfuse refuses an item (e.g. its id belongs to another dataset)
     */
    public DatasetMigrationReport datasetFromLangSmithToLangfuse(String name) {
        Objects.requireNonNull(name, "name");
        LangSmithDataset source = langsmith.dataset(name);
        List<LangSmithExample> examples = langsmith.examples(source.id());
        ObjectNode metadata = JSON.createObjectNode().put("source", "langsmith")
                .put("langsmith_dataset_id", source.id());
        String description = source.description() == null || source.description().isBlank()
                ? "Migrated by junit-prompt from LangSmith dataset " + name : source.description();
        LangfuseSync.ItemsWritten written = LangfuseSync.writeItems(langfuse, name, description, metadata,
                examples.stream().map(example -> item(name, example)).toList());
        return new DatasetMigrationReport(name, source.id(), written.datasetCreated(), written.created(),
                written.updated(), written.unchanged(), written.onlyInLangfuse());
    }

    /** A LangSmith example as a Langfuse item of {@code dataset}. */
    static LangfuseDatasetItem item(String dataset, LangSmithExample example) {
        ObjectNode metadata = example.metadata() != null && example.metadata().isObject()
                ? ((ObjectNode) example.metadata()).deepCopy() : JSON.createObjectNode();
        ArrayNode splits = metadata.putArray("splits");
        example.effectiveSplits().forEach(splits::add);
        metadata.put("langsmith_example_id", example.id());
        return new LangfuseDatasetItem(example.id(), dataset, present(example.inputs()), present(example.outputs()),
                metadata);
    }

    private static JsonNode present(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    // -------------------------------------------------------------------------------------------------- prompts

    /**
     * Copies a LangSmith hub prompt's latest commit (or the commit it names) into a new version of the Langfuse prompt
     * with the same name (without the owner), labelled {@code label}: a {@code PromptTemplate} as a text prompt, a
     * {@code ChatPromptTemplate} as a chat prompt, with {@code {var}} rewritten as {@code {{var}}} (see
     * {@link LangChainPrompts}). The version's config is the commit's model when it has one, else the config of the
     * Langfuse prompt's latest version (so a migration does not drop model settings pushed from {@code targets/}).
     * A version is created only when the content differs from the latest version; otherwise the latest version only
     * gets the label when it lacks it.
     *
     * @param identifier {@code name}, {@code owner/name}, or either with {@code :commit}
     * @param label      the label for the new version, {@code null} for {@value LangfuseSync#DEFAULT_PUSH_LABEL}
     * @throws SyncException      when the label is invalid or the prompt holds what Langfuse prompts cannot (nothing
     *                            was written)
     * @throws LangSmithException naming the prompt when LangSmith has none of that name
     */
    public PromptMigrationReport promptFromLangSmithToLangfuse(String identifier, String label) {
        List<String> labels = LangfuseSync.labels(label == null ? List.of() : List.of(label),
                LangfuseSync.DEFAULT_PUSH_LABEL);
        LangSmithPromptCommit.Identifier id;
        try {
            id = LangSmithPromptCommit.Identifier.parse(identifier);
        } catch (IllegalArgumentException e) {
            throw new SyncException(e.getMessage(), e);
        }
        LangSmithPromptCommit commit = langsmith.promptCommit(identifier);
        String name = commit.name();
        Optional<LangfusePrompt> latest = langfuse.findPrompt(name, "latest", null);
        String origin = "LangSmith prompt '" + id.display() + "' commit " + commit.shortHash();
        LangfusePrompt draft = LangChainPrompts.toLangfuse(name, commit.manifest(), origin,
                latest.map(LangfusePrompt::config).orElse(null));
        String message = "junit-prompt migrate-prompt from LangSmith prompt " + id.display() + " commit "
                + commit.commitHash();
        PromptPushReport.Entry entry;
        if (latest.isEmpty()) {
            LangfusePrompt created = langfuse.createPromptVersion(draft, labels, message);
            entry = new PromptPushReport.Entry(name, PromptPushReport.Outcome.CREATED, created.version(), 0,
                    created.labels());
        } else if (!latest.get().sameContentAs(draft)) {
            LangfusePrompt created = langfuse.createPromptVersion(draft, labels, message);
            entry = new PromptPushReport.Entry(name, PromptPushReport.Outcome.NEW_VERSION, created.version(),
                    latest.get().version(), created.labels());
        } else {
            LangfusePrompt current = latest.get();
            List<String> missing = labels.stream().filter(l -> !current.labels().contains(l)).toList();
            if (missing.isEmpty()) {
                entry = new PromptPushReport.Entry(name, PromptPushReport.Outcome.UNCHANGED, current.version(),
                        current.version(), current.labels());
            } else {
                LangfusePrompt labelled = langfuse.setLabels(name, current.version(), missing);
                entry = new PromptPushReport.Entry(name, PromptPushReport.Outcome.LABELLED, labelled.version(),
                        current.version(), labelled.labels());
            }
        }
        return new PromptMigrationReport(id.display(), commit.commitHash(), entry);
    }

    /** {@link #promptFromLangSmithToLangfuse(String, String)} with the label {@value LangfuseSync#DEFAULT_PUSH_LABEL}. */
    public PromptMigrationReport promptFromLangSmithToLangfuse(String identifier) {
        return promptFromLangSmithToLangfuse(identifier, null);
    }
}

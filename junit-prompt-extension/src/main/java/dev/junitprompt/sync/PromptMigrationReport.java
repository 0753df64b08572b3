package dev.junitprompt.sync;

import java.util.List;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * What {@link Migration#promptFromLangSmithToLangfuse} did.
 *
 * @param langsmithPrompt the LangSmith prompt, {@code name} or {@code owner/name}
 * @param commitHash      the LangSmith commit that was copied
 * @param langfuse        what happened to the Langfuse prompt: a new version, or none when the content was the same
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PromptMigrationReport(String langsmithPrompt, String commitHash, PromptPushReport.Entry langfuse) {

    public PromptMigrationReport {
        Objects.requireNonNull(langsmithPrompt, "langsmithPrompt");
        Objects.requireNonNull(commitHash, "commitHash");
        Objects.requireNonNull(langfuse, "langfuse");
    }

    /** Whether Langfuse was left as it was. */
    public boolean changedNothing() {
        return langfuse.outcome() == PromptPushReport.Outcome.UNCHANGED;
    }

    /** Whether a Langfuse prompt version was created. */
    public boolean versionCreated() {
        return langfuse.outcome() == PromptPushReport.Outcome.CREATED
                || langfuse.outcome() == PromptPushReport.Outcome.NEW_VERSION;
    }

    /** The report as lines for the console. */
    public List<String> lines() {
        String commit = commitHash.length() <= 8 ? commitHash : commitHash.substring(0, 8);
        return List.of(langfuse.describe(), changedNothing()
                ? "Nothing to migrate: Langfuse prompt '" + langfuse.prompt() + "' already holds LangSmith prompt '"
                        + langsmithPrompt + "' at commit " + commit + "."
                : "Migrated LangSmith prompt '" + langsmithPrompt + "' at commit " + commit + " to Langfuse.");
    }
}

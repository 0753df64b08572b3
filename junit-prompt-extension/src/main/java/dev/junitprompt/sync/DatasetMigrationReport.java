package dev.junitprompt.sync;

import java.util.ArrayList;
import java.util.List;

import org.apiguardian.api.API;

/**
 * What {@link Migration#datasetFromLangSmithToLangfuse} did.
 *
 * @param dataset            the dataset's name, in LangSmith and in Langfuse
 * @param langsmithDatasetId the LangSmith dataset's id
 * @param datasetCreated     whether the Langfuse dataset was created by this migration
 * @param created            examples Langfuse had no item for
 * @param updated            examples whose Langfuse item differed (input, expected output or metadata), overwritten
 * @param unchanged          examples Langfuse already had as they are, not sent
 * @param onlyInLangfuse     ids of active items of the Langfuse dataset that are no example of the LangSmith dataset
 *                           (left alone)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DatasetMigrationReport(String dataset, String langsmithDatasetId, boolean datasetCreated, int created,
        int updated, int unchanged, List<String> onlyInLangfuse) {

    public DatasetMigrationReport {
        onlyInLangfuse = List.copyOf(onlyInLangfuse);
    }

    /** The number of LangSmith examples. */
    public int examples() {
        return created + updated + unchanged;
    }

    /** Whether this migration changed nothing in Langfuse. */
    public boolean changedNothing() {
        return !datasetCreated && created == 0 && updated == 0;
    }

    /** The report as lines for the console. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        String line = dataset + ": " + (datasetCreated ? "Langfuse dataset created, " : "")
                + (changedNothing() ? "unchanged (" + examples() + " examples)"
                        : examples() + " examples: " + created + " created, " + updated + " updated, " + unchanged
                                + " unchanged");
        lines.add(onlyInLangfuse.isEmpty() ? line : line + "; " + onlyInLangfuse.size() + " items only in Langfuse, "
                + "left as they are: " + String.join(", ", onlyInLangfuse));
        lines.add(changedNothing() ? "Nothing to migrate: Langfuse already has the " + examples() + " examples of "
                + "LangSmith dataset '" + dataset + "'." : "Migrated LangSmith dataset '" + dataset + "' to Langfuse.");
        return lines;
    }
}

package dev.junitprompt.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link LangfuseSync#pushDatasets} did, one entry per dataset in name order.
 *
 * @param datasets the datasets pushed
 */
public record DatasetPushReport(List<Entry> datasets) {

    public DatasetPushReport {
        datasets = List.copyOf(datasets);
    }

    /**
     * @param dataset        the dataset's name, locally and in Langfuse
     * @param datasetCreated whether the Langfuse dataset was created by this push
     * @param created        items Langfuse did not have
     * @param updated        items whose input, expected output or metadata differed, overwritten
     * @param unchanged      items Langfuse already had as they are, not sent
     * @param onlyInLangfuse ids of active Langfuse items of the dataset that are not in the local files (left alone)
     */
    public record Entry(String dataset, boolean datasetCreated, int created, int updated, int unchanged,
            List<String> onlyInLangfuse) {

        public Entry {
            onlyInLangfuse = List.copyOf(onlyInLangfuse);
        }

        /** Whether this push changed nothing in Langfuse for this dataset. */
        public boolean changedNothing() {
            return !datasetCreated && created == 0 && updated == 0;
        }

        /** One line for people. */
        public String describe() {
            int items = created + updated + unchanged;
            String line = dataset + ": " + (datasetCreated ? "dataset created, " : "")
                    + (changedNothing() ? "unchanged (" + items + " items)"
                            : items + " items: " + created + " created, " + updated + " updated, " + unchanged
                                    + " unchanged");
            return onlyInLangfuse.isEmpty() ? line
                    : line + "; " + onlyInLangfuse.size() + " items only in Langfuse, left as they are: "
                            + String.join(", ", onlyInLangfuse);
        }
    }

    /** Whether Langfuse was left as it was. */
    public boolean changedNothing() {
        return datasets.stream().allMatch(Entry::changedNothing);
    }

    /** The report as lines for the console. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        datasets.forEach(entry -> lines.add(entry.describe()));
        lines.add(changedNothing() ? "Nothing to push: Langfuse already has these " + datasets.size() + " datasets."
                : "Pushed " + datasets.size() + " datasets.");
        return lines;
    }
}

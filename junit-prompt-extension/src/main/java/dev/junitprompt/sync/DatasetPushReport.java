package dev.junitprompt.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * What {@link LangfuseSync#pushDatasets} or {@link LangSmithSync#pushDatasets} did, one entry per dataset in name
 * order.
 *
 * @param datasets the datasets pushed
 * @param backend  where they were pushed, as people call it: {@code Langfuse} or {@code LangSmith}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DatasetPushReport(List<Entry> datasets, String backend) {

    public DatasetPushReport {
        datasets = List.copyOf(datasets);
        Objects.requireNonNull(backend, "backend");
    }

    /** A push to Langfuse. */
    public DatasetPushReport(List<Entry> datasets) {
        this(datasets, "Langfuse");
    }

    /**
     * @param dataset        the dataset's name, locally and in the backend
     * @param datasetCreated whether the backend's dataset was created by this push
     * @param created        items the backend did not have
     * @param updated        items whose input, expected output or metadata differed, overwritten
     * @param unchanged      items the backend already had as they are, not sent
     * @param onlyInBackend  ids of (active) items of the backend's dataset that are not in the local files (left alone)
     */
    public record Entry(String dataset, boolean datasetCreated, int created, int updated, int unchanged,
            List<String> onlyInBackend) {

        public Entry {
            onlyInBackend = List.copyOf(onlyInBackend);
        }

        /** Whether this push changed nothing in the backend for this dataset. */
        public boolean changedNothing() {
            return !datasetCreated && created == 0 && updated == 0;
        }

        /** One line for people, for a push to Langfuse. */
        public String describe() {
            return describe("Langfuse");
        }

        /** One line for people. */
        public String describe(String backend) {
            int items = created + updated + unchanged;
            String line = dataset + ": " + (datasetCreated ? "dataset created, " : "")
                    + (changedNothing() ? "unchanged (" + items + " items)"
                            : items + " items: " + created + " created, " + updated + " updated, " + unchanged
                                    + " unchanged");
            return onlyInBackend.isEmpty() ? line
                    : line + "; " + onlyInBackend.size() + " items only in " + backend + ", left as they are: "
                            + String.join(", ", onlyInBackend);
        }
    }

    /** Whether the backend was left as it was. */
    public boolean changedNothing() {
        return datasets.stream().allMatch(Entry::changedNothing);
    }

    /** The report as lines for the console. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        datasets.forEach(entry -> lines.add(entry.describe(backend)));
        lines.add(changedNothing() ? "Nothing to push: " + backend + " already has these " + datasets.size()
                + " datasets." : "Pushed " + datasets.size() + " datasets to " + backend + ".");
        return lines;
    }
}

package dev.junitprompt.backend;

import java.time.Instant;
import java.util.List;

import dev.junitprompt.api.DatasetItem;

/**
 * One run of one experiment, as the sinks record it.
 *
 * @param experiment    the experiment's name
 * @param runId         this run's id, unique per experiment (a UTC timestamp)
 * @param testClass     the test class's name
 * @param dataset       the dataset's name
 * @param datasetSource where the dataset came from: {@code local} or {@code langfuse}
 * @param items         the dataset's items selected for this run, in order
 * @param target        the target's name ({@code langfuse:name#3} for a Langfuse prompt), or
 *                      {@code Class#method} for a task method
 * @param startedAt     when the run started
 */
public record RunInfo(String experiment, String runId, String testClass, String dataset, String datasetSource,
        List<DatasetItem> items, String target, Instant startedAt) {

    public RunInfo {
        items = List.copyOf(items);
    }

    /** A run without the details only remote sinks need, as tests of local sinks write it. */
    public RunInfo(String experiment, String runId, String testClass, String dataset, String target,
            Instant startedAt) {
        this(experiment, runId, testClass, dataset, "local", List.of(), target, startedAt);
    }
}

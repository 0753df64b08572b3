package dev.junitprompt.backend;

import java.time.Instant;

/**
 * One run of one experiment, as the sinks record it.
 *
 * @param experiment the experiment's name
 * @param runId      this run's id, unique per experiment (a UTC timestamp)
 * @param testClass  the test class's name
 * @param dataset    the dataset's name
 * @param target     the target's name, or {@code Class#method} for a task method
 * @param startedAt  when the run started
 */
public record RunInfo(String experiment, String runId, String testClass, String dataset, String target,
        Instant startedAt) {
}

package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junitprompt.engine.fixtures.StoppedExperiments;

/** A run stopped from outside (SIGTERM: Ctrl-C, a CI timeout) still leaves report.md for what completed. */
class StopTest {

    @TempDir
    Path work;

    /** Runs {@link StoppedExperiments} in a JVM of its own and stops it once two items are recorded. */
    private Path runAndStop(boolean kill) throws Exception {
        Path results = work.resolve("results");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoppedExperiments.class.getName(), results.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            // The second item's line is printed once it is recorded; the third never ends.
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.contains("case-002")) {
                    break;
                }
            }
            if (kill) {
                // Killed once the item is in the record (its console line comes first), watched, not waited for.
                awaitRecorded(results.resolve("slow"), "case-002");
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the JVM ends when stopped").isTrue();
        } finally {
            process.destroyForcibly();
        }
        try (Stream<Path> runs = Files.list(results.resolve("slow"))) {
            return runs.filter(path -> !path.getFileName().toString().startsWith("latest")).findFirst().orElseThrow();
        }
    }

    /** Returns once the run record under {@code experiment} holds {@code item}; at most 30 s. */
    private static void awaitRecorded(Path experiment, String item) throws Exception {
        Path run;
        try (Stream<Path> runs = Files.list(experiment)) {
            run = runs.filter(path -> !path.getFileName().toString().startsWith("latest")).findFirst().orElseThrow();
        }
        Path record = run.resolve("results.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (java.nio.file.WatchService watch = run.getFileSystem().newWatchService()) {
            run.register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY,
                    java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            while (!Files.readString(record).contains("\"item\":\"" + item + "\"")) {
                java.nio.file.WatchKey key = watch.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(key).as(item + " recorded in " + record).isNotNull();
                key.pollEvents();
                key.reset();
            }
        }
    }

    /** Runs {@link StoppedExperiments} in this JVM (where it does not hang), resuming {@code run}. */
    private org.junit.platform.testkit.engine.EngineExecutionResults resume(String run) {
        return org.junit.platform.testkit.engine.EngineTestKit.engine(new PromptExperimentTestEngine())
                .configurationParameter("prompt.experiment.datasets.dir", "src/test/resources/engine/datasets")
                .configurationParameter("prompt.experiment.results.dir", work.resolve("results").toString())
                .configurationParameter("prompt.experiment.cache.mode", "off")
                .configurationParameter("prompt.experiment.resume", run)
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod(
                        StoppedExperiments.class, "slow", "dev.junitprompt.api.DatasetItem"))
                .execute();
    }

    @Test
    void aRunKilledMidWayIsResumedWithoutRunningWhatItCompletedAgain() throws Exception {
        Path run = runAndStop(true);
        assertThat(run.resolve("report.md")).as("a killed JVM writes nothing at the end").doesNotExist();
        StoppedExperiments.RAN.clear();

        org.junit.platform.testkit.engine.EngineExecutionResults results = resume("latest");

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        assertThat(StoppedExperiments.RAN).containsExactly("case-003");
        // The same run, in its folder, now whole.
        try (Stream<Path> runs = Files.list(work.resolve("results/slow"))) {
            assertThat(runs.filter(path -> !path.getFileName().toString().startsWith("latest"))).containsExactly(run);
        }
        dev.junitprompt.results.RunRecord record = dev.junitprompt.results.RunRecord.read(run.resolve("results.jsonl"));
        assertThat(record.run().runId()).isEqualTo(run.getFileName().toString());
        assertThat(record.results()).extracting(result -> result.item().id())
                .containsExactly("case-001", "case-002", "case-003");
        assertThat(record.summary()).hasValueSatisfying(summary -> assertThat(summary.notes()).anySatisfy(note ->
                assertThat(note).isEqualTo("prompt.experiment.resume: resumed run " + run.getFileName() + "; 2 of its 3 "
                        + "item runs were complete and were not run again")));
        assertThat(Files.readString(run.resolve("report.md"))).contains("case-003");
    }

    @Test
    void aResumeOfARunThatIsNotThereSaysSoAndRunsNothing() {
        org.junit.platform.testkit.engine.EngineExecutionResults results = resume("20260101T000000Z");

        results.allEvents().assertThatEvents().anySatisfy(event -> assertThat(event.getPayload(
                org.junit.platform.engine.TestExecutionResult.class).flatMap(
                        org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::getMessage)
                .orElse("")).startsWith("prompt.experiment.resume names run '20260101T000000Z', but "));
    }

    @Test
    void aRunStoppedBySigtermWritesItsReportForTheItemsItCompleted() throws Exception {
        Path run = runAndStop(false);
        String report = Files.readString(run.resolve("report.md"));
        assertThat(report).contains("case-001", "case-002", "the run was stopped (the JVM shut down) after 2 item "
                + "runs").doesNotContain("case-003");
    }
}

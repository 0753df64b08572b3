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

    @Test
    void aRunStoppedBySigtermWritesItsReportForTheItemsItCompleted() throws Exception {
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
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the JVM ends after SIGTERM").isTrue();
        } finally {
            process.destroyForcibly();
        }

        Path run;
        try (Stream<Path> runs = Files.list(results.resolve("slow"))) {
            run = runs.filter(path -> !path.getFileName().toString().startsWith("latest")).findFirst().orElseThrow();
        }
        String report = Files.readString(run.resolve("report.md"));
        assertThat(report).contains("case-001", "case-002", "the run was stopped (the JVM shut down) after 2 item "
                + "runs").doesNotContain("case-003");
    }
}

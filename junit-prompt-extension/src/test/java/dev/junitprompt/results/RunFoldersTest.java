package dev.junitprompt.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFoldersTest {

    @TempDir
    Path results;

    private Path record(String experiment, String run) throws Exception {
        Path folder = Files.createDirectories(RunFolders.experiment(results, experiment).resolve(run));
        return Files.writeString(folder.resolve(RunRecord.FILE_NAME), "{}\n");
    }

    @Test
    void anExperimentsFolderIsItsNameWithFileSafeCharacters() {
        assertThat(RunFolders.experiment(results, "prep/generate: v2")).isEqualTo(results.resolve("prep_generate__v2"));
    }

    @Test
    void theLastRecordIsTheOneLatestPointsAt() throws Exception {
        record("greet", "r1");
        Path linked = record("greet", "r0");
        Files.createSymbolicLink(results.resolve("greet").resolve(RunFolders.LATEST), Path.of("r0"));

        assertThat(RunFolders.lastRecord(results, "greet"))
                .contains(results.resolve("greet").resolve(RunFolders.LATEST).resolve(RunRecord.FILE_NAME));
        assertThat(RunFolders.lastRecord(results, "greet").orElseThrow().toRealPath()).isEqualTo(linked.toRealPath());
    }

    @Test
    void whereLinksCannotBeMadeLatestTxtNamesIt() throws Exception {
        record("greet", "r1");
        Path named = record("greet", "r0");
        Files.writeString(results.resolve("greet").resolve(RunFolders.LATEST_FILE), "r0\n");

        assertThat(RunFolders.lastRecord(results, "greet")).contains(named);
    }

    @Test
    void withoutEitherTheNewestRunFolderWithARecordIsTheLast() throws Exception {
        record("greet", "20250101T100000Z");
        Path newest = record("greet", "20250102T100000Z");
        Files.createDirectories(results.resolve("greet").resolve("20250103T100000Z"));

        assertThat(RunFolders.lastRecord(results, "greet")).contains(newest);
        assertThat(RunFolders.lastRecord(results, "never")).isEmpty();
    }
}

package dev.junitprompt.dataset;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a dataset folder should never hold, each refused with a message naming the file and what is wrong. */
class HostileDatasetTest {

    @TempDir
    Path work;

    private Path datasets() throws IOException {
        return Files.createDirectories(work.resolve("datasets"));
    }

    private Path write(String dataset, String file, byte[] bytes) throws IOException {
        Path path = datasets().resolve(dataset).resolve(file);
        Files.createDirectories(path.getParent());
        return Files.write(path, bytes);
    }

    @Test
    void jsonNestedPastTheParsersLimitNamesTheFile() throws IOException {
        write("deep", "test_cases.json", ("[".repeat(1100) + "]".repeat(1100)).getBytes());

        assertThatThrownBy(() -> new LocalDatasetSource(datasets()).load("deep")).isInstanceOf(DatasetException.class)
                .hasMessageContaining("deep/test_cases.json: malformed JSON: ").hasMessageContaining("nesting depth");
    }

    @Test
    void aFileThatIsNotUtf8SaysSo() throws IOException {
        write("latin", "test_cases.json", new byte[] {'[', '"', (byte) 0xE9, '"', ']'});

        assertThatThrownBy(() -> new LocalDatasetSource(datasets()).load("latin")).isInstanceOf(DatasetException.class)
                .hasMessageContaining("latin/test_cases.json").hasMessageContaining("it is not UTF-8 text; save it as UTF-8");
    }

    @Test
    void aNameThatLeadsOutOfTheDatasetsFolderIsRefused() throws IOException {
        Path outside = Files.createDirectories(work.resolve("outside"));
        Files.writeString(outside.resolve("test_cases.json"), "[]");
        Files.createDirectories(datasets());
        Files.createSymbolicLink(datasets().resolve("linked"), outside);

        for (String name : new String[] {"../outside", outside.toString(), "linked"}) {
            assertThatThrownBy(() -> new LocalDatasetSource(datasets()).load(name)).isInstanceOf(DatasetException.class)
                    .hasMessageContaining("The dataset '" + name + "' is not a folder of")
                    .hasMessageContaining("no absolute paths, no '..', no links to elsewhere");
        }
    }
}

package dev.junitprompt.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apiguardian.api.API;

/** Reading the project's datasets/ and targets/ folders; shared by their loaders. Not API. */
@API(status = API.Status.INTERNAL)
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /** A text file as UTF-8, without the byte-order mark some Windows editors write (JSON parsers reject it). */
    public static String read(Path file) throws IOException {
        String text = Files.readString(file);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Names of the folders directly inside {@code directory}, sorted; empty when it does not exist. */
    public static List<String> subfolderNames(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}

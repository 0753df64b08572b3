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
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.charset.MalformedInputException e) {
            // The JDK says only "Input length = 1".
            throw new IOException("it is not UTF-8 text; save it as UTF-8", e);
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * Where a parser stopped, {@code " at line 3, column 41"} ({@code lineOffset} added to the line, for JSONL), or
     * nothing when the parser said no place: a document nested too deep fails without one.
     */
    public static String position(com.fasterxml.jackson.core.JsonProcessingException e, int lineOffset) {
        com.fasterxml.jackson.core.JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + (location.getLineNr() + lineOffset) + ", column " + location.getColumnNr();
    }

    /**
     * {@code name} resolved inside {@code directory}: a dataset or target name is a folder of it, never a way out of
     * it (an absolute path, {@code ..}, or a link to elsewhere).
     *
     * @param what {@code dataset}, {@code target}, for the message
     * @throws IllegalArgumentException naming the name, the folder and what to do
     */
    public static Path inside(Path directory, String name, String what) {
        Path resolved = directory.resolve(name).normalize();
        Path root = directory.toAbsolutePath().normalize();
        boolean upward = false;
        for (Path segment : Path.of(name)) {
            upward |= segment.toString().equals("..");
        }
        boolean inside = !Path.of(name).isAbsolute() && !upward
                && resolved.toAbsolutePath().normalize().startsWith(root);
        if (inside && Files.exists(resolved)) {
            try {
                Path real = resolved.toRealPath();
                inside = real.startsWith(Files.isDirectory(root) ? root.toRealPath() : root);
            } catch (IOException e) {
                inside = false;
            }
        }
        if (!inside) {
            throw new IllegalArgumentException("The " + what + " '" + name + "' is not a folder of " + root
                    + ": names are folders inside it (no absolute paths, no '..', no links to elsewhere)");
        }
        return resolved;
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

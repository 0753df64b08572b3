package dev.junitprompt.sync;

import java.nio.file.Path;
import java.util.List;

import org.apiguardian.api.API;

/**
 * What {@link LangfuseSync#pullPrompt} wrote.
 *
 * @param prompt  the prompt's name, also the target's
 * @param version the version pulled
 * @param labels  its labels in Langfuse
 * @param written the files written, the template first, then {@code .metadata.yaml}
 * @param removed a template file of the other kind (text versus chat) that was deleted, else empty
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PromptPullReport(String prompt, int version, List<String> labels, List<Path> written,
        List<Path> removed) {

    public PromptPullReport {
        labels = List.copyOf(labels);
        written = List.copyOf(written);
        removed = List.copyOf(removed);
    }

    /** One line for people. */
    public String describe() {
        return prompt + ": wrote version " + version + " (labels: " + String.join(", ", labels) + ") to "
                + String.join(", ", written.stream().map(Path::toString).toList())
                + (removed.isEmpty() ? "" : "; removed " + String.join(", ", removed.stream().map(Path::toString)
                        .toList()));
    }
}

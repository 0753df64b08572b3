package dev.junitprompt.sync;

import java.util.List;

import org.apiguardian.api.API;

/**
 * What {@link LangfuseSync#promote} did.
 *
 * @param prompt          the prompt's name
 * @param version         the version that now has the label
 * @param label           the label, e.g. {@code production}
 * @param previousVersion the version that had the label before, 0 when none had it
 * @param labels          the labels of {@code version} afterwards
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PromotionReport(String prompt, int version, String label, int previousVersion, List<String> labels) {

    public PromotionReport {
        labels = List.copyOf(labels);
    }

    /** Whether the label was already on that version, so nothing was sent. */
    public boolean changedNothing() {
        return previousVersion == version;
    }

    /** One line for people. */
    public String describe() {
        if (changedNothing()) {
            return prompt + ": version " + version + " already has label " + label + "; nothing changed";
        }
        return prompt + ": label " + label + (previousVersion == 0 ? " set on version " + version
                : " moved from version " + previousVersion + " to version " + version)
                + " (labels: " + String.join(", ", labels) + ")";
    }
}

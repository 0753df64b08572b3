package dev.junitprompt.sync;

import java.util.ArrayList;
import java.util.List;

import org.apiguardian.api.API;

/**
 * What {@link LangfuseSync#pushPrompts} did, one entry per target in name order.
 *
 * @param prompts the targets pushed
 * @param skipped folders of the targets directory that hold no {@code prompt.txt} or {@code prompt.json}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PromptPushReport(List<Entry> prompts, List<String> skipped) {

    public PromptPushReport {
        prompts = List.copyOf(prompts);
        skipped = List.copyOf(skipped);
    }

    /** What happened to one prompt. */
    public enum Outcome {
        /** The prompt did not exist in Langfuse: version 1 was created. */
        CREATED,
        /** The content or config changed: a new version was created. */
        NEW_VERSION,
        /** Same content as the latest version, which was given the missing labels. */
        LABELLED,
        /** Same content as the latest version, which already had the labels: no request was made. */
        UNCHANGED
    }

    /**
     * @param prompt          the prompt's name (the target's)
     * @param outcome         what happened
     * @param version         the version that now holds the content
     * @param previousVersion the latest version before the push, 0 when there was none
     * @param labels          the labels of {@code version} after the push
     */
    public record Entry(String prompt, Outcome outcome, int version, int previousVersion, List<String> labels) {

        public Entry {
            labels = List.copyOf(labels);
        }

        /** One line for people. */
        public String describe() {
            String labelled = " (labels: " + String.join(", ", labels) + ")";
            return switch (outcome) {
                case CREATED -> prompt + ": created version " + version + labelled;
                case NEW_VERSION -> prompt + ": created version " + version + labelled + ", content differs from "
                        + "version " + previousVersion;
                case LABELLED -> prompt + ": unchanged at version " + version + ", labels added" + labelled;
                case UNCHANGED -> prompt + ": unchanged at version " + version + labelled;
            };
        }
    }

    /** Whether Langfuse was left as it was. */
    public boolean changedNothing() {
        return prompts.stream().allMatch(entry -> entry.outcome() == Outcome.UNCHANGED);
    }

    /** The report as lines for the console. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        prompts.forEach(entry -> lines.add(entry.describe()));
        skipped.forEach(folder -> lines.add("skipped " + folder + ": no prompt.txt or prompt.json"));
        long changed = prompts.stream().filter(entry -> entry.outcome() != Outcome.UNCHANGED).count();
        lines.add(changedNothing() ? "Nothing to push: Langfuse already has these " + prompts.size() + " prompts."
                : "Pushed " + prompts.size() + " prompts: " + changed + " changed, " + (prompts.size() - changed)
                        + " unchanged.");
        return lines;
    }
}

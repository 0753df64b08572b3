package dev.junitprompt.api;

import org.apiguardian.api.API;

/**
 * An evaluator that weighs an output against another (a pairwise judge) found no other output for the item: the run
 * has no baseline with the item, and is no variant held against a reference variant that ran it. The engine errors
 * the item with this message; in the reference variant of an experiment with several targets it leaves the score
 * out instead, since the reference is what the other variants are weighed against.
 *
 * <pre>{@code
 * String other = context.baselineOutput().orElseThrow(() -> new MissingBaselineOutputException(context.item(), name()));
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MissingBaselineOutputException extends RuntimeException {

    private final String itemId;
    private final String evaluator;

    /** The evaluator {@code evaluator} had no other output for {@code item} to weigh its output against. */
    public MissingBaselineOutputException(DatasetItem item, String evaluator) {
        super("The pairwise judge '" + evaluator + "' compares with the baseline's output for item '" + item.id()
                + "' (in a variant, the reference variant's), and there is none: commit a baseline ("
                + Constants.BASELINE_UPDATE + "=true), compare with the last run (" + Constants.BASELINE
                + "=last), or name several targets so the first is the reference");
        this.itemId = item.id();
        this.evaluator = evaluator;
    }

    public String itemId() {
        return itemId;
    }

    /** The evaluator's name. */
    public String evaluator() {
        return evaluator;
    }
}

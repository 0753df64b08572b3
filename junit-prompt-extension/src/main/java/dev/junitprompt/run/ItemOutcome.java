package dev.junitprompt.run;

import org.apiguardian.api.API;

import dev.junitprompt.internal.Secrets;
import dev.junitprompt.results.ItemResult;

/**
 * An item run's result, and the exception when the target, an evaluator or the check threw (the item
 * then errors rather than fails).
 *
 * @param result  what the run recorded
 * @param error   what was thrown, or null
 * @param skipped why the run did not happen (its item's verdict was clear without it), empty when it ran
 * @param resumed whether the result is an earlier run's, which this one resumes: it was not run again
 */
@API(status = API.Status.INTERNAL)
public record ItemOutcome(ItemResult result, Throwable error, String skipped, boolean resumed) {

    public ItemOutcome(ItemResult result, Throwable error) {
        this(result, error, "", false);
    }

    static ItemOutcome resumed(ItemResult result) {
        return new ItemOutcome(result, null, "", true);
    }

    /** The same outcome with {@code result} in place of its result (its compact form, once recorded). */
    ItemOutcome withResult(ItemResult result) {
        return new ItemOutcome(result, error, skipped, resumed);
    }

    /** Whether the run was left out: its item's verdict was clear before it. */
    public boolean wasSkipped() {
        return !skipped.isEmpty();
    }

    /**
     * This outcome with the secrets taken out of what it says — the error, the failures, the output, the evaluations'
     * problems and the exception — before it is recorded, reported or shown (see {@link Secrets}).
     */
    ItemOutcome redacted(Secrets secrets) {
        if (secrets.isEmpty()) {
            // No credential in the environment (a replayed CI run): nothing to look for in every result.
            return this;
        }
        Throwable cleanError = secrets.redact(error);
        // Every text of the result, wherever a key got into it: the output, a judge's comment, the trace's messages.
        ItemResult clean = result.rewritten(secrets::redact);
        return cleanError == error && clean == result ? this : new ItemOutcome(clean, cleanError, skipped, resumed);
    }

    static ItemOutcome skipped(ScheduledRun run, String why) {
        return new ItemOutcome(ItemResult.builder(run.item()).repetition(run.repetition()).build(), null, why, false);
    }

    static ItemOutcome errored(ScheduledRun run, String what, Throwable cause) {
        return new ItemOutcome(ItemResult.builder(run.item()).repetition(run.repetition())
                .error("Item '" + run.item().id() + "' " + what).build(), cause);
    }
}

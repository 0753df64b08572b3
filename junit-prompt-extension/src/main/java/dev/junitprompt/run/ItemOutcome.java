package dev.junitprompt.run;

import org.apiguardian.api.API;

import dev.junitprompt.internal.Secrets;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.Trace;

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
        ItemResult r = result;
        Trace trace = r.trace();
        Throwable cleanError = secrets.redact(error);
        boolean leaks = secrets.appearsIn(r.output()) || secrets.appearsIn(r.error())
                || r.failures().stream().anyMatch(failure -> secrets.appearsIn(failure.message()))
                || trace.evaluations().stream().anyMatch(evaluation -> secrets.appearsIn(evaluation.error()));
        if (!leaks) {
            // The common case, kept as it is: no copy of every item's result.
            return cleanError == error ? this : new ItemOutcome(r, cleanError, skipped, resumed);
        }
        Trace cleanTrace = new Trace(trace.start(), trace.end(), trace.calls(), trace.evaluations().stream()
                .map(e -> new Trace.Evaluation(e.evaluator(), e.score(), secrets.redact(e.error()), e.start(), e.end(),
                        e.calls()))
                .toList());
        ItemResult clean = new ItemResult(r.item(), r.repetition(), r.prompt(), secrets.redact(r.output()), r.scores(),
                r.failures().stream().map(f -> new ItemResult.Failure(f.evaluator(), f.score(), f.threshold(),
                        secrets.redact(f.message()))).toList(),
                secrets.redact(r.error()), r.latency(), r.usage(), r.model(), r.cost(), cleanTrace);
        return new ItemOutcome(clean, cleanError, skipped, resumed);
    }

    static ItemOutcome skipped(ScheduledRun run, String why) {
        return new ItemOutcome(ItemResult.builder(run.item()).repetition(run.repetition()).build(), null, why, false);
    }

    static ItemOutcome errored(ScheduledRun run, String what, Throwable cause) {
        return new ItemOutcome(ItemResult.builder(run.item()).repetition(run.repetition())
                .error("Item '" + run.item().id() + "' " + what).build(), cause);
    }
}

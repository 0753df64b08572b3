package dev.junitprompt.run;

import org.apiguardian.api.API;

import dev.junitprompt.results.ItemResult;

/**
 * An item run's result, and the exception when the target, an evaluator or the check threw (the item
 * then errors rather than fails).
 *
 * @param result what the run recorded
 * @param error  what was thrown, or null
 */
@API(status = API.Status.INTERNAL)
public record ItemOutcome(ItemResult result, Throwable error) {

    static ItemOutcome errored(ScheduledRun run, String what, Throwable cause) {
        return new ItemOutcome(ItemResult.builder(run.item()).repetition(run.repetition())
                .error("Item '" + run.item().id() + "' " + what).build(), cause);
    }
}

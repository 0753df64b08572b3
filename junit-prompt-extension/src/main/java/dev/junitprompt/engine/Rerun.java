package dev.junitprompt.engine;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import dev.junitprompt.api.Constants;
import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.RunRecord;

/**
 * {@code prompt.experiment.rerun=failed} for one experiment: the items that did not pass (failed, errored or
 * inconclusive) in its last run recorded under the results folder (the run {@code baseline=last} would compare
 * with), and what to say about it. No items means
 * all run: there was no such run, it could not be read, or everything in it passed — and the note says which.
 *
 * @param items the ids to run, empty for all
 * @param note  what the run's notes say about the selection, empty when none was asked for
 */
record Rerun(Set<String> items, String note) {

    static final Rerun ALL = new Rerun(Set.of(), "");

    private static final int NAMED = 10;

    static Rerun of(EngineConfig config, String experiment) {
        if (!config.rerunFailed()) {
            return ALL;
        }
        String asked = Constants.RERUN + "=failed: ";
        Optional<Path> last;
        RunRecord record;
        try {
            last = Baselines.lastRecord(config.resultsDir(), experiment);
            if (last.isEmpty()) {
                return new Rerun(Set.of(), asked + "no earlier run of " + experiment + " in " + config.resultsDir()
                        + ", so every item ran");
            }
            record = RunRecord.read(last.get());
        } catch (RuntimeException unreadable) {
            return new Rerun(Set.of(), asked + "the last run of " + experiment + " cannot be read ("
                    + unreadable.getMessage() + "), so every item ran");
        }
        Set<String> notPassed = new LinkedHashSet<>();
        record.summary().ifPresentOrElse(
                summary -> summary.decisions().forEach((id, decision) -> {
                    if (decision != PassRule.Decision.PASSED) {
                        notPassed.add(id);
                    }
                }),
                // A run that ended before its summary: an item with a run that did not pass.
                () -> record.results().stream().filter(result -> result.status() != ItemResult.Status.PASSED)
                        .forEach(result -> notPassed.add(result.item().id())));
        String run = "run " + record.run().runId();
        if (notPassed.isEmpty()) {
            return new Rerun(Set.of(), asked + "every item passed in the last " + run + ", so every item ran");
        }
        return new Rerun(Set.copyOf(notPassed), asked + "only the " + notPassed.size() + " items that did not pass"
                + " in the last " + run + " ran: " + String.join(", ", notPassed.stream().limit(NAMED).toList())
                + (notPassed.size() > NAMED ? " …" : ""));
    }
}

package dev.junitprompt.run;

import java.util.Optional;

import dev.junitprompt.api.DatasetItem;

/**
 * Where a pairwise judge's other output for an item comes from: the reference variant's run of it (waited for, as
 * the variants run side by side) or the baseline's.
 */
@FunctionalInterface
interface PairedOutputs {

    /** Nothing to weigh against. */
    PairedOutputs NONE = item -> Optional.empty();

    /** The other output for {@code item}; empty when there is none. */
    Optional<String> of(DatasetItem item);
}

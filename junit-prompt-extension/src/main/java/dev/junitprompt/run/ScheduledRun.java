package dev.junitprompt.run;

import org.apiguardian.api.API;

import dev.junitprompt.api.DatasetItem;

/**
 * One run of an item to schedule.
 *
 * @param item       the item
 * @param repetition which run of it, from 1
 */
@API(status = API.Status.INTERNAL)
public record ScheduledRun(DatasetItem item, int repetition) {
}

package dev.junitprompt.run;

import org.apiguardian.api.API;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.PromptResult;

/** Extra checks on each output (the experiment method's own assertions); an {@link AssertionError} fails the item. */
@API(status = API.Status.INTERNAL)
public interface Check {

    /** Names the check in failures: {@code prepGenerate()}. */
    String name();

    void check(DatasetItem item, PromptResult result) throws Throwable;
}

package dev.junitprompt.api;

import org.apiguardian.api.API;

/**
 * An evaluator needed the expected output of an item that has none. The engine reports it as a failure
 * of that evaluator on that item, with this message.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class MissingExpectedOutputException extends RuntimeException {

    private final String itemId;

    MissingExpectedOutputException(DatasetItem item) {
        super("Item '" + item.id() + "' has no expected output (add it under \"" + item.id()
                + "\" in the expected outputs of dataset '" + item.dataset()
                + "'), but this evaluator compares against one");
        this.itemId = item.id();
    }

    public String itemId() {
        return itemId;
    }
}

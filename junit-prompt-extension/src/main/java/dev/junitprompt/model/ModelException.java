package dev.junitprompt.model;

import org.apiguardian.api.API;

/** A model cannot be built or called; the message says which setting or variable to fix. */
@API(status = API.Status.INTERNAL)
public final class ModelException extends RuntimeException {

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.junitprompt.target;

import org.apiguardian.api.API;

/** A target is missing or malformed, or cannot be rendered for an item; the message says what to fix. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TargetException extends RuntimeException {

    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}

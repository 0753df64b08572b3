package dev.junitprompt.target;

/** A target is missing or malformed, or cannot be rendered for an item; the message says what to fix. */
public final class TargetException extends RuntimeException {

    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}

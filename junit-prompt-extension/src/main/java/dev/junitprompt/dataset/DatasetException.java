package dev.junitprompt.dataset;

/** A dataset could not be loaded; the message names the file, item or field and what to do. */
public final class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}

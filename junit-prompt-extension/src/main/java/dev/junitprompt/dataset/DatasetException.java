package dev.junitprompt.dataset;

import org.apiguardian.api.API;

/** A dataset could not be loaded; the message names the file, item or field and what to do. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}

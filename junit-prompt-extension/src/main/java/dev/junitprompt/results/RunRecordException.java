package dev.junitprompt.results;

import org.apiguardian.api.API;

/** A run record that cannot be read: the message names the file, the line and the field. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RunRecordException extends RuntimeException {

    public RunRecordException(String message) {
        super(message);
    }

    public RunRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}

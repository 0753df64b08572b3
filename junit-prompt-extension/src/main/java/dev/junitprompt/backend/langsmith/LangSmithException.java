package dev.junitprompt.backend.langsmith;

import org.apiguardian.api.API;

/**
 * LangSmith refused a request, could not be reached, or answered something unreadable. The message says what to fix
 * (the API key, the endpoint, a dataset or experiment name) and never carries the API key.
 */
@API(status = API.Status.INTERNAL)
public final class LangSmithException extends RuntimeException {

    private final int status;

    LangSmithException(String message) {
        this(message, -1, null);
    }

    LangSmithException(String message, int status) {
        this(message, status, null);
    }

    LangSmithException(String message, Throwable cause) {
        this(message, -1, cause);
    }

    LangSmithException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status LangSmith answered, or -1 when there was no answer (unreachable, interrupted…). */
    public int status() {
        return status;
    }
}

package dev.junitprompt.sync;

import org.apiguardian.api.API;

/**
 * A sync cannot start or finish because of something on this side: a missing folder, a target or dataset file that is
 * malformed, a template Langfuse's syntax cannot express, a prompt that cannot be written back as a target. The
 * message names the file or prompt and what to fix. Langfuse's own refusals are
 * {@link dev.junitprompt.backend.langfuse.LangfuseException}s.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SyncException extends RuntimeException {

    public SyncException(String message) {
        super(message);
    }

    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}

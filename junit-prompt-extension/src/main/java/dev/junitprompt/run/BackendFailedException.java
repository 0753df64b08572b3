package dev.junitprompt.run;

import org.apiguardian.api.API;

import dev.junitprompt.api.Constants;

/** A backend the run requires ({@code prompt.experiment.backends.required}) failed: the experiment fails. */
@API(status = API.Status.INTERNAL)
public final class BackendFailedException extends RuntimeException {

    BackendFailedException(String backend, String what, Throwable cause) {
        super("Required backend '" + backend + "' " + what + ": " + (cause == null ? "" : cause.getMessage())
                + " (it is listed in " + Constants.BACKENDS_REQUIRED + ")", cause);
    }
}

package dev.junitprompt.target;

import org.apiguardian.api.API;

/**
 * A template that cannot be parsed (the message names the origin, line and column) or cannot be filled
 * because a variable is missing (then {@link #variable()} names it, so callers can add which item lacked
 * it).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TemplateException extends RuntimeException {

    private final String origin;
    private final String variable;

    TemplateException(String origin, String variable, String message) {
        super(message);
        this.origin = origin;
        this.variable = variable;
    }

    /** The file or target the template came from. */
    public String origin() {
        return origin;
    }

    /**
     * The placeholder that could not be filled as written, without braces ({@code candidate.name},
     * {@code items[3]}); {@code null} for a syntax error.
     */
    public String variable() {
        return variable;
    }
}

package dev.junitprompt.eval;

import org.apiguardian.api.API;

/**
 * Scores the share of the given texts that the output does not contain: 1 when it contains none of them.
 *
 * <p>The texts may use placeholders as in {@link Contains}. The comment lists the forbidden texts found.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class NotContains extends TextSearch {

    static final String NAME = "not_contains";

    /** @param texts the texts the output must not contain, at least one */
    public NotContains(String... texts) {
        this(new TextArguments(NAME, texts), false);
    }

    private NotContains(TextArguments texts, boolean ignoreCase) {
        super(NAME, texts, ignoreCase, false, "forbidden text in the output: ", "found");
    }

    /** This evaluator comparing without regard to case. */
    public NotContains ignoringCase() {
        return new NotContains(texts, true);
    }
}

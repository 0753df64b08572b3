package dev.junitprompt.eval;

import org.apiguardian.api.API;

/**
 * Scores the share of the given texts that the output contains: 1 when it contains them all.
 *
 * <p>Each text may use placeholders filled from the item: its inputs ({@code "{job_title}"}) and
 * {@code expected}, the expected output ({@code "{expected.keyword}"}); write literal braces as {@code {{}
 * and {@code }}}. The comment lists the texts that are missing.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Contains extends TextSearch {

    static final String NAME = "contains";

    /** @param texts the texts the output must contain, at least one */
    public Contains(String... texts) {
        this(new TextArguments(NAME, texts), false);
    }

    private Contains(TextArguments texts, boolean ignoreCase) {
        super(NAME, texts, ignoreCase, true, "missing from the output: ", "missing");
    }

    /** This evaluator comparing without regard to case. */
    public Contains ignoringCase() {
        return new Contains(texts, true);
    }
}

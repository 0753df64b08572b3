package dev.junitprompt.eval;

import java.util.List;

import org.apiguardian.api.API;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;

/**
 * Passes when the output equals the item's expected output, ignoring leading and trailing whitespace.
 *
 * <p>An expected output that is not a JSON string is compared as its compact JSON text; to compare JSON
 * outputs field by field use {@link JsonMatchesExpected}. The only argument is the optional
 * {@code ignore_case}.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class ExactMatch implements Evaluator {

    static final String NAME = "exact_match";
    private static final String IGNORE_CASE = "ignore_case";

    private final boolean ignoreCase;

    /** @param args nothing, or {@code "ignore_case"} */
    public ExactMatch(String... args) {
        this(!Option.flags(NAME, args, List.of(IGNORE_CASE)).isEmpty());
    }

    private ExactMatch(boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
    }

    /** This evaluator comparing without regard to case. */
    public ExactMatch ignoringCase() {
        return new ExactMatch(true);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Score evaluate(PromptResult result) {
        String expected = result.expectedText().strip();
        String actual = result.output().strip();
        boolean equal = ignoreCase ? expected.equalsIgnoreCase(actual) : expected.equals(actual);
        Score score = Score.of(NAME, equal);
        return equal ? score : score.withComment("expected: " + expected + "\nactual:   " + actual);
    }

    @Override
    public String toString() {
        return NAME + (ignoreCase ? " ignoring case" : "");
    }
}

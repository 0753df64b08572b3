package dev.junitprompt.eval;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.apiguardian.api.API;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;

/**
 * Passes when the pattern (a {@link Pattern Java regular expression}) is found somewhere in the output.
 * {@code ^} and {@code $} match at the ends of the whole output unless the pattern starts with
 * {@code (?m)}; {@code (?i)} ignores case.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Regex implements Evaluator {

    static final String NAME = "regex";

    private final Pattern pattern;

    /** @param args exactly one argument: the pattern */
    public Regex(String... args) {
        this.pattern = compile(Option.single(NAME, args, "the pattern"));
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Evaluator '" + NAME + "' got an invalid pattern '" + regex + "': "
                    + e.getDescription() + " near index " + e.getIndex(), e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Score evaluate(PromptResult result) {
        boolean found = pattern.matcher(result.output()).find();
        Score score = Score.of(NAME, found);
        return found ? score : score.withComment("no match for /" + pattern + "/ in the output");
    }

    @Override
    public String toString() {
        return NAME + " /" + pattern + "/";
    }
}

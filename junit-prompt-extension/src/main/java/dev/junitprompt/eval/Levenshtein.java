package dev.junitprompt.eval;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apiguardian.api.API;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;

/**
 * Scores how close the output is to the item's expected output by edit distance: {@code 1 - d / n}, where
 * {@code d} is the Levenshtein distance (the fewest insertions, deletions and substitutions of one character that
 * turn one text into the other) and {@code n} the length of the longer text. Identical texts score 1, and so do two
 * empty ones; an empty text against one that is not scores 0.
 *
 * <p>As {@link ExactMatch} does, it ignores leading and trailing whitespace and compares an expected output that is
 * not a JSON string as its compact JSON text. Characters are Unicode code points. Arguments: {@code ignore_case},
 * and {@code ignore_whitespace}, under which every run of whitespace counts as one space. The comment gives the
 * distance, the score's {@code distance} metadata too. Time grows with the product of the lengths (two texts of 10,000
 * characters take about a quarter of a second), memory with the shorter one.
 *
 * <pre>{@code
 * @Evaluate(value = Levenshtein.class, args = "ignore_case", min = 0.9)
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Levenshtein implements Evaluator {

    static final String NAME = "levenshtein";
    private static final String IGNORE_CASE = "ignore_case";
    private static final String IGNORE_WHITESPACE = "ignore_whitespace";

    private final boolean ignoreCase;
    private final boolean ignoreWhitespace;

    /** @param args nothing, {@code "ignore_case"} and/or {@code "ignore_whitespace"} */
    public Levenshtein(String... args) {
        this(Option.flags(NAME, args, List.of(IGNORE_CASE, IGNORE_WHITESPACE)));
    }

    private Levenshtein(Set<String> flags) {
        this(flags.contains(IGNORE_CASE), flags.contains(IGNORE_WHITESPACE));
    }

    private Levenshtein(boolean ignoreCase, boolean ignoreWhitespace) {
        this.ignoreCase = ignoreCase;
        this.ignoreWhitespace = ignoreWhitespace;
    }

    /** This evaluator comparing without regard to case. */
    public Levenshtein ignoringCase() {
        return new Levenshtein(true, ignoreWhitespace);
    }

    /** This evaluator counting every run of whitespace as one space. */
    public Levenshtein ignoringWhitespace() {
        return new Levenshtein(ignoreCase, true);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Score evaluate(PromptResult result) {
        int[] expected = normalized(result.expectedText());
        int[] actual = normalized(result.output());
        int longer = Math.max(expected.length, actual.length);
        int distance = distance(expected, actual);
        if (distance == 0) {
            return Score.of(NAME, 1.0);
        }
        return Score.of(NAME, 1.0 - distance / (double) longer)
                .withComment("edit distance " + distance + " from the expected output (the longer text has " + longer
                        + " characters)")
                .withMetadata("distance", distance);
    }

    private int[] normalized(String text) {
        String normalized = text.strip();
        if (ignoreWhitespace) {
            normalized = normalized.replaceAll("\\s+", " ");
        }
        if (ignoreCase) {
            normalized = normalized.toLowerCase(Locale.ROOT);
        }
        return normalized.codePoints().toArray();
    }

    /** The Levenshtein distance between two texts of code points: O(n·m) time, O(min(n, m)) memory. */
    static int distance(int[] a, int[] b) {
        int[] longer = a.length >= b.length ? a : b;
        int[] shorter = a.length >= b.length ? b : a;
        int[] previous = new int[shorter.length + 1];
        int[] current = new int[shorter.length + 1];
        for (int j = 0; j <= shorter.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= longer.length; i++) {
            current[0] = i;
            for (int j = 1; j <= shorter.length; j++) {
                int substitution = previous[j - 1] + (longer[i - 1] == shorter[j - 1] ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] row = previous;
            previous = current;
            current = row;
        }
        return previous[shorter.length];
    }

    @Override
    public String toString() {
        return NAME + (ignoreCase ? " ignoring case" : "") + (ignoreWhitespace ? " ignoring whitespace" : "");
    }
}

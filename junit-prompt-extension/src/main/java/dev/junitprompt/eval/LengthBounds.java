package dev.junitprompt.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apiguardian.api.API;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;

/**
 * Passes when the length of the output, without leading and trailing whitespace, is within bounds.
 * Arguments: {@code min=<characters>}, {@code max=<characters>}, {@code min_words=<words>} and
 * {@code max_words=<words>}, at least one of them. Characters are Unicode code points; words are runs of
 * non-whitespace. The comment gives the actual length against the bounds.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class LengthBounds implements Evaluator {

    static final String NAME = "length";
    private static final List<String> KEYS = List.of("min", "max", "min_words", "max_words");

    private final List<Bounds> bounds;

    /** @param args {@code min=…}, {@code max=…}, {@code min_words=…}, {@code max_words=…}; at least one */
    public LengthBounds(String... args) {
        this(parse(args));
    }

    LengthBounds(List<Bounds> bounds) {
        this.bounds = List.copyOf(bounds);
    }

    private static List<Bounds> parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("Evaluator '" + NAME + "' needs bounds: min=<characters>, "
                    + "max=<characters>, min_words=<words> and/or max_words=<words>");
        }
        int[] values = {0, Integer.MAX_VALUE, 0, Integer.MAX_VALUE};
        Set<String> seen = new HashSet<>();
        for (String arg : args) {
            Option option = Option.parse(NAME, arg, KEYS);
            if (!seen.add(option.key())) {
                throw new IllegalArgumentException("Evaluator '" + NAME + "' got '" + option.key()
                        + "' twice; give each bound once");
            }
            String unit = option.key().endsWith("words") ? "words" : "characters";
            values[KEYS.indexOf(option.key())] = option.count(NAME, unit);
        }
        List<Bounds> bounds = new ArrayList<>();
        if (seen.contains("min") || seen.contains("max")) {
            bounds.add(Bounds.of(Unit.CHARACTERS, values[0], values[1]));
        }
        if (seen.contains("min_words") || seen.contains("max_words")) {
            bounds.add(Bounds.of(Unit.WORDS, values[2], values[3]));
        }
        return bounds;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Score evaluate(PromptResult result) {
        String text = result.output().strip();
        boolean within = true;
        List<String> comments = new ArrayList<>(bounds.size());
        for (Bounds bound : bounds) {
            int length = bound.unit().measure(text);
            within &= bound.contains(length);
            comments.add(bound.describe(length));
        }
        return Score.of(NAME, within).withComment(String.join("; ", comments));
    }

    @Override
    public String toString() {
        return NAME + bounds;
    }

    /** What a length is counted in. */
    enum Unit {
        CHARACTERS, WORDS;

        int measure(String text) {
            if (this == CHARACTERS) {
                return text.codePointCount(0, text.length());
            }
            int words = 0;
            boolean inWord = false;
            for (int i = 0; i < text.length(); i++) {
                boolean space = Character.isWhitespace(text.charAt(i));
                if (!space && !inWord) {
                    words++;
                }
                inWord = !space;
            }
            return words;
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Inclusive bounds on one unit; {@code max} is {@link Integer#MAX_VALUE} when unbounded. */
    record Bounds(Unit unit, int min, int max) {

        static Bounds of(Unit unit, int min, int max) {
            if (min < 0 || max < 0) {
                throw new IllegalArgumentException("Evaluator '" + NAME + "' needs bounds of 0 or more " + unit
                        + " but got min " + min + " and max " + max);
            }
            if (max < min) {
                throw new IllegalArgumentException("Evaluator '" + NAME + "' got a minimum of " + min + " " + unit
                        + " above its maximum of " + max);
            }
            return new Bounds(unit, min, max);
        }

        boolean contains(int length) {
            return length >= min && length <= max;
        }

        String describe(int length) {
            String actual = length + " " + unit;
            if (length < min) {
                return actual + ", fewer than the minimum of " + min;
            }
            if (length > max) {
                return actual + ", more than the maximum of " + max;
            }
            return actual + ", within " + this;
        }

        @Override
        public String toString() {
            if (max == Integer.MAX_VALUE) {
                return "at least " + min + " " + unit;
            }
            return (min == 0 ? "at most " + max : min + ".." + max) + " " + unit;
        }
    }
}

package dev.junitprompt.eval;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An evaluator argument of the form {@code key=value}, such as {@code max=500}.
 *
 * @param key   the part before the first '='
 * @param value the part after it, stripped
 */
record Option(String key, String value) {

    /** Reads {@code arg}, failing with a message that lists {@code keys}, the ones the evaluator accepts. */
    static Option parse(String evaluator, String arg, List<String> keys) {
        int equals = arg == null ? -1 : arg.indexOf('=');
        String key = equals < 0 ? null : arg.substring(0, equals).strip();
        if (key == null || !keys.contains(key)) {
            throw new IllegalArgumentException("Evaluator '" + evaluator + "' does not understand the argument '" + arg
                    + "'; it accepts " + keys.stream().map(k -> k + "=...").collect(Collectors.joining(", ")));
        }
        return new Option(key, arg.substring(equals + 1).strip());
    }

    /**
     * Reads arguments that are bare flags such as {@code ignore_case}, failing with a message that names the ones
     * {@code evaluator} accepts.
     */
    static Set<String> flags(String evaluator, String[] args, List<String> flags) {
        Set<String> set = new LinkedHashSet<>();
        for (String arg : args) {
            if (!flags.contains(arg)) {
                throw new IllegalArgumentException("Evaluator '" + evaluator + "' accepts only the argument"
                        + (flags.size() == 1 ? "" : "s") + " " + flags.stream().map(flag -> "'" + flag + "'")
                                .collect(Collectors.joining(", ")) + " but got '" + arg + "'");
            }
            set.add(arg);
        }
        return set;
    }

    /** The one argument of {@code evaluator}; {@code what} says what it is when there is not exactly one. */
    static String single(String evaluator, String[] args, String what) {
        if (args.length != 1) {
            throw new IllegalArgumentException("Evaluator '" + evaluator + "' takes exactly one argument, " + what
                    + ", but got " + args.length + (args.length == 0 ? "" : ": " + String.join(", ", args)));
        }
        return args[0];
    }

    /** Checks that {@code evaluator}, which takes no arguments, got none; {@code hint} may add what to do instead. */
    static void none(String evaluator, String[] args, String hint) {
        if (args.length > 0) {
            throw new IllegalArgumentException("Evaluator '" + evaluator + "' takes no arguments but got: "
                    + String.join(", ", args) + hint);
        }
    }

    /** The value as a count of at least 0. */
    int count(String evaluator, String unit) {
        try {
            int count = Integer.parseInt(value);
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below, together with the negative case
        }
        throw new IllegalArgumentException("Argument '" + key + "=" + value + "' of evaluator '" + evaluator
                + "' must be a whole number of " + unit + ", 0 or more");
    }
}

package dev.junitprompt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.CharacterCodingException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * What the parsers' fuzz tests ({@code *FuzzTest}) share: the runner ({@link #forAll}), inputs — random text, JSON
 * and YAML documents built from a parser's own field names, and valid files mutated at random (cut, spliced, with
 * structural characters, NULs, lone surrogates and invalid UTF-8 put in) — and the contract a parser is held to: it
 * answers, or throws one of its own exceptions whose message names the file (or field) it was given, within a
 * deadline. Never a hang, never a bare {@code NullPointerException}, {@code ClassCastException},
 * {@code IndexOutOfBoundsException} or any other exception that is not the project's.
 *
 * <p>A fuzz test is a plain Jupiter {@code @Test} that hands its property to {@link #forAll}:
 *
 * <pre>{@code
 * @Test
 * void anyRunRecord() {
 *     Fuzz.forAll(Fuzz.texts(List.of(SEED), FIELDS), text -> Fuzz.holdsContract(ORIGIN,
 *             () -> RunRecord.parse(List.of(text.split("\n", -1)), ORIGIN), RunRecordException.class));
 * }
 * }</pre>
 *
 * <p>{@code mvn verify} tries each property {@value #DEFAULT_TRIES} times, the same inputs in every build;
 * {@code -Pfuzz} runs only the fuzz tests, many more times and on new inputs each run. System properties:
 * {@code fuzz.tries} (tries per property), {@code fuzz.baseSeed} (a number, or {@code random}) and
 * {@code fuzz.seed} (replays the one try of that seed a failure named).
 */
public final class Fuzz {

    /** The longest a parser may take on one input; the largest inputs parse in milliseconds. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    /** Tries per property unless {@code -Dfuzz.tries} says otherwise: a few seconds for all fuzz tests. */
    public static final int DEFAULT_TRIES = 300;

    /** The base seed unless {@code -Dfuzz.baseSeed} says otherwise: every build tries the same inputs. */
    private static final String DEFAULT_BASE_SEED = "20261201";

    /** How much of an input a failure shows; the seed gives all of it back. */
    private static final int SHOWN_CHARS = 300;

    /** Pieces that break parsers: JSON and YAML structure, template braces, odd numbers and characters. */
    private static final List<String> TOKENS = List.of("{", "}", "[", "]", "\"", "'", ":", ",", "null", "true", "-1",
            "1e999", "-0", "9223372036854775808", "\\u0000", "\\ud800", "\u0000", "\n", "\r\n", "\t", " ", "{{", "}}",
            "{{#", "{{/", "{{^", "{{{", "{{!", "{}", "{0}", "{a.b}", "{a[0]}", "{a!r}", "{a:>10}", "#", "&a", "*a",
            "!!binary", "!!python/object", "- ", ": ", "? ", "|", ">", "---", "...", "<<: *a", "%YAML 1.2", "\uD800",
            "\uDFFF", "\uFEFF", "𝄞", "é", "\\", "/*", "//", "NaN", "Infinity", "[[[[[[[[", "{\"a\":{\"a\":{\"a\":");

    private Fuzz() {
    }

    /**
     * Holds {@code parse} to the contract: it returns (its answer is handed back), or throws an exception of one of
     * {@code allowed} whose message is not blank and contains {@code mustName} — all within {@link #DEADLINE}.
     *
     * @return what {@code parse} answered, or null when it threw as allowed
     */
    @SafeVarargs
    public static <T> T holdsContract(String mustName, ThrowingSupplier<T> parse,
            Class<? extends Throwable>... allowed) {
        return assertTimeoutPreemptively(DEADLINE, () -> {
            try {
                return parse.get();
            } catch (Throwable thrown) {
                boolean expected = false;
                for (Class<? extends Throwable> type : allowed) {
                    expected |= type.isInstance(thrown);
                }
                if (!expected) {
                    throw new AssertionError("threw " + thrown + " rather than one of the parser's own exceptions",
                            thrown);
                }
                assertThat(thrown.getMessage()).as("the message of " + thrown.getClass().getName())
                        .isNotBlank().isNotEqualTo("null").contains(mustName);
                return null;
            }
        }, () -> "no answer within " + DEADLINE + ": a hang");
    }

    /**
     * Tries {@code property} on {@link #DEFAULT_TRIES} (or {@code -Dfuzz.tries}) inputs of {@code inputs}; see
     * {@link #forAll(ThrowingConsumer)}.
     */
    public static <T> void forAll(Generator<T> inputs, ThrowingConsumer<T> property) {
        run(testName(), System::getProperty, draws -> property.accept(draws.draw(inputs)));
    }

    /**
     * Tries {@code property} {@link #DEFAULT_TRIES} (or {@code -Dfuzz.tries}) times, each try drawing its inputs from
     * a {@link Random} of its own seed. The seeds follow from the base seed ({@code -Dfuzz.baseSeed}: a number, fixed
     * unless set, or {@code random}) and the test's name. The first try that fails fails the test, naming its seed and
     * inputs; {@code -Dfuzz.seed=<seed>} runs that one try again.
     */
    public static void forAll(ThrowingConsumer<Inputs> property) {
        run(testName(), System::getProperty, property);
    }

    /** The inputs of one try: each {@link #draw} is shown when the try fails. */
    public static final class Inputs {

        private final Random random;
        private final List<Object> drawn = new ArrayList<>();

        private Inputs(Random random) {
            this.random = random;
        }

        /** The next value of {@code generator}, from this try's seed. */
        public <T> T draw(Generator<T> generator) {
            T value = generator.next(random);
            drawn.add(value);
            return value;
        }
    }

    /** The {@code @Test} method that called {@link #forAll}, as {@code -Dtest} takes it: {@code SimpleClass#method}. */
    private static String testName() {
        // The nearest frame of a method annotated @Test: lambdas in between are synthetic methods, not annotated.
        StackWalker.StackFrame test = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.filter(frame -> Arrays.stream(frame.getDeclaringClass().getDeclaredMethods())
                        .anyMatch(method -> method.getName().equals(frame.getMethodName())
                                && method.isAnnotationPresent(Test.class)))
                        .findFirst())
                .orElseThrow(() -> new IllegalStateException("Fuzz.forAll runs in a @Test method"));
        return test.getDeclaringClass().getSimpleName() + "#" + test.getMethodName();
    }

    /** Runs the tries of {@code test} as the {@code fuzz.*} values of {@code settings} (the system's) say. */
    static void run(String test, UnaryOperator<String> settings, ThrowingConsumer<Inputs> property) {
        String replay = settings.apply("fuzz.seed");
        if (replay != null) {
            attempt(test, number("fuzz.seed", replay), "the replayed try", property);
            return;
        }
        String base = Objects.requireNonNullElse(settings.apply("fuzz.baseSeed"), DEFAULT_BASE_SEED);
        long baseSeed = base.equals("random") ? new SecureRandom().nextLong() & Long.MAX_VALUE
                : number("fuzz.baseSeed", base);
        String triesSetting = settings.apply("fuzz.tries");
        int tries = triesSetting == null ? DEFAULT_TRIES : (int) number("fuzz.tries", triesSetting);
        // Of the test's name too: each property gets inputs of its own.
        SplittableRandom seeds = new SplittableRandom(baseSeed ^ test.hashCode());
        for (int i = 1; i <= tries; i++) {
            attempt(test, seeds.nextLong() & Long.MAX_VALUE,
                    "try " + i + " of " + tries + " (base seed " + baseSeed + ")", property);
        }
    }

    private static void attempt(String test, long seed, String which, ThrowingConsumer<Inputs> property) {
        Inputs inputs = new Inputs(new Random(seed));
        try {
            property.accept(inputs);
        } catch (Throwable failure) {
            StringBuilder message = new StringBuilder(test).append(" failed on ").append(which).append(": ")
                    .append(failure).append("\n  replay it: -Dfuzz.seed=").append(seed).append(" -Dtest=")
                    .append(test);
            for (int i = 0; i < inputs.drawn.size(); i++) {
                message.append("\n  input ").append(i + 1).append(": ").append(shown(inputs.drawn.get(i)));
            }
            throw new AssertionError(message.toString(), failure);
        }
    }

    private static long number(String property, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException notNumber) {
            throw new IllegalArgumentException("-D" + property + " must be a whole number"
                    + (property.equals("fuzz.baseSeed") ? " or 'random'" : "") + ", not '" + value + "'");
        }
    }

    /** An input as a failure shows it: text quoted and escaped, bytes as their text, both cut short. */
    private static String shown(Object input) {
        if (input instanceof byte[] bytes) {
            try {
                return "bytes[" + bytes.length + "] "
                        + shown(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString());
            } catch (CharacterCodingException notUtf8) {
                return "bytes[" + bytes.length + "], not UTF-8, " + shown(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        if (!(input instanceof String text)) {
            return String.valueOf(input);
        }
        StringBuilder shown = new StringBuilder("\"");
        for (char c : text.substring(0, Math.min(text.length(), SHOWN_CHARS)).toCharArray()) {
            if (c == '"' || c == '\\') {
                shown.append('\\').append(c);
            } else if (c == '\n') {
                shown.append("\\n");
            } else if (c >= 0x20 && c < 0x7F) {
                shown.append(c);
            } else {
                shown.append(String.format("\\u%04x", (int) c));
            }
        }
        shown.append('"');
        return text.length() > SHOWN_CHARS ? shown + "… (" + text.length() + " chars in all)" : shown.toString();
    }

    /** Random text, mutations of {@code seeds}, and JSON documents made of {@code fields} and random values. */
    public static Generator<String> texts(List<String> seeds, List<String> fields) {
        return Generator.frequency(
                Map.entry(2, Generator.strings(200)),
                Map.entry(5, random -> mutate(pick(seeds, random), random)),
                Map.entry(3, random -> json(random, fields, 0)),
                Map.entry(1, random -> yaml(random, fields, 0)),
                Map.entry(1, Fuzz::deep));
    }

    /** As {@link #texts}, as bytes, some of which are not UTF-8. */
    public static Generator<byte[]> files(List<String> seeds, List<String> fields) {
        return Generator.frequency(
                Map.entry(8, texts(seeds, fields).map(text -> text.getBytes(StandardCharsets.UTF_8))),
                Map.entry(1, random -> brokenUtf8(pick(seeds, random), random)));
    }

    /** Writes {@code bytes} to {@code file}, making its folder. */
    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A folder of its own under {@code target/fuzz} (the fuzz tests run in the module's folder). */
    public static Path folder(String name) {
        try {
            return Files.createDirectories(Path.of("target", "fuzz", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a file of the repository, from the module's folder. */
    public static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One to four random edits of {@code seed}. */
    public static String mutate(String seed, Random random) {
        StringBuilder text = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = text.length() == 0 ? 0 : random.nextInt(text.length() + 1);
            int end = Math.min(text.length(), at + random.nextInt(20));
            switch (random.nextInt(6)) {
                case 0 -> text.delete(at, end);
                case 1 -> text.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
                case 2 -> text.insert(at, text.substring(at, end));
                case 3 -> text.setLength(at);
                case 4 -> text.replace(at, end, TOKENS.get(random.nextInt(TOKENS.size())));
                default -> text.insert(at, (char) random.nextInt(0x3000));
            }
        }
        return text.toString();
    }

    private static String pick(List<String> seeds, Random random) {
        return seeds.get(random.nextInt(seeds.size()));
    }

    /** A JSON value: objects keyed mostly by the parser's own field names, every JSON type as values. */
    private static String json(Random random, List<String> fields, int depth) {
        int kind = depth > 4 ? random.nextInt(6) : random.nextInt(9);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextBoolean());
            case 2 -> String.valueOf(random.nextInt(7) - 3);
            case 3 -> String.valueOf(random.nextDouble() * 1e6 - 5e5);
            case 4, 5 -> quoted(random.nextInt(3) == 0 ? pick(fields, random) : word(random));
            case 6 -> {
                List<String> values = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    values.add(json(random, fields, depth + 1));
                }
                yield "[" + String.join(",", values) + "]";
            }
            default -> {
                List<String> entries = new ArrayList<>();
                for (int i = random.nextInt(6); i > 0; i--) {
                    String key = random.nextInt(5) == 0 ? word(random) : pick(fields, random);
                    entries.add(quoted(key) + ":" + json(random, fields, depth + 1));
                }
                yield "{" + String.join(",", entries) + "}";
            }
        };
    }

    /** A YAML mapping of the parser's field names to scalars, flow collections and nested mappings. */
    private static String yaml(Random random, List<String> fields, int depth) {
        StringBuilder text = new StringBuilder();
        String indent = "  ".repeat(depth);
        for (int i = 1 + random.nextInt(5); i > 0; i--) {
            text.append(indent).append(pick(fields, random)).append(':');
            int kind = depth > 2 ? random.nextInt(3) : random.nextInt(5);
            switch (kind) {
                case 0 -> text.append('\n');
                case 1 -> text.append(' ').append(json(random, fields, 3)).append('\n');
                case 2 -> text.append(' ').append(word(random)).append('\n');
                case 3 -> text.append("\n").append(indent).append("  - ").append(word(random)).append('\n');
                default -> text.append('\n').append(yaml(random, fields, depth + 1));
            }
        }
        return text.toString();
    }

    /** Nesting past any parser's limit, or just short of it. */
    private static String deep(Random random) {
        int depth = random.nextBoolean() ? 900 + random.nextInt(200) : 2000 + random.nextInt(20_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        return open.repeat(depth) + (random.nextBoolean() ? "1" : "");
    }

    private static byte[] brokenUtf8(String seed, Random random) {
        byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[bytes.length + 2];
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        System.arraycopy(bytes, 0, broken, 0, at);
        broken[at] = (byte) (0x80 + random.nextInt(0x7F));
        broken[at + 1] = (byte) 0xFF;
        System.arraycopy(bytes, at, broken, at + 2, bytes.length - at);
        return broken;
    }

    private static String word(Random random) {
        StringBuilder word = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            word.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x2FF) : 'a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private static String quoted(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }
}

package dev.junitprompt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.function.ThrowingSupplier;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * What the parsers' fuzz tests ({@code *FuzzTest}, jqwik properties) share: inputs — random text, JSON and YAML
 * documents built from a parser's own field names, and valid files mutated at random (cut, spliced, with structural
 * characters, NULs, lone surrogates and invalid UTF-8 put in) — and the contract a parser is held to: it answers, or
 * throws one of its own exceptions whose message names the file (or field) it was given, within a deadline. Never a
 * hang, never a bare {@code NullPointerException}, {@code ClassCastException}, {@code IndexOutOfBoundsException} or
 * any other exception that is not the project's.
 *
 * <p>{@code mvn verify} runs each property a few hundred times ({@code jqwik.tries.default} in
 * {@code junit-platform.properties}); {@code -Pfuzz} runs only the fuzz tests, many more times.
 */
public final class Fuzz {

    /** The longest a parser may take on one input; the largest inputs parse in milliseconds. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

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

    /** Random text, mutations of {@code seeds}, and JSON documents made of {@code fields} and random values. */
    public static Arbitrary<String> texts(List<String> seeds, List<String> fields) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(200)),
                net.jqwik.api.Tuple.of(5, Arbitraries.randomValue(random -> mutate(pick(seeds, random), random))),
                net.jqwik.api.Tuple.of(3, Arbitraries.randomValue(random -> json(random, fields, 0))),
                net.jqwik.api.Tuple.of(1, Arbitraries.randomValue(random -> yaml(random, fields, 0))),
                net.jqwik.api.Tuple.of(1, Arbitraries.randomValue(Fuzz::deep)));
    }

    /** As {@link #texts}, as bytes, some of which are not UTF-8. */
    public static Arbitrary<byte[]> files(List<String> seeds, List<String> fields) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, texts(seeds, fields).map(text -> text.getBytes(StandardCharsets.UTF_8))),
                net.jqwik.api.Tuple.of(1, Arbitraries.randomValue(random -> brokenUtf8(pick(seeds, random), random))));
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

package dev.junitprompt.testing;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Makes one random input of a fuzz test from the try's {@link Random}: the same seed, the same input, so a failing
 * try can be replayed from its seed alone (see {@link Fuzz#forAll}).
 *
 * <pre>{@code
 * Generator<Integer> statuses = Generator.frequency(Map.entry(6, Generator.just(200)),
 *         Map.entry(1, Generator.between(200, 599)));
 * }</pre>
 */
@FunctionalInterface
public interface Generator<T> {

    /** How many values {@link #filter} draws before it gives up: a filter that rejects nearly all is a test bug. */
    int FILTER_ATTEMPTS = 10_000;

    /** One value, drawn from {@code random} only. */
    T next(Random random);

    /** This generator's values passed through {@code mapping}. */
    default <R> Generator<R> map(Function<? super T, ? extends R> mapping) {
        return random -> mapping.apply(next(random));
    }

    /** Only this generator's values that pass {@code test}. */
    default Generator<T> filter(Predicate<? super T> test) {
        return random -> {
            for (int i = 0; i < FILTER_ATTEMPTS; i++) {
                T value = next(random);
                if (test.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException("the filter rejected " + FILTER_ATTEMPTS + " values in a row");
        };
    }

    /** Always {@code value}. */
    static <T> Generator<T> just(T value) {
        return random -> value;
    }

    /** One of {@code values}, each as likely. */
    @SafeVarargs
    static <T> Generator<T> of(T... values) {
        return of(List.of(values));
    }

    /** One of {@code values}, each as likely. */
    static <T> Generator<T> of(List<T> values) {
        List<T> choices = List.copyOf(values);
        return random -> choices.get(random.nextInt(choices.size()));
    }

    /** One of the constants of {@code type}. */
    static <E extends Enum<E>> Generator<E> of(Class<E> type) {
        return of(type.getEnumConstants());
    }

    /** {@code true} or {@code false}. */
    static Generator<Boolean> booleans() {
        return Random::nextBoolean;
    }

    /** An int from {@code min} to {@code max}, both included. */
    static Generator<Integer> between(int min, int max) {
        return random -> min + random.nextInt(max - min + 1);
    }

    /**
     * Any text of up to {@code maxLength} chars — often short or empty, of printable ASCII, control characters and
     * any char of the Basic Multilingual Plane, lone surrogates among them.
     */
    static Generator<String> strings(int maxLength) {
        return random -> {
            int length = random.nextInt(4) == 0 ? random.nextInt(Math.min(maxLength, 2) + 1)
                    : random.nextInt(maxLength + 1);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                int c = switch (random.nextInt(4)) {
                    case 0, 1 -> 0x20 + random.nextInt(0x5F);
                    case 2 -> random.nextInt(0x20);
                    default -> random.nextInt(0x10000);
                };
                text.append((char) c);
            }
            return text.toString();
        };
    }

    /** A value of one of {@code choices}, each picked as often as its weight (the entry's key) says. */
    @SafeVarargs
    static <T> Generator<T> frequency(Map.Entry<Integer, ? extends Generator<? extends T>>... choices) {
        List<Map.Entry<Integer, ? extends Generator<? extends T>>> weighted = List.of(choices);
        int total = weighted.stream().mapToInt(Map.Entry::getKey).sum();
        return random -> {
            int pick = random.nextInt(total);
            for (Map.Entry<Integer, ? extends Generator<? extends T>> choice : weighted) {
                pick -= choice.getKey();
                if (pick < 0) {
                    return choice.getValue().next(random);
                }
            }
            throw new AssertionError("unreachable: the weights add up to " + total);
        };
    }

    /** A value of one of {@code choices}, each picked as often. */
    @SafeVarargs
    static <T> Generator<T> oneOf(Generator<? extends T>... choices) {
        List<Generator<? extends T>> generators = List.of(choices);
        return random -> generators.get(random.nextInt(generators.size())).next(random);
    }
}

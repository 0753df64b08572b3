package dev.junitprompt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The fuzz tests' runner ({@link Fuzz#forAll}): seeded tries, failures that say how to replay them. */
class FuzzRunnerTest {

    private static final Generator<Integer> NUMBERS = Generator.between(0, 1_000_000);

    @Test
    void triesAsOftenAsSetOnTheSameInputsForTheSameBaseSeed() {
        List<Integer> first = draws(Map.of("fuzz.tries", "50", "fuzz.baseSeed", "7"));
        List<Integer> again = draws(Map.of("fuzz.tries", "50", "fuzz.baseSeed", "7"));
        List<Integer> otherBase = draws(Map.of("fuzz.tries", "50", "fuzz.baseSeed", "8"));

        assertThat(first).hasSize(50).isEqualTo(again).isNotEqualTo(otherBase);
        assertThat(first).doesNotHaveDuplicates();
        assertThat(draws(Map.of())).hasSize(Fuzz.DEFAULT_TRIES);
        assertThat(draws(Map.of("fuzz.tries", "20", "fuzz.baseSeed", "random")))
                .isNotEqualTo(draws(Map.of("fuzz.tries", "20", "fuzz.baseSeed", "random")));
    }

    @Test
    void aFailedTryNamesItsSeedAndInputsAndItsSeedReplaysIt() {
        List<Integer> drawn = new ArrayList<>();
        IllegalStateException thrown = new IllegalStateException("no multiples of 5");

        Throwable failure = catchThrowable(() -> Fuzz.run("ProbeFuzzTest#anyNumber",
                Map.of("fuzz.baseSeed", "7")::get, inputs -> {
                    int number = inputs.draw(NUMBERS);
                    inputs.draw(Generator.just("{\"a\":\n" + "x".repeat(1000)));
                    inputs.draw(Generator.just(new byte[] {'o', 'k', (byte) 0xFF}));
                    drawn.add(number);
                    if (number % 5 == 0) {
                        throw thrown;
                    }
                }));

        int failed = drawn.get(drawn.size() - 1);
        assertThat(failure).isInstanceOf(AssertionError.class).hasCause(thrown);
        assertThat(failure.getMessage()).startsWith("ProbeFuzzTest#anyNumber failed on try " + drawn.size() + " of "
                + Fuzz.DEFAULT_TRIES + " (base seed 7): java.lang.IllegalStateException: no multiples of 5")
                .contains("-Dtest=ProbeFuzzTest#anyNumber", "\n  input 1: " + failed + "\n",
                        "\n  input 2: \"{\\\"a\\\":\\nxxx", "xxx\"… (1006 chars in all)",
                        "\n  input 3: bytes[3], not UTF-8, \"ok\\ufffd\"");
        Matcher seed = Pattern.compile("-Dfuzz\\.seed=(\\d+) ").matcher(failure.getMessage());
        assertThat(seed.find()).as(failure.getMessage()).isTrue();
        assertThat(draws(Map.of("fuzz.seed", seed.group(1)))).containsExactly(failed);
    }

    @Test
    void aFuzzTestIsNamedAsDashDTestTakesIt() {
        assertThatThrownBy(() -> Fuzz.forAll(NUMBERS, number -> {
            throw new AssertionError("fails");
        })).hasMessageStartingWith("FuzzRunnerTest#aFuzzTestIsNamedAsDashDTestTakesIt failed on try 1 of ");
    }

    @Test
    void settingsThatAreNotNumbersSaySo() {
        assertThatThrownBy(() -> draws(Map.of("fuzz.tries", "many")))
                .hasMessage("-Dfuzz.tries must be a whole number, not 'many'");
        assertThatThrownBy(() -> draws(Map.of("fuzz.baseSeed", "today")))
                .hasMessage("-Dfuzz.baseSeed must be a whole number or 'random', not 'today'");
    }

    @Test
    void aFilterThatRejectsEverythingGivesUp() {
        assertThatThrownBy(() -> NUMBERS.filter(number -> number < 0).next(new java.util.Random(1)))
                .hasMessage("the filter rejected " + Generator.FILTER_ATTEMPTS + " values in a row");
    }

    /** The numbers the tries of a property drew, with {@code settings} as the system properties. */
    private static List<Integer> draws(Map<String, String> settings) {
        List<Integer> drawn = new ArrayList<>();
        Fuzz.run("ProbeFuzzTest#anyNumber", settings::get, inputs -> drawn.add(inputs.draw(NUMBERS)));
        return drawn;
    }
}

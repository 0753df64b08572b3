package dev.junitprompt.eval;

import static dev.junitprompt.eval.Results.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;

class EvaluatorsTest {

    @Test
    void factoriesCreateTheBuiltIns() {
        Stream<Evaluator> evaluators = Stream.of(Evaluators.exactMatch(), Evaluators.contains("a"),
                Evaluators.notContains("a"), Evaluators.regex("a"), Evaluators.validJson(),
                Evaluators.jsonMatchesExpected(), Evaluators.length(0, 10), Evaluators.words(0, 10),
                Evaluators.editDistanceToExpected(), Evaluators.latencyAtMost(java.time.Duration.ofSeconds(1)),
                Evaluators.jsonSchema("{}"), Evaluators.similarToExpected(), Evaluators.jsonField("/a").exists());

        assertThat(evaluators.map(Evaluator::name)).containsExactly("exact_match", "contains", "not_contains",
                "regex", "valid_json", "json_matches_expected", "length", "length", "levenshtein", "latency",
                "json_schema", "similar_to_expected", "json_field_a");
    }

    @Test
    void findsBuiltInsByNameWithTheirArguments() throws Exception {
        Evaluator regex = Evaluators.byName("regex", List.of("^Q1: "));

        assertThat(regex.evaluate(output("Q1: Why?")).value()).isEqualTo(1.0);
    }

    @Test
    void listsTheBuiltInsForAnUnknownName() {
        assertThatIllegalArgumentException().isThrownBy(() -> Evaluators.byName("json_valid", List.of()))
                .withMessage("Unknown evaluator 'json_valid'; built-in evaluators are: contains, cost, exact_match, "
                        + "json_matches_expected, json_schema, latency, length, levenshtein, llm_judge, not_contains, "
                        + "regex, similar_to_expected, tool_called, valid_json");
    }

    @Test
    void byNamePassesOnTheEvaluatorsArgumentErrors() {
        assertThatIllegalArgumentException().isThrownBy(() -> Evaluators.byName("regex", List.of()))
                .withMessageStartingWith("Evaluator 'regex' takes exactly one argument");
    }

    @Test
    void instantiatesThroughAStringVarargsConstructor() {
        assertThat(Evaluators.instantiate(Contains.class, new String[] {"x"})).isInstanceOf(Contains.class);
    }

    @Test
    void instantiatesThroughAListConstructor() {
        Evaluator evaluator = Evaluators.instantiate(ListArgs.class, new String[] {"a", "b"});

        assertThat(((ListArgs) evaluator).args).containsExactly("a", "b");
    }

    @Test
    void prefersTheNoArgumentConstructorWithoutArguments() {
        assertThat(((ListArgs) Evaluators.instantiate(ListArgs.class, new String[0])).args).containsExactly("default");
    }

    @Test
    void surfacesTheEvaluatorsOwnArgumentError() {
        assertThatIllegalArgumentException().isThrownBy(() -> Evaluators.instantiate(Regex.class, new String[] {"("}))
                .withMessageStartingWith("Evaluator 'regex' got an invalid pattern '('");
    }

    @Test
    void wrapsACheckedExceptionFromTheConstructor() {
        assertThatIllegalArgumentException().isThrownBy(() -> Evaluators.instantiate(Failing.class, new String[0]))
                .withMessageContaining("could not be created with arguments []")
                .withCauseInstanceOf(IOException.class);
    }

    @Test
    void explainsWhichConstructorIsNeeded() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Evaluators.instantiate(NoArgsOnly.class, new String[] {"a"}))
                .withMessage("Evaluator " + NoArgsOnly.class.getName() + " needs a public constructor taking "
                        + "String... or List<String> to be created by @Evaluate");
    }

    @Test
    void explainsThatAnInnerClassMustBeStatic() {
        assertThatIllegalArgumentException().isThrownBy(() -> Evaluators.instantiate(Inner.class, new String[0]))
                .withMessageEndingWith("it is an inner class, so make it static");
    }

    /** Package-private, as evaluators nested in a test class usually are. */
    static final class ListArgs extends NoOp {
        final List<String> args;

        public ListArgs() {
            this(List.of("default"));
        }

        public ListArgs(List<String> args) {
            this.args = args;
        }
    }

    static final class NoArgsOnly extends NoOp {
        public NoArgsOnly() {
        }
    }

    static final class Failing extends NoOp {
        public Failing() throws IOException {
            throw new IOException("no config");
        }
    }

    final class Inner extends NoOp {
        public Inner() {
        }
    }

    abstract static class NoOp implements Evaluator {
        @Override
        public String name() {
            return "no_op";
        }

        @Override
        public Score evaluate(PromptResult result) {
            return Score.of(name(), true);
        }
    }

    @Test
    void aNamedEvaluatorScoresUnderItsNameAndKeepsItsThresholdWhicheverComesFirst() throws Exception {
        var minThenNamed = Evaluators.regex("^Q").min(1.0).named("starts_with_q");
        var namedThenMin = Evaluators.regex("^Q").named("starts_with_q").min(1.0);

        for (var evaluator : java.util.List.of(minThenNamed, namedThenMin)) {
            assertThat(evaluator.name()).isEqualTo("starts_with_q");
            assertThat(evaluator.threshold()).hasValue(1.0);
            assertThat(evaluator.evaluate(Results.output("Q1: why?")).name()).isEqualTo("starts_with_q");
        }
    }
}

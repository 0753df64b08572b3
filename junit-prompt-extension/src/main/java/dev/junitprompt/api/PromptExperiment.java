package dev.junitprompt.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;
import org.junit.platform.commons.annotation.Testable;

/**
 * Marks a method as a prompt experiment: every item of {@link #dataset()} becomes a test that runs the
 * {@link #target()} prompt (or, when the method returns a value, the method itself), scores the output
 * with the declared evaluators and fails when a threshold is not met.
 *
 * <p>A method with a target may take a {@link PromptResult} to add its own checks; a method without a
 * target is the task: its return value is the output. Either kind may take the {@link DatasetItem} and
 * input fields by parameter name (compile with {@code -parameters}).
 *
 * <pre>{@code
 * @PromptExperiment(dataset = "prep_generate", target = "prep_generate")
 * @Evaluate(value = JsonMatchesExpected.class, min = 1.0)
 * @Threshold(passRate = 0.9)
 * void prepGenerate(PromptResult result) {
 *     assertThat(result.json().path("steps").size()).isGreaterThan(2);
 * }
 * }</pre>
 */
@API(status = API.Status.STABLE, since = "0.1")
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Testable
public @interface PromptExperiment {

    /** Name of the dataset: {@code datasets/<name>/test_cases.json} (or {@code .jsonl}) for local files. */
    String dataset();

    /** Where the dataset comes from; by default {@code prompt.experiment.source} (itself default: local files). */
    Source source() default Source.DEFAULT;

    /** For a LangSmith dataset: only the examples of these splits; all when empty. */
    String[] splits() default {};

    /**
     * The version of a remote dataset to run on, so a run can be repeated on the same data: for Langfuse an ISO-8601
     * UTC timestamp ({@code "2026-01-21T14:35:42Z"}, the dataset as it was then), for LangSmith a tag
     * ({@code "prod"}) or a timestamp ({@code as_of}). Empty: {@code prompt.experiment.dataset.version}, else the
     * latest. Local datasets are versioned by git and take none.
     */
    String datasetVersion() default "";

    /**
     * The prompt under test: a name under {@code targets/}, or a Langfuse prompt {@code langfuse:<name>}
     * (label {@code production}), {@code langfuse:<name>@<label>} or {@code langfuse:<name>#<version>}.
     * Empty when the method itself is the task. Several targets are variants of one experiment, compared side by
     * side: {@code target = {"prep_generate", "prep_generate_v2"}} runs each on every item (the first is the
     * reference) and ends with a {@code comparison} test.
     */
    String[] target() default {};

    /**
     * The models to run the experiment on, each a variant: names of the class's named {@link PromptModel} members
     * ({@code @PromptModel("mini")}). {@code models = {"mini", "large"}} runs every item on each (the first is the
     * reference) and ends with a {@code comparison} test; with several targets too, each target runs on each model.
     * Empty: the class's unnamed {@code @PromptModel}, else the target's model.
     */
    String[] models() default {};

    /** Experiment name in reports and result folders; defaults to the method name. */
    String name() default "";

    /**
     * How many items run at once; 0 takes {@code prompt.experiment.concurrency} (default 8). Set 1 for a
     * task method that is not thread-safe.
     */
    int concurrency() default 0;

    /** How many times each item runs; each run is a test {@code case-001 [2/3]}. */
    int repetitions() default 1;

    /** When an item with several {@link #repetitions()} passes. */
    PassRule passRule() default PassRule.ALL;

    /** For {@link PassRule#AT_LEAST}: how many repetitions must pass. */
    int atLeast() default 0;

    /**
     * For {@link PassRule#WILSON}: the pass rate an item must be shown to reach, e.g. {@code 0.8}. Also bounds
     * how sure a {@code @Threshold(passRate = …)} verdict is (see the README).
     */
    double passTarget() default 0.8;

    /**
     * For {@link PassRule#WILSON}: run an item's repetitions one after the other, and stop as soon as its verdict
     * is no longer inconclusive; the repetitions not needed are skipped. Clear failures then cost one or two runs.
     */
    boolean stopEarly() default false;

    /** Where datasets come from. */
    enum Source {
        /** As configured by {@code prompt.experiment.source}: {@code local} unless set. */
        DEFAULT,
        /** {@code datasets/<name>/test_cases.json} and {@code expected.json}. */
        LOCAL,
        /** A Langfuse dataset's items ({@code LANGFUSE_HOST}, {@code LANGFUSE_PUBLIC_KEY}, {@code LANGFUSE_SECRET_KEY}). */
        LANGFUSE,
        /** A LangSmith dataset's examples ({@code LANGSMITH_API_KEY}, {@code LANGSMITH_ENDPOINT}). */
        LANGSMITH
    }

    /** When an item that runs several times passes. */
    enum PassRule {
        /** Every repetition passes. */
        ALL,
        /** More than half of the repetitions pass. */
        MAJORITY,
        /** At least {@link PromptExperiment#atLeast()} repetitions pass. */
        AT_LEAST,
        /**
         * The 95 % Wilson interval of the item's pass rate lies at or above {@link PromptExperiment#passTarget()}:
         * it passes when the interval's lower bound reaches the target, fails when its upper bound is below it, and
         * is otherwise inconclusive (reported as aborted, with the interval and the runs that would decide; set
         * {@code prompt.experiment.inconclusive=fail} to fail it instead).
         */
        WILSON;

        /** An item's verdict under a rule: passed, failed, or (only for {@link #WILSON}) not yet known. */
        public enum Decision { PASSED, FAILED, INCONCLUSIVE }

        /** Whether {@code passed} of {@code repetitions} satisfies this rule ({@link #WILSON} at a target of 0.8). */
        public boolean holds(int passed, int repetitions, int atLeast) {
            return decide(passed, repetitions, atLeast, 0.8) == Decision.PASSED;
        }

        /** The verdict on {@code passed} of {@code runs}; {@code target} is {@link #WILSON}'s. */
        public Decision decide(int passed, int runs, int atLeast, double target) {
            return switch (this) {
                case ALL -> decision(passed == runs);
                case MAJORITY -> decision(passed * 2 > runs);
                case AT_LEAST -> decision(passed >= atLeast);
                case WILSON -> WilsonInterval.of(passed, runs).against(target);
            };
        }

        private static Decision decision(boolean holds) {
            return holds ? Decision.PASSED : Decision.FAILED;
        }
    }
}

package dev.junitprompt.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;

/**
 * Scores every item of the experiment with an evaluator and, when {@link #min()} is set, fails the item
 * whose score falls below it.
 *
 * <p>The evaluator class needs a public constructor taking {@code String...} (or {@code List<String>})
 * for {@link #args()}, or a no-argument one when there are none. Arguments may refer to the item with
 * placeholders: {@code args = "{expected.keyword}"} or {@code "{job_title}"}.
 *
 * <pre>{@code
 * @PromptExperiment(dataset = "support_tickets", target = "triage")
 * @Evaluate(value = ValidJson.class, min = 1.0)                       // every item must be JSON
 * @Evaluate(value = Contains.class, args = "{expected.category}")      // recorded, no threshold
 * void triage() {
 * }
 * }</pre>
 */
@API(status = API.Status.STABLE, since = "0.1")
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(Evaluations.class)
public @interface Evaluate {

    Class<? extends Evaluator> value();

    /** The evaluator's arguments, e.g. the text for {@code Contains} or the pattern for {@code Regex}. */
    String[] args() default {};

    /** Lowest acceptable score in 0..1; unset (NaN) records the score without failing the item. */
    double min() default Double.NaN;
}

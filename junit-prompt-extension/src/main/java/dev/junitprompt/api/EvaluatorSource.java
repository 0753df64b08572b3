package dev.junitprompt.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;

/**
 * Marks a method of a test class returning a {@code Collection<Evaluator>} (or a single
 * {@link Evaluator}, an array or a stream of them), applied in addition to each experiment's
 * {@link Evaluate}s: to the experiments {@link #value()} names, or to every experiment of the class.
 *
 * <pre>{@code
 * @EvaluatorSource("supportReply")          // only the supportReply experiment
 * static List<Evaluator> replyChecks() {
 *     return List.of(Evaluators.notContains("refund").ignoringCase().named("no_refund_promise"));
 * }
 * }</pre>
 *
 * Evaluators of one experiment need distinct names ({@link Evaluator#named(String)}): a score is known by it.
 */
@API(status = API.Status.STABLE, since = "0.1")
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface EvaluatorSource {

    /** The experiments (method names, or {@link PromptExperiment#name()}s) these evaluators apply to; all when empty. */
    String[] value() default {};
}

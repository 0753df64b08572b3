package dev.junitprompt.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;

/**
 * Marks a static method or field of a test class that supplies the LangChain4j {@code ChatModel} for its
 * template experiments. Without it the model is built from the target's {@code .metadata.yaml} and the
 * provider's environment variables.
 */
@API(status = API.Status.STABLE, since = "0.1")
@Target({ElementType.METHOD, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PromptModel {

    /**
     * A name, for a class with several models to compare: {@code @PromptExperiment(models = {"mini", "large"})}
     * makes a variant of each named one. Empty: the class's model, for experiments that name none.
     */
    String value() default "";
}

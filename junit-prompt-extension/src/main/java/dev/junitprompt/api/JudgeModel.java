package dev.junitprompt.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;

/**
 * Marks a static method or field of a test class that supplies the LangChain4j {@code ChatModel} its LLM judges
 * ask, when they should not ask the model under test. Its calls go through the run's recordings, retries and
 * concurrency budget as the target's do. Without it, judges use the target metadata's {@code judge:} model, else
 * {@code prompt.experiment.judge.model}, else the experiment's own model.
 *
 * <pre>{@code
 * @JudgeModel
 * static ChatModel judge() {
 *     return OpenAiChatModel.builder().apiKey(System.getenv("OPENAI_API_KEY")).modelName("gpt-4o").build();
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Target({ElementType.METHOD, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JudgeModel {
}

package dev.junitprompt.bench;

import dev.junitprompt.api.Evaluate;
import dev.junitprompt.api.PromptExperiment;
import dev.junitprompt.eval.Contains;
import dev.junitprompt.eval.ValidJson;

/**
 * The whole-process benchmark's suite, as a user writes one: the target's metadata names the model (OpenAI's
 * client, pointed at the fake by {@code OPENAI_BASE_URL}), no {@code @PromptModel}.
 */
public class WholeProcessExperiments {

    @PromptExperiment(dataset = "bench", target = "bench")
    @Evaluate(value = ValidJson.class, min = 1.0)
    @Evaluate(value = Contains.class, args = "{expected.label}", min = 1.0)
    void bench() {
    }
}

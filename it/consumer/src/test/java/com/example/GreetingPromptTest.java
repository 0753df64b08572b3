package com.example;

import dev.junitprompt.api.Evaluate;
import dev.junitprompt.api.PromptExperiment;
import dev.junitprompt.api.Threshold;
import dev.junitprompt.eval.ExactMatch;

/** A prompt experiment next to the Jupiter tests: the application's code is the task. */
class GreetingPromptTest {

    @PromptExperiment(dataset = "greetings")
    @Evaluate(value = ExactMatch.class, min = 1.0)
    @Threshold(passRate = 1.0)
    String greet(String name) {
        return Greeter.greet(name);
    }
}

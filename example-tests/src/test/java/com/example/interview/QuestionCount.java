package com.example.interview;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;

/** A project's own evaluator: exactly the expected number of lines {@code Qn: …}, numbered in order. */
public final class QuestionCount implements Evaluator {

    @Override
    public String name() {
        return "question_count";
    }

    @Override
    public Score evaluate(PromptResult result) {
        int expected = result.expected().path("count").asInt();
        String[] lines = result.output().strip().split("\n");
        int numbered = 0;
        for (String line : lines) {
            if (line.startsWith("Q" + (numbered + 1) + ": ")) {
                numbered++;
            }
        }
        boolean matches = numbered == expected && lines.length == expected;
        return Score.of(name(), matches)
                .withComment(matches ? "" : "expected " + expected + " numbered questions, got " + numbered
                        + " numbered of " + lines.length + " lines");
    }
}

package dev.junitprompt.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.junitprompt.api.EvaluationContext;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;
import dev.langchain4j.model.chat.ChatModel;

/** What an evaluator is given, set by hand: the result, a judge model, the target's folder, earlier scores, cost. */
record TestContext(PromptResult result, Optional<ChatModel> judgeModel, Optional<Path> targetDirectory,
        List<Score> scores, OptionalDouble cost, Optional<String> baselineOutput) implements EvaluationContext {

    /** The result alone. */
    static TestContext of(PromptResult result) {
        return new TestContext(result, Optional.empty(), Optional.empty(), List.of(), OptionalDouble.empty(),
                Optional.empty());
    }

    TestContext againstBaseline(String output) {
        return new TestContext(result, judgeModel, targetDirectory, scores, cost, Optional.of(output));
    }

    @Override
    public Optional<ChatModel> model() {
        return Optional.empty();
    }

    TestContext judgedBy(ChatModel judge) {
        return new TestContext(result, Optional.of(judge), targetDirectory, scores, cost, baselineOutput);
    }

    TestContext besideTarget(Path folder) {
        return new TestContext(result, judgeModel, Optional.ofNullable(folder), scores, cost, baselineOutput);
    }

    TestContext after(Score... earlier) {
        return new TestContext(result, judgeModel, targetDirectory, List.of(earlier), cost, baselineOutput);
    }

    TestContext costing(OptionalDouble value) {
        return new TestContext(result, judgeModel, targetDirectory, scores, value, baselineOutput);
    }
}

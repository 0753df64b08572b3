package dev.junitprompt.eval;

import org.apiguardian.api.API;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;

/**
 * Passes when the output is JSON. A Markdown code fence around it is tolerated, as by
 * {@link PromptResult#json()}; the comment of a failure says where the output stops being JSON.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class ValidJson implements Evaluator {

    static final String NAME = "valid_json";

    /** @param args none; the parameter is there so that all built-ins are declared alike */
    public ValidJson(String... args) {
        Option.none(NAME, args, "");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Score evaluate(PromptResult result) {
        try {
            result.json();
            return Score.of(NAME, true);
        } catch (PromptResult.OutputNotJsonException e) {
            return Score.of(NAME, false).withComment(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}

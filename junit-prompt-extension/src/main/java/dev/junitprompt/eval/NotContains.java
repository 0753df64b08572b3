package dev.junitprompt.eval;

import org.apiguardian.api.API;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;

/**
 * Scores the share of the given texts that the output does not contain: 1 when it contains none of them.
 *
 * <p>The texts may use placeholders as in {@link Contains}. The comment lists the forbidden texts found.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class NotContains implements Evaluator {

    static final String NAME = "not_contains";

    private final TextArguments texts;
    private final boolean ignoreCase;

    /** @param texts the texts the output must not contain, at least one */
    public NotContains(String... texts) {
        this(new TextArguments(NAME, texts), false);
    }

    private NotContains(TextArguments texts, boolean ignoreCase) {
        this.texts = texts;
        this.ignoreCase = ignoreCase;
    }

    /** This evaluator comparing without regard to case. */
    public NotContains ignoringCase() {
        return new NotContains(texts, true);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Score evaluate(PromptResult result) {
        TextArguments.Found found = texts.find(result, ignoreCase);
        Score score = Score.of(NAME, found.absent().size() / (double) found.total());
        if (found.present().isEmpty()) {
            return score;
        }
        return score.withComment("forbidden text in the output: " + TextArguments.Found.quoted(found.present()))
                .withMetadata("found", found.present());
    }

    @Override
    public String toString() {
        return NAME + texts + (ignoreCase ? " ignoring case" : "");
    }
}

package dev.junitprompt.eval;

import org.apiguardian.api.API;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;

/**
 * Scores the share of the given texts that the output contains: 1 when it contains them all.
 *
 * <p>Each text may use placeholders filled from the item: its inputs ({@code "{job_title}"}) and
 * {@code expected}, the expected output ({@code "{expected.keyword}"}); write literal braces as {@code {{}
 * and {@code }}}. The comment lists the texts that are missing.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Contains implements Evaluator {

    static final String NAME = "contains";

    private final TextArguments texts;
    private final boolean ignoreCase;

    /** @param texts the texts the output must contain, at least one */
    public Contains(String... texts) {
        this(new TextArguments(NAME, texts), false);
    }

    private Contains(TextArguments texts, boolean ignoreCase) {
        this.texts = texts;
        this.ignoreCase = ignoreCase;
    }

    /** This evaluator comparing without regard to case. */
    public Contains ignoringCase() {
        return new Contains(texts, true);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Score evaluate(PromptResult result) {
        TextArguments.Found found = texts.find(result, ignoreCase);
        Score score = Score.of(NAME, found.present().size() / (double) found.total());
        if (found.absent().isEmpty()) {
            return score;
        }
        return score.withComment("missing from the output: " + TextArguments.Found.quoted(found.absent()))
                .withMetadata("missing", found.absent());
    }

    @Override
    public String toString() {
        return NAME + texts + (ignoreCase ? " ignoring case" : "");
    }
}

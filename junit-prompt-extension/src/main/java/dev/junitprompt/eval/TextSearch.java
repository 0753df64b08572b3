package dev.junitprompt.eval;

import java.util.List;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;

/**
 * The one implementation of {@link Contains} and {@link NotContains}: looks for the texts in the output and scores
 * the share found as wanted (present for {@code contains}, absent for {@code not_contains}); the comment and the
 * metadata list the others.
 */
abstract sealed class TextSearch implements Evaluator permits Contains, NotContains {

    private final String name;
    final TextArguments texts;
    final boolean ignoreCase;
    private final boolean wantPresent;
    private final String complaint;
    private final String metadataKey;

    /**
     * @param wantPresent whether the texts should be in the output ({@code contains}) or not ({@code not_contains})
     * @param complaint   the comment's start before the texts that are not as wanted
     * @param metadataKey the metadata entry that lists them
     */
    TextSearch(String name, TextArguments texts, boolean ignoreCase, boolean wantPresent, String complaint,
            String metadataKey) {
        this.name = name;
        this.texts = texts;
        this.ignoreCase = ignoreCase;
        this.wantPresent = wantPresent;
        this.complaint = complaint;
        this.metadataKey = metadataKey;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void validate(DatasetItem item) {
        texts.validate(item);
    }

    @Override
    public final Score evaluate(PromptResult result) {
        TextArguments.Found found = texts.find(result, ignoreCase);
        List<String> wanted = wantPresent ? found.present() : found.absent();
        List<String> unwanted = wantPresent ? found.absent() : found.present();
        Score score = Score.of(name, wanted.size() / (double) found.total());
        if (unwanted.isEmpty()) {
            return score;
        }
        return score.withComment(complaint + TextArguments.Found.quoted(unwanted)).withMetadata(metadataKey, unwanted);
    }

    @Override
    public final String toString() {
        return name + texts + (ignoreCase ? " ignoring case" : "");
    }
}

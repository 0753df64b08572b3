package dev.junitprompt.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;
import dev.junitprompt.internal.Secrets;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.Trace;
import dev.junitprompt.target.PromptMessage;

/** A key that got into any text of an item's result is taken out of all of it before it is recorded. */
class ItemOutcomeRedactionTest {

    private static final String KEY = "sk-test-0123456789abcdef";

    @Test
    void aKeyIsRedactedFromTheOutputTheScoresTheTraceAndThePrompt() {
        DatasetItem item = new DatasetItem("d", "case-1", "", JsonNodeFactory.instance.objectNode().put("q", "hi"),
                null, null);
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        Trace.ModelCall call = new Trace.ModelCall("openai", "gpt-4o-mini", Map.of(),
                List.of(new PromptMessage("user", "hi " + KEY)), "echo: Authorization: Bearer " + KEY, Usage.NONE,
                Double.NaN, Double.NaN, at, at, false, 1);
        Score judged = Score.of("judge", 0.5).withComment("the reply quotes " + KEY);
        ItemResult result = ItemResult.builder(item).prompt(List.of(new PromptMessage("user", "hi " + KEY)))
                .output("Bearer " + KEY).score(judged)
                .trace(new Trace(at, at, List.of(call), List.of(new Trace.Evaluation("judge", judged, "", at, at,
                        List.of(call)))))
                .build();

        ItemOutcome clean = new ItemOutcome(result, null).redacted(Secrets.fromEnvironment(Map.of("OPENAI_API_KEY",
                KEY)));

        String everything = clean.result().toString();
        assertThat(everything).doesNotContain(KEY).contains(Secrets.REDACTED);
        assertThat(clean.result().output()).isEqualTo("Bearer " + Secrets.REDACTED);
        assertThat(clean.result().scores().get(0).comment()).isEqualTo("the reply quotes " + Secrets.REDACTED);
        assertThat(clean.result().trace().calls().get(0).output()).doesNotContain(KEY);
        assertThat(clean.result().trace().evaluations().get(0).calls().get(0).messages().get(0).content())
                .doesNotContain(KEY);
    }

    @Test
    void aResultWithoutASecretIsKeptAsItIs() {
        DatasetItem item = new DatasetItem("d", "case-1", "", JsonNodeFactory.instance.objectNode(), null, null);
        ItemOutcome outcome = new ItemOutcome(ItemResult.builder(item).output("fine").build(), null);

        assertThat(outcome.redacted(Secrets.fromEnvironment(Map.of("OPENAI_API_KEY", KEY)))).isSameAs(outcome);
    }

    @Test
    void withNoCredentialInTheEnvironmentNothingIsLookedFor() {
        DatasetItem item = new DatasetItem("d", "case-1", "", JsonNodeFactory.instance.objectNode(), null, null);
        ItemOutcome outcome = new ItemOutcome(ItemResult.builder(item).output("Bearer " + KEY).build(), null);

        assertThat(outcome.redacted(Secrets.fromEnvironment(Map.of("HOME", "/home/ci")))).isSameAs(outcome);
    }
}

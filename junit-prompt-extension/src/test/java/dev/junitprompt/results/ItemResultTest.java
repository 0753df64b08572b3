package dev.junitprompt.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;
import dev.junitprompt.target.PromptMessage;

class ItemResultTest {

    private static final Instant START = Instant.parse("2025-01-01T12:00:00Z");

    private static Trace.ModelCall call(String prompt, String output, double cost, int attempts) {
        return new Trace.ModelCall("openai", "gpt-4o-mini", Map.of("temperature", 0.2),
                List.of(new PromptMessage("user", prompt)), output, new Usage(40, 12, 52), cost, cost / 2, START,
                START.plusMillis(100), false, attempts);
    }

    private static ItemResult judged(int targetAttempts) {
        return ItemResult.builder(TestResults.item("case-001")).output("Hello").score(Score.of("judge", 0.2))
                .failure(ItemResult.Failure.of("judge", "judge 0.20 < min 0.70")).latency(Duration.ofMillis(120))
                .usage(new Usage(40, 12, 52)).model("gpt-4o-mini").cost(0.003)
                .prompt(List.of(new PromptMessage("user", "Say hello")))
                .trace(new Trace(START, START.plusMillis(300), List.of(call("Say hello", "Hello", 0.001, targetAttempts)),
                        List.of(new Trace.Evaluation("judge", Score.of("judge", 0.2), "", START, START.plusMillis(200),
                                List.of(call("Judge this", "{\"score\": 0.2}", 0.002, 2))),
                                new Trace.Evaluation("valid", Score.of("valid", true), "", START, START))))
                .build();
    }

    @Test
    void theCompactResultKeepsWhatTheSummaryNeedsAndDropsThePromptAndTheTracesDetail() {
        ItemResult whole = judged(1);

        ItemResult compact = whole.compact();

        assertThat(compact.prompt()).isEmpty();
        assertThat(compact).usingRecursiveComparison().ignoringFields("prompt", "trace").isEqualTo(whole);
        assertThat(compact.trace().calls()).isEmpty();
        assertThat(compact.trace().evaluations()).singleElement().satisfies(judge -> {
            assertThat(judge.evaluator()).isEqualTo("judge");
            assertThat(judge.calls()).singleElement().satisfies(call -> {
                assertThat(call.messages()).isEmpty();
                assertThat(call.output()).isEmpty();
                assertThat(call.parameters()).isEmpty();
                assertThat(call.cost()).isEqualTo(0.002);
            });
        });
        assertThat(compact.trace().retries()).isEqualTo(whole.trace().retries()).isEqualTo(1);
    }

    @Test
    void aTargetCallThatTookRetriesIsKeptForItsCount() {
        ItemResult whole = judged(3);

        assertThat(whole.compact().trace().calls()).singleElement().extracting(Trace.ModelCall::attempts).isEqualTo(3);
        assertThat(whole.compact().trace().retries()).isEqualTo(3);
    }

    @Test
    void aTraceWithoutRetriesOrJudgesCompactsToNothing() {
        Trace trace = new Trace(START, START.plusMillis(300), List.of(call("Say hello", "Hello", 0.001, 1)),
                List.of(new Trace.Evaluation("valid", Score.of("valid", true), "", START, START)));

        assertThat(trace.compact()).isSameAs(Trace.EMPTY);
        assertThat(TestResults.passed("case-001", 5).compact().latency()).isEqualTo(Duration.ofMillis(5));
    }
}

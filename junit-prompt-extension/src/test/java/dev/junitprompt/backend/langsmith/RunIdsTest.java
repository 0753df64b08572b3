package dev.junitprompt.backend.langsmith;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class RunIdsTest {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00.123456Z");

    @Test
    void aKeyedIdIsTheSameOnEverySendAndStillOrderedByTime() {
        UUID id = RunIds.uuid7(T0, "session/case-001/1");

        assertThat(RunIds.uuid7(T0, "session/case-001/1")).isEqualTo(id);
        assertThat(RunIds.uuid7(T0, "session/case-001/2")).isNotEqualTo(id);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(RunIds.uuid7(T0.plusMillis(1), "a").compareTo(RunIds.uuid7(T0, "z"))).isPositive();
    }

    @Test
    void runsAndFeedbackMadeFromTheSameKeysHaveTheSameIds() {
        LangSmithRun root = LangSmithRun.root("greet", "chain", T0, "s/case-001/1").toBuilder().session("s", null)
                .build();
        LangSmithRun again = LangSmithRun.root("greet", "chain", T0, "s/case-001/1").toBuilder().session("s", null)
                .build();

        assertThat(again.id()).isEqualTo(root.id());
        assertThat(again.child("gpt", "llm", T0, "llm/0").id()).isEqualTo(root.child("gpt", "llm", T0, "llm/0").id());
        assertThat(LangSmithFeedback.ofRun(again, "exact_match", 1.0, null, null).id())
                .isEqualTo(LangSmithFeedback.ofRun(root, "exact_match", 1.0, null, null).id());
        assertThat(LangSmithFeedback.summary("s", "pass_rate", 1.0, null, null).id())
                .isEqualTo(LangSmithFeedback.summary("s", "pass_rate", 0.5, null, null).id());
    }
}

package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import dev.junitprompt.internal.RetryPolicy;

class RetryPolicyTest {

    @Test
    void defaultsAreSixAttemptsFromHalfASecondUpToThirtySecondsAndAMinutePerCall() {
        assertThat(RetryPolicy.defaults()).isEqualTo(
                new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60)));
    }

    @Test
    void backoffDoublesFromTheInitialBackoffUpToTheMaximum() {
        RetryPolicy policy = RetryPolicy.defaults();

        assertThat(policy.backoffCeiling(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoffCeiling(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffCeiling(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoffCeiling(7)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.backoffCeiling(1_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void zeroInitialBackoffMeansRetryingAtOnce() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1));

        assertThat(policy.backoffCeiling(5)).isEqualTo(Duration.ZERO);
    }

    @Test
    void rejectsNonsenseWithMessagesNamingTheField() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new RetryPolicy(0, second, second, second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RetryPolicy.maxAttempts must be at least 1 (1 = no retries) but is 0");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(-1), second, second))
                .hasMessageContaining("RetryPolicy.initialBackoff must not be negative");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(5), second, second))
                .hasMessage("RetryPolicy.maxBackoff (PT1S) must not be shorter than initialBackoff (PT5S)");
        assertThatThrownBy(() -> new RetryPolicy(3, second, second, Duration.ZERO))
                .hasMessage("RetryPolicy.callTimeout must be positive but is PT0S");
        assertThatThrownBy(() -> new RetryPolicy(3, null, second, second))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("RetryPolicy.initialBackoff must not be null");
    }
}

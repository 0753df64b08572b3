package dev.junitprompt.eval;

import static dev.junitprompt.eval.Results.took;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Score;

class LatencyTest {

    @Test
    void passesWithinTheMaximumSayingTheTimeMeasured() {
        Score score = Evaluators.latencyAtMost(Duration.ofSeconds(2)).evaluate(took(Duration.ofMillis(1234)));

        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.type()).isEqualTo(Score.Type.BOOLEAN);
        assertThat(score.name()).isEqualTo("latency");
        assertThat(score.comment()).isEqualTo("1234 ms, within the maximum of 2000 ms");
        assertThat(score.metadata()).containsEntry("latency_ms", 1234L);
    }

    @Test
    void passesAtTheMaximumToTheMillisecond() {
        assertThat(new Latency("max_ms=500").evaluate(took(Duration.ofNanos(500_900_000))).value()).isEqualTo(1.0);
    }

    @Test
    void failsAboveTheMaximum() {
        Score score = new Latency("max_ms=500").evaluate(took(Duration.ofMillis(501)));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).isEqualTo("501 ms, more than the maximum of 500 ms");
    }

    @Test
    void isFoundByNameWithItsArgument() throws Exception {
        assertThat(Evaluators.byName("latency", List.of("max_ms=10")).evaluate(took(Duration.ofMillis(11))).value())
                .isZero();
    }

    @Test
    void needsExactlyOneMaximum() {
        assertThatIllegalArgumentException().isThrownBy(Latency::new)
                .withMessage("Evaluator 'latency' takes exactly one argument, max_ms=<milliseconds>, but got 0");
    }

    @Test
    void rejectsAMaximumThatIsNotACount() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Latency("max_ms=2s"))
                .withMessage("Argument 'max_ms=2s' of evaluator 'latency' must be a whole number of milliseconds, 0 or more");
        assertThatIllegalArgumentException().isThrownBy(() -> new Latency("max=2000"))
                .withMessage("Evaluator 'latency' does not understand the argument 'max=2000'; it accepts max_ms=...");
    }

    @Test
    void rejectsANegativeMaximum() {
        assertThatIllegalArgumentException().isThrownBy(() -> Evaluators.latencyAtMost(Duration.ofMillis(-1)))
                .withMessage("Evaluator 'latency' needs a maximum latency of 0 or more but got -1 ms");
    }
}

package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import dev.junitprompt.internal.RetryAfter;

class ProviderHttpExceptionTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterInSeconds() {
        assertThat(RetryAfter.parse("2", NOW)).contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse(" 120 ", NOW)).contains(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse("0", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("1.5", NOW)).contains(Duration.ofMillis(1500));
    }

    @Test
    void retryAfterAsAnHttpDate() {
        assertThat(RetryAfter.parse("Sat, 01 Mar 2025 12:00:07 GMT", NOW))
                .contains(Duration.ofSeconds(7));
    }

    @Test
    void aRetryAfterDateInThePastMeansNow() {
        assertThat(RetryAfter.parse("Sat, 01 Mar 2025 11:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void garbageRetryAfterIsIgnored() {
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-3", NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).isEmpty();
    }

    @Test
    void openAisRetryAfterMilliseconds() {
        assertThat(RetryAfter.parseMillis("250")).contains(Duration.ofMillis(250));
        assertThat(RetryAfter.parseMillis("20.5")).contains(Duration.ofNanos(20_500_000));
        assertThat(RetryAfter.parseMillis("x")).isEmpty();
        assertThat(RetryAfter.parseMillis(null)).isEmpty();
    }

    @Test
    void takesTheMessageOutOfOpenAisAndAnthropicsErrors() {
        assertThat(ProviderHttpException.providerMessage("""
                {"error":{"message":"Rate limit reached for gpt-4o-mini","type":"requests","code":"rate_limit_exceeded"}}
                """)).isEqualTo("Rate limit reached for gpt-4o-mini");
        assertThat(ProviderHttpException.providerMessage("""
                {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}
                """)).isEqualTo("Overloaded");
    }

    @Test
    void takesOllamasPlainErrorString() {
        assertThat(ProviderHttpException.providerMessage("{\"error\":\"model 'llama9' not found\"}"))
                .isEqualTo("model 'llama9' not found");
    }

    @Test
    void keepsTheStartOfABodyThatIsNotAJsonError() {
        assertThat(ProviderHttpException.providerMessage("<html>Bad gateway</html>")).isEqualTo("<html>Bad gateway</html>");
        assertThat(ProviderHttpException.providerMessage("{not json")).isEqualTo("{not json");
        assertThat(ProviderHttpException.providerMessage("x".repeat(2_000))).hasSize(501).endsWith("x…");
        assertThat(ProviderHttpException.providerMessage("")).isEmpty();
    }

    @Test
    void messageSaysStatusReasonAndTheProvidersMessage() {
        ProviderHttpException e = new ProviderHttpException(429, "Slow down", "{}", Optional.of(Duration.ofSeconds(2)));

        assertThat(e).hasMessage("HTTP 429 Too Many Requests: Slow down").hasNoCause();
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(new ProviderHttpException(503, "", "", Optional.empty())).hasMessage("HTTP 503 Service Unavailable");
        assertThat(new ProviderHttpException(418, "teapot", "", null)).hasMessage("HTTP 418: teapot");
    }
}

package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ProviderHttpExceptionTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterInSeconds() {
        assertThat(ProviderHttpException.parseRetryAfter("2", NOW)).contains(Duration.ofSeconds(2));
        assertThat(ProviderHttpException.parseRetryAfter(" 120 ", NOW)).contains(Duration.ofMinutes(2));
        assertThat(ProviderHttpException.parseRetryAfter("0", NOW)).contains(Duration.ZERO);
        assertThat(ProviderHttpException.parseRetryAfter("1.5", NOW)).contains(Duration.ofMillis(1500));
    }

    @Test
    void retryAfterAsAnHttpDate() {
        assertThat(ProviderHttpException.parseRetryAfter("Sat, 01 Mar 2025 12:00:07 GMT", NOW))
                .contains(Duration.ofSeconds(7));
    }

    @Test
    void aRetryAfterDateInThePastMeansNow() {
        assertThat(ProviderHttpException.parseRetryAfter("Sat, 01 Mar 2025 11:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void garbageRetryAfterIsIgnored() {
        assertThat(ProviderHttpException.parseRetryAfter("soon", NOW)).isEmpty();
        assertThat(ProviderHttpException.parseRetryAfter("-3", NOW)).isEmpty();
        assertThat(ProviderHttpException.parseRetryAfter("", NOW)).isEmpty();
        assertThat(ProviderHttpException.parseRetryAfter(null, NOW)).isEmpty();
        assertThat(ProviderHttpException.parseRetryAfter("99999999999999999999", NOW)).isEmpty();
    }

    @Test
    void openAisRetryAfterMilliseconds() {
        assertThat(ProviderHttpException.parseRetryAfterMillis("250")).contains(Duration.ofMillis(250));
        assertThat(ProviderHttpException.parseRetryAfterMillis("20.5")).contains(Duration.ofNanos(20_500_000));
        assertThat(ProviderHttpException.parseRetryAfterMillis("x")).isEmpty();
        assertThat(ProviderHttpException.parseRetryAfterMillis(null)).isEmpty();
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

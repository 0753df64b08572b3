package dev.junitprompt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretsTest {

    private final Secrets secrets = Secrets.fromEnvironment(Map.of("OPENAI_API_KEY", "sk-proj-abcdefgh12345678",
            "LANGFUSE_PUBLIC_KEY", "pk-lf-public", "LANGFUSE_SECRET_KEY", "sk-lf-secret-0123",
            "GITHUB_TOKEN", "ghp_0123456789", "HOME", "/home/someone-with-a-long-path", "SOME_KEY_FLAG", "true"));

    @Test
    void credentialsOfTheEnvironmentAndTheirBase64FormsAreRedacted() {
        String basic = Base64.getEncoder().encodeToString("pk-lf-public:sk-lf-secret-0123".getBytes(StandardCharsets.UTF_8));

        assertThat(secrets.redact("401: Incorrect API key provided: sk-proj-abcdefgh12345678 (Basic " + basic + ")"))
                .isEqualTo("401: Incorrect API key provided: [redacted] (Basic [redacted])");
        assertThat(secrets.redact("token ghp_0123456789 in /home/someone-with-a-long-path, flag true"))
                .as("only what a credential's name marks, and not the short values")
                .isEqualTo("token [redacted] in /home/someone-with-a-long-path, flag true");
        assertThat(secrets.redact((String) null)).isNull();
    }

    @Test
    void anExceptionChainThatHoldsASecretIsCopiedWithRedactedMessagesAndTheOriginalStack() {
        IllegalStateException cause = new IllegalStateException("echo: x-api-key sk-lf-secret-0123");
        RuntimeException thrown = new RuntimeException("call failed", cause);

        Throwable redacted = secrets.redact(thrown);

        assertThat(redacted).isInstanceOf(Secrets.RedactedException.class)
                .hasMessage("java.lang.RuntimeException: call failed");
        assertThat(redacted.getStackTrace()).isEqualTo(thrown.getStackTrace());
        assertThat(redacted.getCause()).hasMessage("java.lang.IllegalStateException: echo: x-api-key [redacted]");
        RuntimeException clean = new RuntimeException("nothing to hide");
        assertThat(secrets.redact(clean)).as("kept as it is").isSameAs(clean);
    }
}

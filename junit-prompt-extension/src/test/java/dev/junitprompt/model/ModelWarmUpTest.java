package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelWarmUpTest {

    @Test
    void theWarmUpCallsEachProviderClientAndIsAnsweredFromMemory() {
        // False when a LangChain4j or OkHttp upgrade breaks a call (or it tried the network, where nothing listens):
        // then it would warm nothing up.
        assertThat(ModelWarmUp.warmUp(java.util.List.of("openai", "anthropic"))).isTrue();
    }

    @Test
    void theTlsStackIsWarmedUpOnlyForAProviderCalledOverTls() {
        assertThat(ModelWarmUp.needsTls(java.util.Map.of("OPENAI_API_KEY", "k"))).isTrue();
        assertThat(ModelWarmUp.needsTls(java.util.Map.of("ANTHROPIC_API_KEY", "k",
                "ANTHROPIC_BASE_URL", "https://proxy.example.com"))).isTrue();
        assertThat(ModelWarmUp.needsTls(java.util.Map.of("OPENAI_API_KEY", "k",
                "OPENAI_BASE_URL", "http://127.0.0.1:8000/v1"))).isFalse();
        assertThat(ModelWarmUp.needsTls(java.util.Map.of())).isFalse();
        assertThat(ModelWarmUp.needsTls(java.util.Map.of("OPENAI_API_KEY", " "))).isFalse();
        assertThat(ModelWarmUp.needsTls(java.util.Map.of("OPENAI_BASE_URL", "https://vllm.example.com/v1"))).isTrue();
        assertThat(ModelWarmUp.needsTls(java.util.Map.of("OLLAMA_BASE_URL", "https://ollama.example.com"))).isTrue();
    }

    @Test
    void anthropicsClientIsWarmedUpOnlyWithItsKey() {
        assertThat(ModelWarmUp.providers(java.util.Map.of())).containsExactly("openai");
        assertThat(ModelWarmUp.providers(java.util.Map.of("ANTHROPIC_API_KEY", " "))).containsExactly("openai");
        assertThat(ModelWarmUp.providers(java.util.Map.of("ANTHROPIC_API_KEY", "k")))
                .containsExactly("openai", "anthropic");
    }
}

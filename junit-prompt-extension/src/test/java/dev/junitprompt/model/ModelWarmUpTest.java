package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ModelWarmUpTest {

    @Test
    void theWarmUpCallIsAnsweredInThisJvmThroughTheClientJunitPromptBuilds() {
        // No server of the test's and no key: the warm-up answers its own call on loopback.
        assertThat(ModelWarmUp.warmUp()).isTrue();
    }
}

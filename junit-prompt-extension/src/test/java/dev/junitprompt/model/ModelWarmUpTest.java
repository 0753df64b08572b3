package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelWarmUpTest {

    @Test
    void theWarmUpBuildsTheModelClientsWithoutCallingAnything() {
        // False when a LangChain4j or OkHttp upgrade breaks what it builds: then it would warm nothing up.
        assertThat(ModelWarmUp.loadClasses()).isTrue();
    }
}

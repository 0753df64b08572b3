package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CacheModeTest {

    @Test
    void defaultsToReplayOnCi() {
        assertThat(CacheMode.parse(null, Map.of("CI", "true"))).isEqualTo(CacheMode.REPLAY);
    }

    @Test
    void defaultsToAutoOnADevelopersMachine() {
        assertThat(CacheMode.parse(null, Map.of("HOME", "/home/dev"))).isEqualTo(CacheMode.AUTO);
    }

    @Test
    void treatsABlankValueAsUnset() {
        assertThat(CacheMode.parse("  ", Map.of("CI", "1"))).isEqualTo(CacheMode.REPLAY);
        assertThat(CacheMode.parse("", Map.of())).isEqualTo(CacheMode.AUTO);
    }

    @Test
    void readsValuesIgnoringCaseAndSurroundingSpace() {
        assertThat(CacheMode.parse("Record", Map.of())).isEqualTo(CacheMode.RECORD);
        assertThat(CacheMode.parse(" replay ", Map.of())).isEqualTo(CacheMode.REPLAY);
        assertThat(CacheMode.parse("AUTO", Map.of("CI", "true"))).isEqualTo(CacheMode.AUTO);
        assertThat(CacheMode.parse("off", Map.of())).isEqualTo(CacheMode.OFF);
    }

    @Test
    void rejectsAnUnknownValueNamingTheKeyAndTheChoices() {
        assertThatThrownBy(() -> CacheMode.parse("replay-only", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prompt.experiment.cache.mode is 'replay-only'; use replay, record, auto or off");
    }
}

package dev.junitprompt.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.junitprompt.results.Format;

class FormatTest {

    @Test
    void wholePercentagesHaveNoDecimals() {
        assertThat(Format.percent(1.0)).isEqualTo("100%");
        assertThat(Format.percent(0.75)).isEqualTo("75%");
    }

    @Test
    void aShareShortOfWholeNeverRoundsUpToLookWhole() {
        assertThat(Format.percent(199.0 / 200)).isEqualTo("99.5%");
        assertThat(Format.percent(1999.0 / 2000)).isEqualTo("99.9%");
        assertThat(Format.percent(1.0 / 3)).isEqualTo("33.3%");
    }
}

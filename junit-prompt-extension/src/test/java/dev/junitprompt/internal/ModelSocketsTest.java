package dev.junitprompt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ModelSocketsTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void connectsToOneAddressStartAMillisecondApart() {
        // Nanos as System.nanoTime() gives them, which may be negative: only differences count.
        long t = -5 * MS;
        ModelSockets.Pacer pacer = new ModelSockets.Pacer(t);

        assertThat(pacer.reserve(t)).isZero();
        assertThat(pacer.reserve(t)).isEqualTo(MS);
        assertThat(pacer.reserve(t + MS / 2)).isEqualTo(MS + MS / 2); // its turn is at t + 2 ms
    }

    @Test
    void aConnectAfterAQuietSpellStartsAtOnce() {
        ModelSockets.Pacer pacer = new ModelSockets.Pacer(0);
        pacer.reserve(0);
        pacer.reserve(0);

        assertThat(pacer.reserve(10 * MS)).isZero();
        assertThat(pacer.reserve(10 * MS)).isEqualTo(MS);
    }
}

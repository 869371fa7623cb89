package org.modelgate.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The guard releases its resource exactly once, never while a run is in flight. */
class InFlightGuardTest {
    private final AtomicInteger releases = new AtomicInteger();
    private final InFlightGuard guard = new InFlightGuard(releases::incrementAndGet);

    @Test
    void closingAnIdleGuardReleasesAtOnce() {
        guard.close();

        assertThat(releases).hasValue(1);
        assertThat(guard.enter()).isFalse();
        assertThat(releases).hasValue(1);
    }

    @Test
    void closingDuringARunReleasesWhenTheRunExits() {
        assertThat(guard.enter()).isTrue();
        assertThat(guard.enter()).isTrue();

        guard.close();
        assertThat(releases).as("two runs in flight").hasValue(0);
        assertThat(guard.enter()).as("no new run after close").isFalse();
        guard.exit();
        assertThat(releases).as("one run still in flight").hasValue(0);
        guard.exit();

        assertThat(releases).hasValue(1);
        assertThat(guard.isReleased()).isTrue();
    }

    @Test
    void closingTwiceReleasesOnce() {
        guard.close();
        guard.close();

        assertThat(releases).hasValue(1);
        assertThat(guard.isClosed()).isTrue();
    }
}

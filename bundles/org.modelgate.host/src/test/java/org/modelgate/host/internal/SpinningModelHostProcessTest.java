package org.modelgate.host.internal;

/**
 * Feature: every failure of a host (death, hang, garbage, stale socket, shared memory growth) is handled the same
 * when its lanes spin on the shared memory before they sleep: the spin is bounded, and a reader then blocks on the
 * socket, where a death or the watchdog's close is seen as before.
 */
class SpinningModelHostProcessTest extends ModelHostProcessTest {
    @Override
    long spinNanos() {
        return 200_000;
    }
}

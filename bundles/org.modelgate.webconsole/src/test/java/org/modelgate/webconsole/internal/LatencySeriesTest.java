package org.modelgate.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One model version's one-second buckets over ten minutes. */
class LatencySeriesTest {
    private static final long T0 = 1_800_000_000L;
    private final LatencySeries series = new LatencySeries();
    private LatencySeries.Window window;

    @Test
    void p50AndP95AreTheNearestRanksOfTheSecondsLatencies() {
        givenLatencies(T0, 1, 20); // 1..20 ms in one second, in a scrambled order
        whenTheWindowEndsAt(T0);
        thenAt(T0, 20, 10.0, 19.0); // ranks ceil(0.5 * 20) = 10 and ceil(0.95 * 20) = 19
    }

    @Test
    void aFewRequestsGiveExactPercentilesOfWhatWasSeen() {
        series.add(T0, 30f, false);
        series.add(T0, 10f, false);
        series.add(T0, 20f, true);
        whenTheWindowEndsAt(T0);
        thenAt(T0, 3, 20.0, 30.0);
        assertThat(window.failures()[LatencySeries.SECONDS - 1]).isEqualTo(1);
    }

    @Test
    void manyRequestsInASecondAreSampledAndP95StaysNearTheTruth() {
        givenLatencies(T0, 1, 10_000); // far more than a bucket keeps
        whenTheWindowEndsAt(T0);
        int last = LatencySeries.SECONDS - 1;
        assertThat(window.counts()[last]).isEqualTo(10_000);
        // A uniform sample of 32 out of 1..10000: its nearest-rank p95 lies in the upper part, its median in the middle.
        assertThat(window.p95Millis()[last]).isBetween(7_000.0, 10_000.0);
        assertThat(window.p50Millis()[last]).isBetween(2_000.0, 8_000.0);
    }

    @Test
    void secondsWithoutRequestsAreGapsAndTheWindowHasOnePointPerSecond() {
        series.add(T0, 5f, false);
        series.add(T0 + 2, 7f, false);
        whenTheWindowEndsAt(T0 + 2);
        assertThat(window.startSecond()).isEqualTo(T0 + 2 - LatencySeries.SECONDS + 1);
        assertThat(window.counts()).hasSize(LatencySeries.SECONDS);
        int last = LatencySeries.SECONDS - 1;
        assertThat(window.counts()[last - 2]).isEqualTo(1);
        assertThat(window.counts()[last - 1]).isZero();
        assertThat(window.p95Millis()[last - 1]).isNaN();
        assertThat(window.p95Millis()[last]).isEqualTo(7.0);
        assertThat(window.secondsWithRequests()).isEqualTo(2);
        assertThat(window.requests()).isEqualTo(2);
    }

    @Test
    void bucketsRollOverAfterTenMinutesAndOldRecordsAreDropped() {
        series.add(T0, 5f, false);
        series.add(T0 + LatencySeries.SECONDS, 9f, false); // falls on T0's bucket: reuses it
        whenTheWindowEndsAt(T0 + LatencySeries.SECONDS);
        int last = LatencySeries.SECONDS - 1;
        assertThat(window.counts()[last]).isEqualTo(1);
        assertThat(window.p50Millis()[last]).isEqualTo(9.0);
        assertThat(window.requests()).as("T0 left the window").isEqualTo(1);

        series.add(T0, 1f, false); // a late record of a second the ring moved past
        whenTheWindowEndsAt(T0 + LatencySeries.SECONDS);
        assertThat(window.requests()).isEqualTo(1);
        assertThat(window.p50Millis()[last]).isEqualTo(9.0);
    }

    @Test
    void aWindowEndingLaterSeesOnlyTheLastTenMinutes() {
        series.add(T0, 5f, false);
        whenTheWindowEndsAt(T0 + LatencySeries.SECONDS - 1);
        assertThat(window.requests()).isEqualTo(1);
        whenTheWindowEndsAt(T0 + LatencySeries.SECONDS);
        assertThat(window.requests()).isZero();
    }

    @Test
    void memoryIsFixedWhateverTheTraffic() throws Exception {
        long before = retainedArrayLength();
        for (long s = T0; s < T0 + 3 * LatencySeries.SECONDS; s++) {
            for (int i = 0; i < 50; i++) {
                series.add(s, i, false);
            }
        }
        assertThat(retainedArrayLength()).isEqualTo(before)
                .isEqualTo(3L * LatencySeries.SECONDS + (long) LatencySeries.SECONDS * LatencySeries.SAMPLES_PER_SECOND);
        whenTheWindowEndsAt(T0 + 3 * LatencySeries.SECONDS - 1);
        assertThat(window.requests()).isEqualTo(50L * LatencySeries.SECONDS);
    }

    private long retainedArrayLength() throws IllegalAccessException {
        long total = 0;
        for (var field : LatencySeries.class.getDeclaredFields()) {
            if (field.getType().isArray() && !java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                total += java.lang.reflect.Array.getLength(field.get(series));
            }
        }
        return total;
    }

    private void givenLatencies(long second, int from, int to) {
        // In a scrambled order, so that the percentiles cannot come from the arrival order.
        int n = to - from + 1;
        for (int i = 0; i < n; i++) {
            int value = from + (int) ((i * 7919L) % n);
            series.add(second, value, false);
        }
    }

    private void whenTheWindowEndsAt(long second) {
        window = series.window(second);
    }

    private void thenAt(long second, int count, double p50, double p95) {
        int i = (int) (second - window.startSecond());
        assertThat(window.counts()[i]).isEqualTo(count);
        assertThat(window.p50Millis()[i]).isEqualTo(p50);
        assertThat(window.p95Millis()[i]).isEqualTo(p95);
    }
}

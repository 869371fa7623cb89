package org.modelgate.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modelgate.api.Tensor;
import org.modelgate.spi.InferenceRecord;

/** The page's InferenceMonitor: records become per-version series, bounded in number. */
class TrafficSeriesTest {
    private static final long T0_MILLIS = 1_800_000_000_000L;
    private final TrafficSeries traffic = new TrafficSeries();

    @Test
    void recordsOfEachVersionGoIntoTheirOwnSeries() {
        givenRecord("iris", "1.0.0", T0_MILLIS + 100, 4_000_000L, InferenceRecord.Outcome.SUCCESS);
        givenRecord("iris", "1.0.0", T0_MILLIS + 900, 8_000_000L, InferenceRecord.Outcome.FAILED);
        givenRecord("iris", "1.1.0", T0_MILLIS + 1_500, 2_000_000L, InferenceRecord.Outcome.SUCCESS);
        givenRecord("wine", "2.0.0", T0_MILLIS, 1_000_000L, InferenceRecord.Outcome.SUCCESS);

        Map<String, LatencySeries.Window> windows = traffic.windows("iris", T0_MILLIS / 1000 + 1);

        assertThat(traffic.models()).containsExactly("iris", "wine");
        assertThat(windows).containsOnlyKeys("1.0.0", "1.1.0");
        int last = LatencySeries.SECONDS - 1;
        LatencySeries.Window first = windows.get("1.0.0");
        assertThat(first.counts()[last - 1]).isEqualTo(2);
        assertThat(first.failures()[last - 1]).isEqualTo(1);
        assertThat(first.p50Millis()[last - 1]).isEqualTo(4.0);
        assertThat(first.p95Millis()[last - 1]).isEqualTo(8.0);
        assertThat(windows.get("1.1.0").counts()[last]).isEqualTo(1);
    }

    @Test
    void versionsWithoutTrafficInTheWindowAreLeftOut() {
        givenRecord("iris", "1.0.0", T0_MILLIS, 1_000_000L, InferenceRecord.Outcome.SUCCESS);
        assertThat(traffic.windows("iris", T0_MILLIS / 1000 + LatencySeries.SECONDS)).isEmpty();
        assertThat(traffic.windows("unknown", T0_MILLIS / 1000)).isEmpty();
    }

    @Test
    void theVersionThatServedLongestAgoMakesRoomWhenFull() {
        for (int i = 0; i < TrafficSeries.MAX_SERIES; i++) {
            givenRecord("m" + i, "1.0.0", T0_MILLIS + i * 1000L, 1_000_000L, InferenceRecord.Outcome.SUCCESS);
        }
        givenRecord("m0", "1.0.0", T0_MILLIS + 100_000L, 1_000_000L, InferenceRecord.Outcome.SUCCESS); // m0 is recent again

        givenRecord("newcomer", "1.0.0", T0_MILLIS + 101_000L, 1_000_000L, InferenceRecord.Outcome.SUCCESS);

        assertThat(traffic.size()).isEqualTo(TrafficSeries.MAX_SERIES);
        assertThat(traffic.models()).contains("newcomer", "m0").doesNotContain("m1");
    }

    private void givenRecord(String model, String version, long startMillis, long latencyNanos, InferenceRecord.Outcome outcome) {
        List<Tensor> none = List.of();
        traffic.accept(new InferenceRecord(model, version, "onnxruntime", null, "r", startMillis, latencyNanos, latencyNanos, outcome,
                none, null, 0));
    }
}

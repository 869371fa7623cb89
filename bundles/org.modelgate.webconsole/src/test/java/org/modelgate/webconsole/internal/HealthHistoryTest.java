package org.modelgate.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Accuracy and drift share sampled over time, in fixed memory. */
class HealthHistoryTest {
    private final HealthHistory history = new HealthHistory();

    @Test
    void keepsTheLastSamplesOldestFirst() {
        for (int i = 0; i < HealthHistory.POINTS + 5; i++) {
            history.add("iris", new HealthSource.HealthPoint(1000 + 5L * i, i / 1000.0, Double.NaN));
        }
        var points = history.points("iris");
        assertThat(points).hasSize(HealthHistory.POINTS);
        assertThat(points.get(0).epochSecond()).isEqualTo(1000 + 5L * 5);
        assertThat(points.get(HealthHistory.POINTS - 1).epochSecond()).isEqualTo(1000 + 5L * (HealthHistory.POINTS + 4));
        assertThat(history.points("wine")).isEmpty();
    }

    @Test
    void theModelSampledLongestAgoMakesRoom() {
        for (int i = 0; i < HealthHistory.MAX_MODELS; i++) {
            history.add("m" + i, new HealthSource.HealthPoint(i, 1, 0));
        }
        history.add("m0", new HealthSource.HealthPoint(100, 1, 0));
        history.add("newcomer", new HealthSource.HealthPoint(101, 1, 0));
        assertThat(history.models()).isEqualTo(HealthHistory.MAX_MODELS);
        assertThat(history.points("m1")).isEmpty();
        assertThat(history.points("m0")).hasSize(2);
    }
}

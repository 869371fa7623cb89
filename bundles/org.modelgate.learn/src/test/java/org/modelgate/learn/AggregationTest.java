package org.modelgate.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Given a round's updates, when they are aggregated by each rule, then the result is the rule's. */
class AggregationTest {
    private final List<ClientUpdate> round = new ArrayList<>();
    private float[] result;

    @Test
    void fedAvgWeightsEachUpdateBySampleCount() {
        givenUpdate("gw-1", 30, 1f, 0f);
        givenUpdate("gw-2", 10, 5f, 4f);
        whenCombinedBy(AggregationRule.FEDAVG, 0);
        thenResultIs(2f, 1f); // (30*1 + 10*5) / 40, (30*0 + 10*4) / 40
    }

    @Test
    void trimmedMeanIgnoresOneUpdateScaledBy100() {
        givenNineHonestUpdatesAround(0.5f);
        givenScaledCopyOfTheFirstUpdate(100);
        whenCombinedBy(AggregationRule.TRIMMED_MEAN, 0.1);
        thenEveryValueLiesWithinTheHonestRange(0.4f, 0.6f);
    }

    @Test
    void medianIgnoresOneUpdateScaledBy100() {
        givenNineHonestUpdatesAround(0.5f);
        givenScaledCopyOfTheFirstUpdate(100);
        whenCombinedBy(AggregationRule.MEDIAN, 0);
        thenEveryValueLiesWithinTheHonestRange(0.4f, 0.6f);
    }

    @Test
    void fedAvgIsDraggedByTheScaledUpdateWhichIsWhyTheValidatorBoundsNorms() {
        givenNineHonestUpdatesAround(0.5f);
        givenScaledCopyOfTheFirstUpdate(100);
        whenCombinedBy(AggregationRule.FEDAVG, 0);
        assertTrue(result[0] > 5, "FedAvg alone follows the poisoned update: " + result[0]);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        givenUpdate("a", 1, 1f);
        givenUpdate("b", 1, 2f);
        givenUpdate("c", 1, 4f);
        givenUpdate("d", 1, 100f);
        whenCombinedBy(AggregationRule.MEDIAN, 0);
        thenResultIs(3f);
    }

    @Test
    void trimmedMeanDropsFloorOfTheFractionAtEachEnd() {
        givenUpdate("a", 1, -50f);
        givenUpdate("b", 1, 1f);
        givenUpdate("c", 1, 2f);
        givenUpdate("d", 1, 3f);
        givenUpdate("e", 1, 70f);
        whenCombinedBy(AggregationRule.TRIMMED_MEAN, 0.2); // floor(0.2 * 5) = 1 at each end
        thenResultIs(2f);
    }

    @Test
    void anEmptyRoundOrUpdatesOfDifferentLengthsAreRefused() {
        Aggregation fedAvg = Aggregation.of(AggregationRule.FEDAVG, 0);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> fedAvg.combine(List.of()));
        assertEquals("no accepted updates to aggregate", none.getMessage());
        givenUpdate("gw-1", 1, 1f, 2f);
        givenUpdate("gw-2", 1, 1f);
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class, () -> fedAvg.combine(round));
        assertTrue(lengths.getMessage().contains("gw-2 has 1 parameters"), lengths.getMessage());
    }

    @Test
    void aTrimFractionOfHalfOrMoreIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Aggregation.of(AggregationRule.TRIMMED_MEAN, 0.5));
    }

    private void givenUpdate(String device, int samples, float... delta) {
        round.add(new ClientUpdate(device, 1, samples, delta));
    }

    private void givenNineHonestUpdatesAround(float centre) {
        Random random = new Random(3);
        for (int k = 0; k < 9; k++) {
            float[] delta = new float[20];
            for (int i = 0; i < delta.length; i++) {
                delta[i] = centre + (float) (random.nextDouble() * 0.2 - 0.1);
            }
            round.add(new ClientUpdate("honest-" + k, 1, 50, delta));
        }
    }

    private void givenScaledCopyOfTheFirstUpdate(float factor) {
        float[] delta = round.get(0).delta().clone();
        for (int i = 0; i < delta.length; i++) {
            delta[i] *= factor;
        }
        round.add(new ClientUpdate("poisoned", 1, 50, delta));
    }

    private void whenCombinedBy(AggregationRule rule, double trimFraction) {
        result = Aggregation.of(rule, trimFraction).combine(round);
    }

    private void thenResultIs(float... expected) {
        assertArrayEquals(expected, result, 1e-6f);
    }

    private void thenEveryValueLiesWithinTheHonestRange(float low, float high) {
        for (int i = 0; i < result.length; i++) {
            assertTrue(result[i] >= low && result[i] <= high, "value " + i + " is " + result[i]);
        }
    }
}

package org.modelgate.learn.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Feature: clipped floats encode into integers mod 2^k whose sum over the round's clients decodes without overflow. */
class FixedPointTest {

    @Test
    void theSumOfTheMostClientsAtTheClipRangeDoesNotOverflow() {
        FixedPoint codec = FixedPoint.forClients(20, 1.0f, 32);
        assertTrue(codec.maxClients() >= 20, "maxClients " + codec.maxClients());
        long[] sum = new long[2];
        for (int client = 0; client < 20; client++) {
            long[] encoded = codec.encode(new float[] {1.0f, -1.0f});
            sum[0] = (sum[0] + encoded[0]) & 0xffffffffL;
            sum[1] = (sum[1] + encoded[1]) & 0xffffffffL;
        }
        assertArrayEquals(new float[] {20f, -20f}, codec.decodeSum(sum, 20), 20 * (float) codec.resolution());
    }

    @Test
    void negativeValuesAreTwosComplementModTwoToTheK() {
        FixedPoint codec = new FixedPoint(1000, 1.0f, 32);
        assertEquals(0xffffffffL - 499, codec.encode(new float[] {-0.5f})[0]);
        assertEquals(-0.5f, codec.decodeSum(codec.encode(new float[] {-0.5f}), 1)[0]);
    }

    @Test
    void theResolutionForTwentyClientsAtTwoToTheThirtyTwoIsBelowTenToTheMinusEight() {
        assertTrue(FixedPoint.forClients(20, 1.0f, 32).resolution() < 1e-8);
    }

    @Test
    void aValueOutsideTheClipRangeIsRefused() {
        FixedPoint codec = FixedPoint.forClients(10, 0.5f, 32);
        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class,
            () -> codec.encode(new float[] {0.1f, 0.7f}));
        assertTrue(refusal.getMessage().contains("value 0.7 at index 1 is outside the clip range"), refusal.getMessage());
        refusal = assertThrows(IllegalArgumentException.class, () -> codec.encode(new float[] {Float.NaN}));
        assertTrue(refusal.getMessage().contains("not finite"), refusal.getMessage());
    }

    @Test
    void decodingMoreClientsThanTheEncoderAllowsIsRefused() {
        FixedPoint codec = FixedPoint.forClients(10, 1.0f, 32);
        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class,
            () -> codec.decodeSum(new long[1], codec.maxClients() + 1));
        assertTrue(refusal.getMessage().contains("may have overflowed"), refusal.getMessage());
    }
}

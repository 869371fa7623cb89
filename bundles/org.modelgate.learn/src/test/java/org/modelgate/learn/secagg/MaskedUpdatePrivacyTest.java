package org.modelgate.learn.secagg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Feature: what the server sees of one device, its masked update, is uncorrelated with the real update and looks
 * uniform, while the real update is strongly structured.
 *
 * <p>Statistics over 20,000 coordinates: the standard error of a Pearson correlation of independent series is
 * 1/sqrt(20000) = 0.007, so |r| &lt; 0.05 is a seven-sigma bound; the chi-squared bound 37.7 is the 0.999 quantile
 * for 15 degrees of freedom. The masks come from seeded generators, so every run sees the same numbers.
 */
class MaskedUpdatePrivacyTest {
    private static final int LENGTH = 20_000;
    private static final double CHI_SQUARED_15_DF_999 = 37.7;

    private SecAggRound round;
    private float[] update;
    private long[] encoded;
    private long[] masked;

    @Test
    void theServersViewOfOneDeviceIsUncorrelatedWithItsUpdate() {
        givenADeviceWithASmoothUpdateAmongThree();
        whenTheDeviceSendsItsMaskedInput();
        thenTheUpdateIsStronglyStructured();
        thenTheMaskedInputIsUncorrelatedWithTheUpdate();
        thenTheMaskedInputsHighBitsAreUniform();
    }

    private void givenADeviceWithASmoothUpdateAmongThree() {
        round = new SecAggRound(SecAggParameters.of("privacy", LENGTH, 2), 3, 99).randomInputs(3);
        FixedPoint codec = FixedPoint.forClients(3, 1.0f, 32);
        update = new float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            update[i] = (float) (0.8 * Math.sin(i / 500.0) + 0.1 * (i % 7) / 7.0);
        }
        encoded = codec.encode(update);
        round.input("gw-00", encoded);
    }

    private void whenTheDeviceSendsItsMaskedInput() {
        round.advertise();
        round.shareKeys();
        round.maskInputs();
        masked = round.maskedInputsSent.get("gw-00").values();
    }

    private void thenTheUpdateIsStronglyStructured() {
        double[] x = toDoubles(update);
        assertTrue(pearson(lag(x, 0), lag(x, 1)) > 0.9, "the update's neighbouring coordinates are correlated");
        assertTrue(chiSquaredOfHighBits(encoded) > 100 * CHI_SQUARED_15_DF_999,
            "the encoded update's high bits are far from uniform: " + chiSquaredOfHighBits(encoded));
    }

    private void thenTheMaskedInputIsUncorrelatedWithTheUpdate() {
        double[] y = unsigned(masked);
        double withUpdate = pearson(y, toDoubles(update));
        double withEncoded = pearson(y, unsigned(encoded));
        double withItself = pearson(lag(y, 0), lag(y, 1));
        assertTrue(Math.abs(withUpdate) < 0.05, "r(masked, update) = " + withUpdate);
        assertTrue(Math.abs(withEncoded) < 0.05, "r(masked, encoded update) = " + withEncoded);
        assertTrue(Math.abs(withItself) < 0.05, "r(masked[i], masked[i+1]) = " + withItself);
    }

    private void thenTheMaskedInputsHighBitsAreUniform() {
        double chiSquared = chiSquaredOfHighBits(masked);
        assertTrue(chiSquared < CHI_SQUARED_15_DF_999, "chi-squared of the top 4 bits = " + chiSquared);
    }

    /** Chi-squared statistic of the top 4 of 32 bits against the uniform distribution over 16 bins. */
    private static double chiSquaredOfHighBits(long[] values) {
        long[] bins = new long[16];
        for (long value : values) {
            bins[(int) (value >>> 28) & 15]++;
        }
        double expected = values.length / 16.0;
        double chiSquared = 0;
        for (long count : bins) {
            chiSquared += (count - expected) * (count - expected) / expected;
        }
        return chiSquared;
    }

    private static double pearson(double[] a, double[] b) {
        double meanA = java.util.Arrays.stream(a).average().orElseThrow();
        double meanB = java.util.Arrays.stream(b).average().orElseThrow();
        double covariance = 0;
        double varianceA = 0;
        double varianceB = 0;
        for (int i = 0; i < a.length; i++) {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }
        return covariance / Math.sqrt(varianceA * varianceB);
    }

    private static double[] lag(double[] values, int offset) {
        return java.util.Arrays.copyOfRange(values, offset, values.length - 1 + offset);
    }

    private static double[] toDoubles(float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }

    private static double[] unsigned(long[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }
}

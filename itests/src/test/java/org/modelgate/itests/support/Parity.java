package org.modelgate.itests.support;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

/**
 * Bit-for-bit comparison of float outputs, with a failure message that shows the first difference.
 */
public final class Parity {
    private Parity() {
    }

    /**
     * Asserts two outputs are the same floats, bit for bit (NaN payloads and the sign of zero included).
     *
     * @param what the output, for the message
     * @param expectedShape the reference shape
     * @param expected the reference values
     * @param actualShape the shape under test
     * @param actual the values under test
     */
    public static void assertBitIdentical(String what, long[] expectedShape, float[] expected, long[] actualShape,
            float[] actual) {
        assertArrayEquals(what + ": shape", expectedShape, actualShape);
        assertEquals(what + ": element count", expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": element " + i + " differs: expected " + expected[i] + " (0x"
                        + Integer.toHexString(Float.floatToRawIntBits(expected[i])) + "), got " + actual[i] + " (0x"
                        + Integer.toHexString(Float.floatToRawIntBits(actual[i])) + ")");
            }
        }
    }

    /**
     * Asserts an output carries information: not all one value (a model returning zeros would match a
     * broken reference).
     *
     * @param what the output, for the message
     * @param values the values
     */
    public static void assertNotConstant(String what, float[] values) {
        for (float value : values) {
            if (Float.floatToRawIntBits(value) != Float.floatToRawIntBits(values[0])) {
                return;
            }
        }
        fail(what + ": all " + values.length + " values are " + (values.length == 0 ? "absent" : values[0]));
    }
}

package org.modelgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Feature: HalfFloats converts every one of the 65,536 FP16 and the 65,536 BF16 bit patterns exactly, back and
 * forth, and rounds floats between two of them to the nearest, ties to even. The expected values are computed
 * here from the bit fields (sign, exponent, fraction) in double arithmetic, independently of the code under test
 * (Java 17 has no Float.float16ToFloat).
 */
class HalfFloatsTest {
    private static final int PATTERNS = 1 << 16;
    private static final int SIGN = 0x8000;

    /** The two formats: their field widths, and the code under test for each. */
    enum Format {
        /** IEEE 754 binary16: 5 exponent bits (bias 15), 10 fraction bits. */
        FP16(5, 10) {
            @Override
            float decode(int bits) {
                return HalfFloats.fp16ToFloat((short) bits);
            }

            @Override
            int encode(float value) {
                return HalfFloats.floatToFp16(value) & 0xffff;
            }
        },
        /** bfloat16, the top half of a float: 8 exponent bits (bias 127), 7 fraction bits. */
        BF16(8, 7) {
            @Override
            float decode(int bits) {
                return HalfFloats.bf16ToFloat((short) bits);
            }

            @Override
            int encode(float value) {
                return HalfFloats.floatToBf16(value) & 0xffff;
            }
        };

        final int exponentBits;
        final int fractionBits;
        final int bias;
        final int infinity;
        final int fractionMask;

        Format(int exponentBits, int fractionBits) {
            this.exponentBits = exponentBits;
            this.fractionBits = fractionBits;
            this.bias = (1 << (exponentBits - 1)) - 1;
            this.fractionMask = (1 << fractionBits) - 1;
            this.infinity = ((1 << exponentBits) - 1) << fractionBits;
        }

        abstract float decode(int bits);

        abstract int encode(float value);

        /** The value of a bit pattern, from its fields alone. */
        float reference(int bits) {
            int exponent = (bits & ~SIGN) >>> fractionBits;
            int fraction = bits & fractionMask;
            double magnitude;
            if (exponent == (1 << exponentBits) - 1) {
                magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
            } else if (exponent == 0) {
                magnitude = Math.scalb((double) fraction, 1 - bias - fractionBits); // subnormal: 0.fraction x 2^(1-bias)
            } else {
                magnitude = Math.scalb((double) ((1 << fractionBits) + fraction), exponent - bias - fractionBits);
            }
            return (float) ((bits & SIGN) != 0 ? -magnitude : magnitude);
        }

        /** The upper neighbour of a positive finite pattern; past the largest, the next binade's first value. */
        double above(int bits) {
            return bits + 1 == infinity ? Math.scalb(1.0, (1 << exponentBits) - 1 - bias) : reference(bits + 1);
        }

        boolean isNan(int bits) {
            return (bits & infinity) == infinity && (bits & fractionMask) != 0;
        }

        /** The fraction's top bit: set on a NaN that comes back, which may come back quiet. */
        int quietBit() {
            return 1 << (fractionBits - 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void everyPatternDecodesToTheValueOfItsBitFields(Format format) {
        List<String> wrong = new ArrayList<>();
        for (int bits = 0; bits < PATTERNS; bits++) {
            float expected = format.reference(bits);
            float actual = format.decode(bits);
            if (Float.floatToIntBits(actual) != Float.floatToIntBits(expected)) {
                wrong.add(String.format("0x%04x: %s, expected %s", bits, actual, expected));
            }
        }
        assertThat(wrong).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void everyPatternSurvivesTheRoundTrip(Format format) {
        List<String> wrong = new ArrayList<>();
        for (int bits = 0; bits < PATTERNS; bits++) {
            int back = format.encode(format.decode(bits));
            // a NaN stays a NaN of the same sign and payload; it may come back quiet
            int expected = format.isNan(bits) ? bits | format.quietBit() : bits;
            if (back != expected) {
                wrong.add(String.format("0x%04x came back as 0x%04x", bits, back));
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * For every pair of neighbours from zero up to the largest finite value and infinity: the midpoint goes to
     * the one with an even fraction, the floats just below and above it to the nearer one, each value to itself;
     * negative values the same with the sign bit.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void floatsBetweenTwoValuesRoundToTheNearestTiesToEven(Format format) {
        List<String> wrong = new ArrayList<>();
        for (int low = 0; low < format.infinity; low++) {
            double lower = format.reference(low);
            // exact: a half has at most 11 significant bits, a float 24
            float midpoint = (float) ((lower + format.above(low)) / 2);
            int even = (low & 1) == 0 ? low : low + 1;
            expect(format, midpoint, even, wrong);
            expect(format, Math.nextDown(midpoint), low, wrong);
            expect(format, Math.nextUp(midpoint), low + 1, wrong);
            expect(format, (float) lower, low, wrong);
        }
        assertThat(wrong).isEmpty();
    }

    private static void expect(Format format, float value, int expected, List<String> wrong) {
        int positive = format.encode(value);
        int negative = format.encode(-value);
        if (positive != expected || negative != (expected | SIGN)) {
            wrong.add(String.format("%s (0x%08x) gave 0x%04x and its negative 0x%04x; expected 0x%04x", value,
                    Float.floatToRawIntBits(value), positive, negative, expected));
        }
    }
}

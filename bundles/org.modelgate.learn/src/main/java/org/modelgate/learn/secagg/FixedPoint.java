package org.modelgate.learn.secagg;

/**
 * Encodes float vectors (already clipped to {@code [-clipRange, clipRange]} by the caller, as differential privacy
 * clipping does) as integers mod 2^k, and decodes the sum of up to {@link #maxClients()} of them back to floats.
 *
 * <p>A value x becomes {@code round(x * scale)}, a signed integer of magnitude at most {@code clipRange * scale},
 * stored in two's complement mod 2^k. The sum of n such values stays within {@code +-(2^(k-1) - 1)} as long as
 * {@code n * clipRange * scale <= 2^(k-1) - 1}, so it decodes without wrapping;
 * {@link #forClients(int, float, int)} picks the largest scale that guarantees this. The decoded sum is within
 * {@code n * 0.5 / scale} of the true sum (rounding of each input).
 *
 * <pre>
 * FixedPoint codec = FixedPoint.forClients(20, 1.0f, 32);     // scale ~1.07e8, resolution ~9.3e-9
 * long[] encoded = codec.encode(clippedUpdate);
 * float[] sum = codec.decodeSum(server.sum(), server.survivors().size());
 * </pre>
 *
 * @param scale the factor a value is multiplied by before rounding (its inverse is the resolution)
 * @param clipRange the largest magnitude an input value may have
 * @param modulusBits k, as in {@link SecAggParameters#modulusBits()}
 */
public record FixedPoint(double scale, float clipRange, int modulusBits) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException where the scale or the clip range is not positive and finite, or not even
     *     one client's value fits in the modulus
     */
    public FixedPoint {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale " + scale + " must be positive and finite");
        }
        if (!(clipRange > 0) || Float.isInfinite(clipRange)) {
            throw new IllegalArgumentException("clipRange " + clipRange + " must be positive and finite");
        }
        if (modulusBits < 16 || modulusBits > 64) {
            throw new IllegalArgumentException("modulusBits " + modulusBits + " is outside 16..64");
        }
        if (Math.round(clipRange * scale) > maxMagnitude(modulusBits)) {
            throw new IllegalArgumentException("clipRange " + clipRange + " times scale " + scale + " does not fit in "
                + "2^" + (modulusBits - 1) + "; lower the scale");
        }
    }

    /**
     * The encoder with the finest resolution for which the sum of {@code maxClients} inputs cannot overflow.
     *
     * @param maxClients the most clients whose inputs are summed (the round's selected clients)
     * @param clipRange the largest magnitude of an input value
     * @param modulusBits k
     * @return the encoder
     * @throws IllegalArgumentException where a value is out of its range
     */
    public static FixedPoint forClients(int maxClients, float clipRange, int modulusBits) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients " + maxClients + " must be at least 1");
        }
        if (!(clipRange > 0) || Float.isInfinite(clipRange)) {
            throw new IllegalArgumentException("clipRange " + clipRange + " must be positive and finite");
        }
        // one unit of headroom per client for the rounding of clipRange * scale
        double scale = Math.floor((maxMagnitude(modulusBits) - maxClients) / ((double) maxClients * clipRange));
        return new FixedPoint(scale, clipRange, modulusBits);
    }

    /** The most inputs whose sum decodes without overflow: {@code (2^(k-1) - 1) / round(clipRange * scale)}. */
    public int maxClients() {
        long perClient = Math.max(1, Math.round(clipRange * scale));
        return (int) Math.min(Integer.MAX_VALUE, maxMagnitude(modulusBits) / perClient);
    }

    /** The step between two encodable values: {@code 1 / scale}. */
    public double resolution() {
        return 1.0 / scale;
    }

    /**
     * Encodes one client's clipped vector.
     *
     * @param clipped the values, each finite and within {@code [-clipRange, clipRange]}
     * @return the integers mod 2^k
     * @throws IllegalArgumentException naming the first value that is not finite or outside the clip range
     */
    public long[] encode(float[] clipped) {
        long modulusMask = MaskStream.modulusMask(modulusBits);
        long[] encoded = new long[clipped.length];
        for (int i = 0; i < clipped.length; i++) {
            float value = clipped[i];
            if (!(Math.abs(value) <= clipRange)) {
                throw new IllegalArgumentException("value " + value + " at index " + i + " is "
                    + (Float.isFinite(value) ? "outside the clip range +-" + clipRange : "not finite")
                    + "; clip the update before encoding it");
            }
            encoded[i] = Math.round(value * scale) & modulusMask;
        }
        return encoded;
    }

    /**
     * Decodes the sum of {@code clients} encoded vectors.
     *
     * @param sum the sum mod 2^k (the server's {@link SecAggServer#sum()})
     * @param clients how many inputs the sum holds
     * @return the sum as floats
     * @throws IllegalArgumentException where more clients than {@link #maxClients()} are summed
     */
    public float[] decodeSum(long[] sum, int clients) {
        if (clients < 1 || clients > maxClients()) {
            throw new IllegalArgumentException(clients + " clients' inputs may have overflowed: this encoder sums at "
                + "most " + maxClients() + "; encode with FixedPoint.forClients(" + clients + ", ...)");
        }
        int unusedBits = 64 - modulusBits;
        float[] decoded = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            long signed = (sum[i] << unusedBits) >> unusedBits; // sign-extend from k bits
            decoded[i] = (float) (signed / scale);
        }
        return decoded;
    }

    private static long maxMagnitude(int modulusBits) {
        return modulusBits == 64 ? Long.MAX_VALUE : (1L << (modulusBits - 1)) - 1;
    }
}

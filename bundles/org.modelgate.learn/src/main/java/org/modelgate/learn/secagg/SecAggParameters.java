package org.modelgate.learn.secagg;

/**
 * What every client and the server of one secure aggregation round agree on before it starts (sent in the round
 * announcement).
 *
 * <pre>
 * SecAggParameters parameters = SecAggParameters.of("round-7", 2416, SecAggParameters.defaultThreshold(20));
 * </pre>
 *
 * @param roundId the round's id, bound into every derived key and share ciphertext (a new id for every round, a
 *     restarted one included)
 * @param vectorLength the number of elements of every client's input
 * @param threshold t: the least number of clients that must remain at every step; t shares reconstruct a secret,
 *     fewer reveal nothing. At least 2; more than half of the clients is the usual choice
 * @param modulusBits k: inputs, masks and the sum are integers mod 2^k (16 to 64); the sum of all clients' inputs
 *     must stay below 2^k, which {@link FixedPoint#forClients(int, float, int)} ensures
 */
public record SecAggParameters(String roundId, int vectorLength, int threshold, int modulusBits) {

    /** The modulus {@link #of(String, int, int)} uses: 2^32. */
    public static final int DEFAULT_MODULUS_BITS = 32;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException where a value is out of its range
     */
    public SecAggParameters {
        Wire.checkId(roundId, "the round id");
        if (vectorLength < 1 || vectorLength > MaskedInput.MAX_LENGTH) {
            throw new IllegalArgumentException("vectorLength " + vectorLength + " is outside 1.."
                + MaskedInput.MAX_LENGTH);
        }
        if (threshold < 2) {
            throw new IllegalArgumentException("threshold " + threshold + " is below 2: one share would reveal a "
                + "client's keys to whoever holds it");
        }
        if (modulusBits < 16 || modulusBits > 64) {
            throw new IllegalArgumentException("modulusBits " + modulusBits + " is outside 16..64");
        }
    }

    /**
     * Parameters with the default modulus 2^32.
     *
     * @param roundId the round's id
     * @param vectorLength the input length
     * @param threshold t, at least 2
     * @return the parameters
     */
    public static SecAggParameters of(String roundId, int vectorLength, int threshold) {
        return new SecAggParameters(roundId, vectorLength, threshold, DEFAULT_MODULUS_BITS);
    }

    /**
     * The usual threshold for a round started with the given number of clients: a strict majority (and at least
     * 2), so the round survives just under half of them dropping out.
     *
     * @param clients the number of clients selected for the round
     * @return {@code max(2, clients / 2 + 1)}
     */
    public static int defaultThreshold(int clients) {
        return Math.max(2, clients / 2 + 1);
    }
}

package org.modelgate.learn.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Feature: the server's output is exactly the sum of the clients' inputs, and nothing but masked inputs reach it. */
class SecureAggregationSumTest {
    private SecAggRound round;
    private FixedPoint codec;
    private final java.util.Map<String, float[]> updates = new java.util.LinkedHashMap<>();
    private long[] sum;

    @Test
    void tenClientsOfTwoThousandValuesSumExactly() {
        givenClientsWithFloatUpdates(10, 2000, 7);
        whenTheRoundRuns();
        thenTheIntegerSumIsThePlainSum();
        thenTheDecodedSumIsWithinTheFixedPointResolution();
    }

    @Test
    void sixtyFourBitModulusSumsExactlyToo() {
        round = new SecAggRound(new SecAggParameters("r-64", 500, 3, 64), 4, 11).randomInputs(5);
        whenTheRoundRuns();
        thenTheIntegerSumIsThePlainSum();
    }

    @Test
    void theMaskedInputIsNotTheInput() {
        givenClientsWithFloatUpdates(10, 2000, 7);
        whenTheRoundRuns();
        for (String id : round.clients.keySet()) {
            long[] input = round.inputs.get(id);
            long[] masked = round.maskedInputsSent.get(id).values();
            int same = 0;
            for (int i = 0; i < input.length; i++) {
                same += input[i] == masked[i] ? 1 : 0;
            }
            assertTrue(same < 5, id + "'s masked input equals its input in " + same + " of 2000 coordinates");
        }
    }

    private void givenClientsWithFloatUpdates(int clients, int length, long seed) {
        round = new SecAggRound(SecAggParameters.of("round-1", length, SecAggParameters.defaultThreshold(clients)),
            clients, seed);
        codec = FixedPoint.forClients(clients, 1.0f, round.parameters.modulusBits());
        Random random = new Random(seed);
        for (String id : round.clients.keySet()) {
            float[] update = new float[length];
            for (int i = 0; i < length; i++) {
                update[i] = (float) Math.max(-1, Math.min(1, random.nextGaussian() * 0.3));
            }
            updates.put(id, update);
            round.input(id, codec.encode(update));
        }
    }

    private void whenTheRoundRuns() {
        sum = round.run();
    }

    private void thenTheIntegerSumIsThePlainSum() {
        assertEquals(round.clients.keySet(), round.server.survivors());
        assertArrayEquals(round.plainSum(round.clients.keySet()), sum);
    }

    private void thenTheDecodedSumIsWithinTheFixedPointResolution() {
        float[] decoded = codec.decodeSum(sum, round.server.survivors().size());
        int n = updates.size();
        for (int i = 0; i < decoded.length; i++) {
            double exact = 0;
            for (float[] update : updates.values()) {
                exact += update[i];
            }
            double bound = n * codec.resolution() / 2 + Math.ulp((float) exact);
            assertTrue(Math.abs(decoded[i] - exact) <= bound,
                "coordinate " + i + ": decoded " + decoded[i] + ", exact " + exact + ", bound " + bound);
        }
    }
}

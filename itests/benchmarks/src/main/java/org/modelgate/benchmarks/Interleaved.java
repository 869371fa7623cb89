package org.modelgate.benchmarks;

/**
 * Runs several ways of doing the same request in alternating blocks (A B A B ...), so that the host's
 * unseen CPU theft and frequency changes hit every side alike; then compares their distributions.
 */
final class Interleaved {
    private Interleaved() {
    }

    /** One way of serving a request. */
    interface Side {
        void call() throws Exception;
    }

    static LatencySamples[] run(int warmup, int rounds, int block, Side... sides) throws Exception {
        for (Side side : sides) {
            for (int i = 0; i < warmup; i++) {
                side.call();
            }
        }
        LatencySamples[] samples = new LatencySamples[sides.length];
        for (int s = 0; s < sides.length; s++) {
            samples[s] = new LatencySamples();
        }
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < sides.length; k++) {
                // alternate the order too, so neither side always runs right after the other
                int s = round % 2 == 0 ? k : sides.length - 1 - k;
                for (int i = 0; i < block; i++) {
                    long start = System.nanoTime();
                    sides[s].call();
                    samples[s].add(System.nanoTime() - start);
                }
            }
        }
        return samples;
    }
}

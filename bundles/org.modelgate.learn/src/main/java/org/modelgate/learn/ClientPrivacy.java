package org.modelgate.learn;

import java.util.Random;

/**
 * What a gateway does to its update before it leaves: clip it to {@link PrivacySettings#clipNorm()} and add its
 * share of the Gaussian noise.
 *
 * <p>Distributed noise: each of the {@code clientsPerRound} clients adds noise of standard deviation
 * {@code noiseMultiplier * clipNorm / sqrt(clientsPerRound)}, so the sum of the round's updates carries
 * {@code noiseMultiplier * clipNorm}, the Gaussian mechanism on a sum whose sensitivity is {@code clipNorm}. The
 * aggregator never needs to add noise and never sees a single un-noised sum, so this composes with secure
 * aggregation (it learns the sum only). The guarantee assumes the aggregate is the unweighted sum or mean of the
 * clipped updates; a sample-weighted FedAvg gives a client of weight {@code w > 1/n} a larger sensitivity. If fewer
 * than {@code clientsPerRound} updates arrive, the sum carries less noise than planned: pass the smallest number
 * of updates a round accepts.
 */
public final class ClientPrivacy {
    private ClientPrivacy() {
    }

    /**
     * A clipped and noised copy of a delta.
     *
     * @param delta the update's delta; not changed
     * @param s the settings; with {@link PrivacySettings#off()} the copy is unchanged
     * @param clientsPerRound the number of clients whose updates are summed, 1 or more
     * @param random the noise source (a {@link java.security.SecureRandom} in production)
     * @return the new delta
     */
    public static float[] clipAndNoise(float[] delta, PrivacySettings s, int clientsPerRound, Random random) {
        if (clientsPerRound < 1) {
            throw new IllegalArgumentException("a round sums 1 client or more, got " + clientsPerRound);
        }
        float[] out = delta.clone();
        if (s.clipNorm() > 0) {
            double norm = Vectors.norm(out);
            if (norm > s.clipNorm()) {
                double scale = s.clipNorm() / norm;
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) (out[i] * scale);
                }
            }
        }
        if (s.enabled()) {
            double std = noiseStdPerClient(s, clientsPerRound);
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] + random.nextGaussian() * std);
            }
        }
        return out;
    }

    /**
     * @param s the settings
     * @param clientsPerRound the number of clients whose updates are summed
     * @return the standard deviation of the noise one client adds to each value
     */
    public static double noiseStdPerClient(PrivacySettings s, int clientsPerRound) {
        return s.noiseMultiplier() * s.clipNorm() / Math.sqrt(clientsPerRound);
    }
}

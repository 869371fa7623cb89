package org.modelgate.learn;

/**
 * Client-side differential privacy of a federation: each update is clipped to an L2 norm and noised so that the
 * round's SUM carries Gaussian noise of standard deviation {@code noiseMultiplier * clipNorm} (see
 * {@link ClientPrivacy}).
 *
 * @param clipNorm the L2 norm every update is clipped to; 0 for no clipping
 * @param noiseMultiplier the noise's standard deviation on the sum, in units of {@code clipNorm}; 0 for no noise
 * @param delta the delta of the (epsilon, delta) reported, e.g. 1e-5 (below 1 / the number of clients); ignored
 *        without noise
 */
public record PrivacySettings(double clipNorm, double noiseMultiplier, double delta) {
    /** Checks that the values are finite and consistent (noise needs a clipping norm and a delta). */
    public PrivacySettings {
        if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("the clipping norm must be 0 (none) or positive, got " + clipNorm);
        }
        if (!(noiseMultiplier >= 0) || !Double.isFinite(noiseMultiplier)) {
            throw new IllegalArgumentException("the noise multiplier must be 0 (none) or positive, got " + noiseMultiplier);
        }
        if (noiseMultiplier > 0 && clipNorm == 0) {
            throw new IllegalArgumentException("noise multiplier " + noiseMultiplier
                    + " needs a clipping norm: the noise is scaled to it (set clipNorm > 0)");
        }
        if (noiseMultiplier > 0 && !(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must lie between 0 and 1 exclusive, got " + delta
                    + "; take one below 1 / the number of clients, e.g. 1e-5");
        }
    }

    /** @return no clipping, no noise */
    public static PrivacySettings off() {
        return new PrivacySettings(0, 0, 0);
    }

    /** @return whether updates are noised, i.e. the federation is differentially private and its epsilon counts */
    public boolean enabled() {
        return noiseMultiplier > 0;
    }
}

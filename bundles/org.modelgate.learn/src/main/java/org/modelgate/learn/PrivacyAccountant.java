package org.modelgate.learn;

/**
 * The privacy a federation has spent: Rényi differential privacy (RDP) of the sampled Gaussian mechanism, composed
 * over rounds and converted to (epsilon, delta).
 *
 * <p>Each round samples each client with probability {@code samplingRate} (clients per round / clients) and adds
 * Gaussian noise of {@code noiseMultiplier} times the clipping norm to the sum of their clipped updates (see
 * {@link ClientPrivacy}). The guarantee is per client (user-level): one gateway's whole data set may be added or
 * removed. One round's RDP at order alpha follows Mironov, Talwar and Zhang (2019); rounds add up; epsilon is
 * {@code min over alpha of (rounds * rdp(alpha) + log(1/delta) / (alpha - 1))} over the orders 1.25, 1.5, 1.75,
 * 2.5, 3.5, 4.5 and every integer from 2 to 256 (the conversion of Mironov 2017, proposition 3).
 *
 * <p>Thread-safe.
 *
 * <pre>
 * PrivacyAccountant accountant = new PrivacyAccountant(1.0, 10 / 200.0, 1e-5);
 * accountant.recordRound();
 * double epsilon = accountant.epsilon();
 * </pre>
 */
public final class PrivacyAccountant {
    static final double[] ORDERS = orders();

    private final double noiseMultiplier;
    private final double samplingRate;
    private final double delta;
    private final double[] rdpPerRound;
    private int rounds;

    /**
     * @param noiseMultiplier the noise's standard deviation on the sum in units of the clipping norm, positive
     * @param samplingRate the probability that a client takes part in a round, above 0 and at most 1
     * @param delta the delta of the reported (epsilon, delta), between 0 and 1 exclusive
     */
    public PrivacyAccountant(double noiseMultiplier, double samplingRate, double delta) {
        if (!(noiseMultiplier > 0) || !Double.isFinite(noiseMultiplier)) {
            throw new IllegalArgumentException("accounting needs a positive noise multiplier, got " + noiseMultiplier);
        }
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("the sampling rate (clients per round / clients) must lie in (0, 1], got "
                    + samplingRate);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must lie between 0 and 1 exclusive, got " + delta);
        }
        this.noiseMultiplier = noiseMultiplier;
        this.samplingRate = samplingRate;
        this.delta = delta;
        this.rdpPerRound = new double[ORDERS.length];
        for (int k = 0; k < ORDERS.length; k++) {
            rdpPerRound[k] = SampledGaussianRdp.of(samplingRate, noiseMultiplier, ORDERS[k]);
        }
    }

    /** Counts one more round. */
    public synchronized void recordRound() {
        rounds++;
    }

    /**
     * Counts rounds already done, e.g. restored after a restart.
     *
     * @param count the number of rounds, 0 or more
     */
    public synchronized void recordRounds(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("a round count is 0 or more, got " + count);
        }
        rounds += count;
    }

    /** @return the rounds counted */
    public synchronized int rounds() {
        return rounds;
    }

    /** @return the epsilon spent by the rounds counted, at this accountant's delta; 0 before the first round */
    public synchronized double epsilon() {
        return epsilonAfter(rounds);
    }

    /**
     * @param roundCount a number of rounds
     * @return the epsilon those rounds would spend, at this accountant's delta
     */
    public double epsilonAfter(int roundCount) {
        if (roundCount == 0) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < ORDERS.length; k++) {
            double alpha = ORDERS[k];
            double epsilon = roundCount * rdpPerRound[k] + Math.log(1 / delta) / (alpha - 1);
            best = Math.min(best, epsilon);
        }
        return best;
    }

    /** @return the delta of the reported epsilon */
    public double delta() {
        return delta;
    }

    /** @return the noise multiplier accounted for */
    public double noiseMultiplier() {
        return noiseMultiplier;
    }

    /** @return the probability that a client takes part in a round */
    public double samplingRate() {
        return samplingRate;
    }

    private static double[] orders() {
        double[] fractional = {1.25, 1.5, 1.75, 2.5, 3.5, 4.5};
        double[] all = new double[fractional.length + 255];
        System.arraycopy(fractional, 0, all, 0, fractional.length);
        for (int alpha = 2; alpha <= 256; alpha++) {
            all[fractional.length + alpha - 2] = alpha;
        }
        return all;
    }
}

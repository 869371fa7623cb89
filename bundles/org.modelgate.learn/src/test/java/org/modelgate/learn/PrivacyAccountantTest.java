package org.modelgate.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Given the sampled Gaussian mechanism, when rounds are counted, then the RDP and the epsilon match published
 * figures.
 */
class PrivacyAccountantTest {
    @Test
    void epsilonGrowsWithEveryRound() {
        PrivacyAccountant accountant = new PrivacyAccountant(1.0, 0.1, 1e-5);
        assertEquals(0.0, accountant.epsilon());
        double previous = 0;
        for (int round = 1; round <= 50; round++) {
            accountant.recordRound();
            double epsilon = accountant.epsilon();
            assertTrue(epsilon > previous, "round " + round + ": " + epsilon + " after " + previous);
            previous = epsilon;
        }
        assertEquals(50, accountant.rounds());
    }

    @Test
    void moreNoiseSpendsLess() {
        assertTrue(new PrivacyAccountant(2.0, 0.1, 1e-5).epsilonAfter(100)
                < new PrivacyAccountant(1.0, 0.1, 1e-5).epsilonAfter(100));
    }

    /**
     * The RDP of 50 steps, q 0.01, sigma 2.5, at orders 1.5, 2.5, 5, 50 and 100, as Google's dp_accounting library
     * tests it (rdp_privacy_accountant_test.py, test_compute_rdp_poisson_sampled_gaussian): integer and fractional
     * orders.
     */
    @Test
    void rdpMatchesTheFiguresOfGooglesDpAccounting() {
        double[] orders = {1.5, 2.5, 5, 50, 100};
        double[] expected = {6.70579741e-04, 1.08548710e-03, 2.18075656e-03, 2.38460375e-02, 1.67416308e02};
        for (int k = 0; k < orders.length; k++) {
            double rdp = 50 * SampledGaussianRdp.of(0.01, 2.5, orders[k]);
            assertEquals(expected[k], rdp, expected[k] * 1e-4, "order " + orders[k]);
        }
    }

    @Test
    void withoutSamplingTheRdpIsTheGaussianMechanisms() {
        assertEquals(3.0 / (2 * 4.0), SampledGaussianRdp.of(1.0, 2.0, 3.0), 1e-12);
    }

    /**
     * Abadi et al., "Deep Learning with Differential Privacy" (CCS 2016), section 3.1: q = 0.01, sigma = 4,
     * delta = 1e-5, T = 10000 steps give epsilon about 1.26 with the moments accountant (9.34 by strong composition).
     * The moments accountant is RDP at integer orders, so this accountant must land there too.
     */
    @Test
    void epsilonMatchesAbadiEtAlsMomentsAccountantFigure() {
        PrivacyAccountant accountant = new PrivacyAccountant(4.0, 0.01, 1e-5);
        accountant.recordRounds(10_000);
        assertEquals(1.26, accountant.epsilon(), 0.05);
    }

    @Test
    void logErfcFollowsTheClosedFormWhereErfcIsKnownAndStaysFiniteWhereItUnderflows() {
        assertEquals(Math.log(1.0), SampledGaussianRdp.logErfc(0), 1e-7);
        assertEquals(Math.log(0.157299207050285), SampledGaussianRdp.logErfc(1), 1e-6); // erfc(1)
        assertEquals(Math.log(1.842700792949715), SampledGaussianRdp.logErfc(-1), 1e-6);
        double far = SampledGaussianRdp.logErfc(40);
        assertTrue(Double.isFinite(far) && far < -1600, "log erfc(40) = " + far);
    }
}

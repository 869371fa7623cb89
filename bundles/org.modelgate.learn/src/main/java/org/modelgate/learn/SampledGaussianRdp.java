package org.modelgate.learn;

/**
 * The Rényi differential privacy of one step of the sampled Gaussian mechanism: each record (here: each client) is
 * included with probability {@code q}, the sum of the included contributions (sensitivity 1) gets Gaussian noise of
 * standard deviation {@code sigma}. Computed as in Mironov, Talwar and Zhang, "Rényi Differential Privacy of the
 * Sampled Gaussian Mechanism" (2019), section 3.3: for integer orders the exact binomial expansion, for fractional
 * orders the two-sided series with erfc terms, both in log space.
 */
final class SampledGaussianRdp {
    private static final int MAX_FRACTIONAL_TERMS = 1000;

    private SampledGaussianRdp() {
    }

    /**
     * @param q the sampling rate, 0 to 1
     * @param sigma the noise multiplier, positive
     * @param order the Rényi order, above 1
     * @return the RDP epsilon of one step at that order
     */
    static double of(double q, double sigma, double order) {
        if (q == 0) {
            return 0;
        }
        if (sigma == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (q == 1) {
            return order / (2 * sigma * sigma);
        }
        if (Double.isInfinite(order)) {
            return Double.POSITIVE_INFINITY;
        }
        double logA = order == Math.rint(order) ? logAInteger(q, sigma, (int) order) : logAFractional(q, sigma, order);
        return logA / (order - 1);
    }

    /** log A_alpha = log sum_i C(alpha, i) (1-q)^(alpha-i) q^i exp((i^2 - i) / (2 sigma^2)). */
    private static double logAInteger(double q, double sigma, int alpha) {
        double logA = Double.NEGATIVE_INFINITY;
        double logBinomial = 0; // log C(alpha, 0)
        for (int i = 0; i <= alpha; i++) {
            if (i > 0) {
                logBinomial += Math.log(alpha - i + 1) - Math.log(i);
            }
            double term = logBinomial + i * Math.log(q) + (alpha - i) * Math.log1p(-q) + (i * (double) i - i) / (2 * sigma * sigma);
            logA = logAdd(logA, term);
        }
        return logA;
    }

    /**
     * The fractional-order series: two sums split at z0, each term with an erfc factor. Terms are added in absolute
     * value, which bounds A from above (as Google's dp_accounting does since it dropped the signed sum); the series
     * stops once both parts shrink and lie below e^-30.
     */
    private static double logAFractional(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double lastS0 = Double.NEGATIVE_INFINITY;
        double lastS1 = Double.NEGATIVE_INFINITY;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double logAbsBinomial = 0; // |C(alpha, 0)| = 1
        for (int i = 0; i < MAX_FRACTIONAL_TERMS; i++) {
            if (i > 0) {
                logAbsBinomial += Math.log(Math.abs((alpha - i + 1) / i));
            }
            double j = alpha - i;
            double logT0 = logAbsBinomial + i * Math.log(q) + j * Math.log1p(-q);
            double logT1 = logAbsBinomial + j * Math.log(q) + i * Math.log1p(-q);
            double logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.sqrt(2) * sigma));
            double logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.sqrt(2) * sigma));
            double logS0 = logT0 + (i * (double) i - i) / (2 * sigma * sigma) + logE0;
            double logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
            logA0 = logAdd(logA0, logS0);
            logA1 = logAdd(logA1, logS1);
            if (logS0 < lastS0 && logS1 < lastS1 && Math.max(logS0, logS1) < -30) {
                break;
            }
            lastS0 = logS0;
            lastS1 = logS1;
        }
        return logAdd(logA0, logA1);
    }

    static double logAdd(double a, double b) {
        double max = Math.max(a, b);
        double min = Math.min(a, b);
        if (min == Double.NEGATIVE_INFINITY) {
            return max;
        }
        return max + Math.log1p(Math.exp(min - max));
    }

    /**
     * log(erfc(x)), also where erfc underflows: the Chebyshev-fitted form erfc(z) = t exp(-z^2 + P(t)),
     * t = 1 / (1 + z/2) (Numerical Recipes, relative error below 1.2e-7 everywhere).
     */
    static double logErfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
        double logPositive = Math.log(t) - z * z + poly; // log erfc(|x|)
        if (x >= 0) {
            return logPositive;
        }
        return Math.log(2 - Math.exp(logPositive)); // erfc(-z) = 2 - erfc(z)
    }
}

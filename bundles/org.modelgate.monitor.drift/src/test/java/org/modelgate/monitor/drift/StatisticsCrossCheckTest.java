package org.modelgate.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each statistic against a value worked out by hand (closed form) on a small case. */
class StatisticsCrossCheckTest {

    @Test
    void psiOfHalfAndHalfAgainstAQuarterAndThreeQuarters() {
        // (0.25 - 0.5) ln(0.25/0.5) + (0.75 - 0.5) ln(0.75/0.5) = 0.25 (ln 2 + ln 1.5)
        double expected = 0.25 * (Math.log(2) + Math.log(1.5));
        assertThat(PopulationStabilityIndex.of(new double[] {0.5, 0.5}, new double[] {0.25, 0.75})).isCloseTo(expected, within(1e-12));
        assertThat(expected).isCloseTo(0.274653, within(1e-6));
    }

    @Test
    void psiOverAHistogramCountsLiveValuesIntoTheReferenceBinsWithOpenOuterBins() {
        Histogram reference = new Histogram(new double[] {0, 1, 2}, new long[] {50, 50});
        // -5 and 0.5 fall into the first bin, 1.5, 1.7 and 99 into the last: 2/5 and 3/5
        StatisticValue psi = PopulationStabilityIndex.between(reference, new double[] {-5, 0.5, 1.5, 1.7, 99});
        double byHand = (0.4 - 0.5) * Math.log(0.4 / 0.5) + (0.6 - 0.5) * Math.log(0.6 / 0.5);
        assertThat(psi.value()).isCloseTo(byHand, within(1e-12));
        assertThat(psi.isTest()).isFalse();
    }

    @Test
    void kolmogorovSmirnovOfTwoSeparatedSamplesOfFourHasTheExactPValueTwoOverSeventy() {
        // D = 1; of the C(8,4) = 70 equally likely orderings only the two fully separated ones reach it
        StatisticValue ks = KolmogorovSmirnov.test(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8});
        assertThat(ks.value()).isEqualTo(1.0);
        assertThat(ks.pValue()).isCloseTo(2.0 / 70, within(1e-9));
    }

    @Test
    void kolmogorovSmirnovOfIdenticalSamplesIsZeroWithPValueOne() {
        StatisticValue ks = KolmogorovSmirnov.test(new double[] {1, 2, 3, 4, 5}, new double[] {1, 2, 3, 4, 5});
        assertThat(ks.value()).isZero();
        assertThat(ks.pValue()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void wassersteinOfAShiftedSampleIsTheShift() {
        assertThat(WassersteinDistance.between(new double[] {0, 1, 3}, new double[] {5, 6, 8})).isCloseTo(5.0, within(1e-12));
    }

    @Test
    void wassersteinIsTheAreaBetweenTheDistributionFunctions() {
        // F_u = 0.5 and F_v = 0.4 on [0, 1): area 0.1
        assertThat(WassersteinDistance.between(new double[] {0, 1}, new double[] {0, 0, 1, 1, 1})).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void wassersteinIsNormedByTheReferenceStandardDeviation() {
        StatisticValue w = WassersteinDistance.normed(new double[] {0, 1, 3}, 2.0, new double[] {5, 6, 8});
        assertThat(w.value()).isCloseTo(2.5, within(1e-12));
        assertThat(WassersteinDistance.normed(new double[] {1, 1}, 0.0, new double[] {1, 2}).value())
                .as("a constant reference is normed by 0.001, not 0").isCloseTo(0.5 / 0.001, within(1e-9));
    }

    @Test
    void jensenShannonOfDisjointDistributionsIsTheSquareRootOfLnTwo() {
        assertThat(JensenShannonDistance.of(new double[] {1, 0}, new double[] {0, 1})).isCloseTo(Math.sqrt(Math.log(2)), within(1e-12));
        assertThat(JensenShannonDistance.of(new double[] {3, 1}, new double[] {6, 2})).as("proportions, not counts").isCloseTo(0, within(1e-12));
    }

    @Test
    void jensenShannonOfAHalfAgainstAQuarter() {
        // m = (0.375, 0.625); JS divergence = (KL(p||m) + KL(q||m)) / 2
        double klP = 0.5 * Math.log(0.5 / 0.375) + 0.5 * Math.log(0.5 / 0.625);
        double klQ = 0.25 * Math.log(0.25 / 0.375) + 0.75 * Math.log(0.75 / 0.625);
        assertThat(JensenShannonDistance.of(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}))
                .isCloseTo(Math.sqrt((klP + klQ) / 2), within(1e-12));
    }

    @Test
    void chiSquaredOfThirtySeventyAgainstFiftyFifty() {
        // (30-50)^2/50 + (70-50)^2/50 = 16 with 1 degree of freedom: p = erfc(sqrt(8)) = 2 (1 - Phi(4))
        StatisticValue chi = ChiSquaredTest.test(new long[] {500, 500}, new long[] {30, 70});
        assertThat(chi.value()).isCloseTo(16.0, within(1e-9));
        assertThat(chi.pValue()).isCloseTo(6.334248e-5, within(1e-10));
    }

    @Test
    void meanShiftOfAnUnchangedMeanHasPValueOne() {
        FeatureProfile momentsOnly = new FeatureProfile("x", 100, 5.0, 1.0, 2, 8, null, null, null);
        StatisticValue z = MeanShiftTest.test(momentsOnly, new double[] {4, 5, 6});
        assertThat(z.value()).isCloseTo(0, within(1e-12));
        assertThat(z.pValue()).isCloseTo(1, within(1e-12));
    }

    @Test
    void meanShiftOfTwoStandardErrorsHasPValueOfAboutFourAndAHalfPercent() {
        // live mean 6, live sample variance 1, n = 4; reference std 1, n = infinity-like 1e12: se = sqrt(1/4) = 0.5, z = 2
        FeatureProfile momentsOnly = new FeatureProfile("x", 1_000_000_000_000L, 5.0, 1.0, 2, 8, null, null, null);
        double d = Math.sqrt(3) / 2; // four values around 6 with sample variance 1: 6 +- d twice
        StatisticValue z = MeanShiftTest.test(momentsOnly, new double[] {6 - d, 6 - d, 6 + d, 6 + d});
        assertThat(z.value()).isCloseTo(2, within(1e-6));
        assertThat(z.pValue()).isCloseTo(0.0455003, within(1e-6));
    }
}

package org.modelgate.monitor.drift.internal;

import org.modelgate.monitor.drift.ChiSquaredTest;
import org.modelgate.monitor.drift.DriftMethod;
import org.modelgate.monitor.drift.DriftThresholds;
import org.modelgate.monitor.drift.FeatureDrift;
import org.modelgate.monitor.drift.FeatureProfile;
import org.modelgate.monitor.drift.JensenShannonDistance;
import org.modelgate.monitor.drift.KolmogorovSmirnov;
import org.modelgate.monitor.drift.MeanShiftTest;
import org.modelgate.monitor.drift.PopulationStabilityIndex;
import org.modelgate.monitor.drift.StatisticValue;
import org.modelgate.monitor.drift.WassersteinDistance;

/**
 * Judges the live values of one feature against its reference profile with the statistic the method
 * and the reference's size call for. The reference sample for the two-sample statistics is rebuilt once.
 */
public final class FeatureJudge {
    private final FeatureProfile reference;
    private final double[] referenceSample;
    private final DriftMethod method;
    private final DriftThresholds thresholds;

    /**
     * Creates the judge.
     *
     * @param reference the feature's reference
     * @param method the method
     * @param thresholds the thresholds
     */
    public FeatureJudge(FeatureProfile reference, DriftMethod method, DriftThresholds thresholds) {
        this.reference = reference;
        this.referenceSample = reference.referenceSample();
        this.method = method;
        this.thresholds = thresholds;
    }

    /** @return false for a moment-only reference without mean and std: nothing to compare with */
    public boolean canJudge() {
        return reference.hasDistribution() || (Double.isFinite(reference.mean()) && Double.isFinite(reference.std()));
    }

    /**
     * Judges live values.
     *
     * @param current the finite live values, at least two
     * @param nonFinite the non-finite values left out, for the report
     * @return the verdict
     */
    public FeatureDrift judge(double[] current, long nonFinite) {
        StatisticValue psi = psi(current);
        StatisticValue decided;
        double threshold;
        boolean large = reference.count() > thresholds.largeReference();
        DriftMethod m = method;
        if (!reference.hasDistribution()) {
            decided = MeanShiftTest.test(reference, current);
            threshold = thresholds.chiSquaredPValue();
        } else if (m == DriftMethod.PSI) {
            decided = psi;
            threshold = thresholds.psi();
        } else if (reference.categories() != null) {
            long[] ref = reference.categories().referenceCountsWithOther();
            long[] cur = reference.categories().countsOf(current);
            if (m == DriftMethod.KS || (m == DriftMethod.AUTO && !large)) {
                decided = ChiSquaredTest.test(ref, cur);
                threshold = thresholds.chiSquaredPValue();
            } else {
                decided = JensenShannonDistance.between(ref, cur);
                threshold = thresholds.jensenShannon();
            }
        } else if (m == DriftMethod.JENSENSHANNON) {
            decided = JensenShannonDistance.between(reference.histogram(), current);
            threshold = thresholds.jensenShannon();
        } else if (m == DriftMethod.KS || (m == DriftMethod.AUTO && !large)) {
            decided = KolmogorovSmirnov.test(referenceSample, current);
            threshold = thresholds.ksPValue();
        } else {
            decided = WassersteinDistance.normed(referenceSample, reference.std(), current);
            threshold = thresholds.wasserstein();
        }
        boolean drifted = decided.isTest() ? decided.pValue() < threshold : decided.value() >= threshold;
        return new FeatureDrift(reference.name(), decided, threshold, drifted, psi == null ? Double.NaN : psi.value(), level(psi),
                current.length, nonFinite);
    }

    private StatisticValue psi(double[] current) {
        if (reference.categories() != null) {
            return PopulationStabilityIndex.between(reference.categories().referenceCountsWithOther(),
                    reference.categories().countsOf(current));
        }
        return reference.histogram() == null ? null : PopulationStabilityIndex.between(reference.histogram(), current);
    }

    private String level(StatisticValue psi) {
        if (psi == null) {
            return "unknown";
        }
        return psi.value() >= thresholds.psiSignificant() ? "significant" : psi.value() >= thresholds.psi() ? "moderate" : "stable";
    }
}

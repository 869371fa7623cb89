package org.modelgate.monitor.drift;

import java.util.List;
import java.util.Optional;

/**
 * One judgement of a model version's live window against its reference.
 *
 * @param ready false while fewer than {@link MonitorSettings#minSamples()} live rows were seen; then
 *     {@code features} is empty and {@code drifted} false
 * @param rows the live rows in the window
 * @param features the verdict per input feature, in tensor order (features without enough finite values are left out)
 * @param predictions the verdict on the predicted classes, if the reference has them and outputs were observed
 * @param confidence the verdict on the confidence, if the reference has it and outputs were observed
 * @param driftedShare the share of judged input features that drifted
 * @param drifted the data set verdict: at least {@link DriftThresholds#driftShare()} of the features drifted
 */
public record DriftReport(boolean ready, int rows, List<FeatureDrift> features, Optional<FeatureDrift> predictions,
        Optional<FeatureDrift> confidence, double driftedShare, boolean drifted) {
    /**
     * Copies the list.
     */
    public DriftReport {
        features = List.copyOf(features);
    }

    /** @return the names of the drifted input features */
    public List<String> driftedFeatures() {
        return features.stream().filter(FeatureDrift::drifted).map(FeatureDrift::feature).toList();
    }
}

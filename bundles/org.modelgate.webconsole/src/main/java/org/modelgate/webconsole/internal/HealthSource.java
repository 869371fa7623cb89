package org.modelgate.webconsole.internal;

import java.util.List;

/**
 * What the Model health page shows beyond traffic: drift, accuracy and alerts. Registered (inside this
 * bundle only) by the component that samples the {@code ModelHealth} service of the {@code health}
 * feature; absent without it, and the page says so. Keeps the page free of that optional package.
 */
public interface HealthSource {
    /** @return the models the health monitor knows, by name */
    List<String> models();

    /**
     * One model's health now, with the history sampled so far.
     *
     * @param model the model name
     * @return its view; an empty view when the monitor has not seen the model
     */
    HealthView view(String model);

    /**
     * The health of one model as the page draws it.
     *
     * @param version the version the monitor watches (serving), or null
     * @param history accuracy and dataset drift share, sampled every few seconds, oldest first
     * @param features each input feature's drift statistic against its threshold, now
     * @param driftUnavailable why there is no drift report, or null
     * @param alerts alerts raised now (all models), oldest first
     * @param alertLog recent raise and clear transitions (all models), newest last
     */
    record HealthView(String version, List<HealthPoint> history, List<FeatureBar> features, String driftUnavailable,
            List<AlertRow> alerts, List<AlertRow> alertLog) {
        static HealthView empty() {
            return new HealthView(null, List.of(), List.of(), null, List.of(), List.of());
        }
    }

    /**
     * One sample of a model's health.
     *
     * @param epochSecond when it was taken
     * @param accuracy the share of labelled predictions that were right, NaN without label feedback
     * @param driftShare the share of input features that drifted, NaN without a drift report
     */
    record HealthPoint(long epochSecond, double accuracy, double driftShare) {
    }

    /**
     * One input feature's drift.
     *
     * @param feature its name
     * @param statistic the statistic that decided ({@code ks}, {@code psi}, ...)
     * @param value the statistic's value (the p-value for a test)
     * @param threshold the threshold it is held against
     * @param drifted whether it crossed the threshold
     */
    record FeatureBar(String feature, String statistic, double value, double threshold, boolean drifted) {
    }

    /**
     * One alert, raised or a transition.
     *
     * @param model the model
     * @param version its version
     * @param kind drift, feature-drift, accuracy or latency
     * @param subject the feature, dataset, p95 or accuracy
     * @param statistic the statistic
     * @param value its value
     * @param threshold the threshold
     * @param evidence what the monitor saw, in words
     * @param state RAISED or CLEARED
     * @param sinceEpochSecond when it was raised or cleared
     */
    record AlertRow(String model, String version, String kind, String subject, String statistic, double value,
            double threshold, String evidence, String state, long sinceEpochSecond) {
    }
}

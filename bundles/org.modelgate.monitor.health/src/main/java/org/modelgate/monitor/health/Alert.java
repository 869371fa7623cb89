package org.modelgate.monitor.health;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A condition of a model version that needs an operator: raised after several bad evaluations in a row,
 * cleared after several good ones.
 *
 * @param model the model
 * @param version the version
 * @param kind {@link #KIND_DRIFT}, {@link #KIND_FEATURE_DRIFT}, {@link #KIND_ACCURACY} or {@link #KIND_LATENCY}
 * @param subject the feature, "dataset", "p95", "accuracy"
 * @param statistic the statistic judged (e.g. "ks_p_value", "wasserstein", "drift_share", "accuracy", "p95_ms")
 * @param value its value at the transition
 * @param threshold the threshold it was judged against
 * @param evidence the judgement in words
 * @param state raised or cleared
 * @param since when it entered this state
 */
@ProviderType
public record Alert(String model, String version, String kind, String subject, String statistic, double value,
        double threshold, String evidence, State state, Instant since) {
    /** Event Admin topic of a raised alert. */
    public static final String TOPIC_RAISED = "org/modelgate/alert/RAISED";
    /** Event Admin topic of a cleared alert. */
    public static final String TOPIC_CLEARED = "org/modelgate/alert/CLEARED";
    /** Event Admin topic filter of both. */
    public static final String TOPIC_ALL = "org/modelgate/alert/*";

    /** Kind: the data set drifted (a share of the features). */
    public static final String KIND_DRIFT = "drift";
    /** Kind: one input feature drifted. */
    public static final String KIND_FEATURE_DRIFT = "feature-drift";
    /** Kind: accuracy from feedback below the floor. */
    public static final String KIND_ACCURACY = "accuracy";
    /** Kind: the p95 latency regressed against the profile or the previous version. */
    public static final String KIND_LATENCY = "latency";

    /** Whether the condition holds. */
    public enum State {
        /** The condition holds. */
        RAISED,
        /** The condition no longer holds. */
        CLEARED
    }
}

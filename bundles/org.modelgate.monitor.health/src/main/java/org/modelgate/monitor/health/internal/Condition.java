package org.modelgate.monitor.health.internal;

/**
 * One judgement of one evaluation: whether a condition that alerts (a drifted feature, a low accuracy) holds now.
 *
 * @param model the model
 * @param version the version
 * @param kind the alert kind
 * @param subject the feature, "dataset", "p95", "accuracy"
 * @param statistic the statistic judged
 * @param value its value
 * @param threshold the threshold
 * @param evidence the judgement in words
 * @param bad true when the condition holds
 */
record Condition(String model, String version, String kind, String subject, String statistic, double value,
        double threshold, String evidence, boolean bad) {

    AlertKey key() {
        return new AlertKey(model, version, kind, subject);
    }

    /** Identifies an alert across evaluations. */
    record AlertKey(String model, String version, String kind, String subject) {
    }
}

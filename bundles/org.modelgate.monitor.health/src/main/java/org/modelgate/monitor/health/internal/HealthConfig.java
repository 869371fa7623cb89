package org.modelgate.monitor.health.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the health monitor (PID {@value #PID}); optional, the defaults suit a gateway. */
@ObjectClassDefinition(name = "Modelgate model health", description = "Live windows, feedback and alerts per model version")
@interface HealthConfig {
    /** The configuration PID. */
    String PID = "org.modelgate.monitor.health";

    @AttributeDefinition(description = "Drift window in rows when model.json's monitor section sets none")
    int driftWindow() default 1000;

    @AttributeDefinition(description = "Rows before a drift verdict when model.json's monitor section sets none")
    int driftMinSamples() default 100;

    @AttributeDefinition(description = "Requests kept per version for p50/p95/p99 and requests per second")
    int latencyWindow() default 1000;

    @AttributeDefinition(description = "Requests in the latency window before a regression is judged")
    int latencyMinSamples() default 50;

    @AttributeDefinition(description = "Latency regression: p95 above this ratio times the profiled or the previous version's p95")
    double latencyRegressionRatio() default 1.5;

    @AttributeDefinition(description = "Predictions kept by request id for feedback (the oldest are evicted)")
    int feedbackCapacity() default 100_000;

    @AttributeDefinition(description = "Minutes a prediction waits for its feedback")
    int feedbackTtlMinutes() default 60;

    @AttributeDefinition(description = "Milliseconds a feedback waits for its prediction's record, which reaches the monitor just after the response")
    int feedbackWaitMillis() default 2000;

    @AttributeDefinition(description = "Forgotten request ids remembered, so that feedback for them is told 'expired', not 'unknown'")
    int expiredIdMemory() default 10_000;

    @AttributeDefinition(description = "Feedbacks per version that accuracy, recall and MAE are computed over")
    int accuracyWindow() default 500;

    @AttributeDefinition(description = "Accuracy below which an alert is raised")
    double accuracyFloor() default 0.8;

    @AttributeDefinition(description = "Label feedbacks in the window before accuracy is judged")
    int accuracyMinLabelled() default 50;

    @AttributeDefinition(description = "Consecutive bad evaluations that raise an alert")
    int raiseAfter() default 3;

    @AttributeDefinition(description = "Consecutive good evaluations that clear it")
    int clearAfter() default 3;

    @AttributeDefinition(description = "Seconds between evaluations of the alerts")
    int evaluationSeconds() default 5;

    @AttributeDefinition(description = "Raise/clear transitions kept for mg:alerts and alertLog()")
    int alertLogSize() default 500;
}

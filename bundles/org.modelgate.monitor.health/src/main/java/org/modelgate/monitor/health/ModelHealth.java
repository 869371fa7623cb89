package org.modelgate.monitor.health;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's watch over its models: live windows, feedback, alerts. An OSGi service.
 *
 * <pre>
 * ModelHealth health = ...; // the service of bundle org.modelgate.monitor.health
 * health.report("iris").ifPresent(r -&gt; System.out.println(r.version() + " p95 " + r.latency().p95Millis() + " ms"));
 * FeedbackResult result = health.feedback("iris", requestId, Feedback.ofLabel("setosa"));
 * for (Alert alert : health.alerts()) {
 *     System.out.println(alert.model() + " " + alert.kind() + " " + alert.subject() + ": " + alert.evidence());
 * }
 * </pre>
 */
@ProviderType
public interface ModelHealth {
    /**
     * Every model the monitor has seen records or feedback for, by name.
     *
     * @return one report per model (its serving version), ordered by model name
     */
    List<HealthReport> reports();

    /**
     * The current window of one model (its serving version); empty when the model never served.
     *
     * @param model the model name
     * @return the report, or empty
     */
    Optional<HealthReport> report(String model);

    /**
     * The window of one version of a model, serving or not: a challenger beside the champion (split or shadow)
     * keeps its own latency, drift (its shadow copies' inputs included) and accuracy from the feedback to its own
     * answers (in shadow mode: the feedback for the request the copy was made of). The monitor keeps the serving
     * version and the two most recently recorded others; older ones are gone.
     *
     * <p>The default answers the serving version's report only; the health monitor keeps every live version.
     *
     * @param model the model name
     * @param version the version
     * @return the version's report (its alerts only), or empty when the monitor keeps no window of that version
     * @since 1.1
     */
    default Optional<HealthReport> report(String model, String version) {
        return report(model).filter(r -> r.version().equals(version));
    }

    /**
     * Ground truth for an earlier prediction (by the request id the response carried).
     *
     * @param model the model name
     * @param requestId the id the inference response carried
     * @param feedback the true label (classifiers) or value (regression)
     * @return the prediction it was compared with and whether it was right
     * @throws FeedbackRefusedException unknown model, unknown or expired id (a shadow copy's {@code <id>#shadow} is
     *     unknown: the feedback for {@code <id>} judges the copy too), label not among the model's labels,
     *     value where a label is needed or the reverse, NaN; its message says which and what is accepted
     */
    FeedbackResult feedback(String model, String requestId, Feedback feedback);

    /**
     * Alerts that are raised now, oldest first.
     *
     * @return the raised alerts (state {@link Alert.State#RAISED})
     */
    List<Alert> alerts();

    /**
     * Recent raise/clear transitions, newest last (bounded, e.g. 500).
     *
     * @return the transitions
     */
    List<Alert> alertLog();

    /**
     * The recent window of inputs that got feedback, for permutation importance (empty rows when none).
     *
     * @param model the model name
     * @return the labelled rows of the model's serving version
     */
    LabelledWindow labelled(String model);
}

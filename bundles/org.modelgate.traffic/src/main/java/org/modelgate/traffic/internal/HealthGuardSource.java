package org.modelgate.traffic.internal;

import java.util.Optional;

import org.modelgate.monitor.drift.DriftReport;
import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.ModelHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The drift and accuracy guards' source over the health monitor; registered only while {@link ModelHealth} is (its
 * classes load only then, so the traffic bundle runs without the health bundle).
 *
 * <p>The health monitor's API reports a model's serving version only: a challenger's drift is read while the health
 * report is of the challenger's version (not the case while the champion serves), and the accuracy gap needs both
 * versions' accuracy, which it does not give. Those readings wait and say so; with a time limit the policy then rolls
 * back for want of evidence, as the brief demands of an absent source.
 */
@Component(service = ChallengerHealth.class)
public class HealthGuardSource implements ChallengerHealth {
    private final ModelHealth health;

    /**
     * @param health the health monitor
     */
    @Activate
    public HealthGuardSource(@Reference ModelHealth health) {
        this.health = health;
    }

    @Override
    public Sample drift(String model, String challenger) {
        Optional<HealthReport> report = health.report(model);
        if (report.isEmpty()) {
            return Sample.none("the health monitor has no window of model '" + model + "' yet");
        }
        if (!challenger.equals(report.get().version())) {
            return Sample.none("the health monitor reports the serving version " + report.get().version()
                    + " only, not the challenger's drift");
        }
        Optional<DriftReport> drift = report.get().drift();
        if (drift.isEmpty()) {
            return Sample.none(report.get().driftUnavailable() == null ? "no drift report"
                    : report.get().driftUnavailable());
        }
        return drift.get().ready() ? new Sample(drift.get().rows(), drift.get().driftedShare(), null)
                : new Sample(drift.get().rows(), Double.NaN, "the drift window is not full yet");
    }

    @Override
    public Sample accuracyGap(String model, String challenger, String champion) {
        return Sample.none("the health monitor keeps accuracy from feedback for the serving version only; "
                + "the challenger's is not available to compare");
    }
}

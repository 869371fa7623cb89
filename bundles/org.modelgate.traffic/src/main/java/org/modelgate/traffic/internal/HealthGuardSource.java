package org.modelgate.traffic.internal;

import java.util.Locale;
import java.util.Optional;

import org.modelgate.monitor.drift.DriftReport;
import org.modelgate.monitor.health.AccuracyWindow;
import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.ModelHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The drift and accuracy guards' source over the health monitor; registered only while {@link ModelHealth} is (its
 * classes load only then, so the traffic bundle runs without the health bundle).
 *
 * <p>Both read the health monitor's window of each version ({@link ModelHealth#report(String, String)}, API 1.1): the
 * challenger's drift over its own inputs (its shadow copies' in shadow mode), and its accuracy over the feedback to
 * its own answers against the champion's over the feedback to the champion's.
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
        Optional<HealthReport> report = health.report(model, challenger);
        if (report.isEmpty()) {
            return Sample.none("the health monitor has no window of " + model + " " + challenger + " yet");
        }
        Optional<DriftReport> drift = report.get().drift();
        if (drift.isEmpty()) {
            return Sample.none(report.get().driftUnavailable() == null ? "no drift report"
                    : report.get().driftUnavailable());
        }
        DriftReport d = drift.get();
        return d.ready() ? new Sample(d.rows(), d.driftedShare(), d.driftedFeatures().isEmpty() ? null
                : "drifted: " + String.join(", ", d.driftedFeatures()))
                : new Sample(d.rows(), Double.NaN, "the challenger's drift window is not full yet");
    }

    @Override
    public Sample accuracyGap(String model, String challenger, String champion) {
        AccuracyWindow mine = accuracy(model, challenger);
        AccuracyWindow theirs = accuracy(model, champion);
        long samples = mine == null || Double.isNaN(mine.accuracy()) ? 0 : mine.labelled();
        if (samples == 0) {
            return Sample.none("no labelled feedback to the challenger's answers yet");
        }
        if (theirs == null || Double.isNaN(theirs.accuracy())) {
            return new Sample(samples, Double.NaN, "no labelled feedback to the champion's answers yet");
        }
        return new Sample(samples, mine.accuracy() - theirs.accuracy(), String.format(Locale.ROOT,
                "challenger %.4f over %d labels, champion %.4f over %d", mine.accuracy(), mine.labelled(),
                theirs.accuracy(), theirs.labelled()));
    }

    private AccuracyWindow accuracy(String model, String version) {
        return health.report(model, version).map(HealthReport::accuracy).orElse(null);
    }
}

package org.modelgate.remote.mqtt.telemetry;

import java.util.HashMap;
import java.util.Map;

import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.ModelHealth;
import org.modelgate.remote.mqtt.telemetry.RequestCounts.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link ModelWindows} from the health monitor's reports; satisfied only while {@link ModelHealth} is there (the
 * package is an optional import: without the health feature this component does not start, the telemetry goes
 * on without latency, drift and accuracy).
 */
@Component(service = ModelWindows.class)
public final class HealthWindows implements ModelWindows {
    private final ModelHealth health;

    /**
     * Reads from the health monitor.
     *
     * @param health the health monitor
     */
    @Activate
    public HealthWindows(@Reference ModelHealth health) {
        this.health = health;
    }

    @Override
    public Map<Version, Window> windows() {
        Map<Version, Window> windows = new HashMap<>();
        for (HealthReport report : health.reports()) {
            double driftShare = report.drift().filter(d -> d.ready()).map(d -> d.driftedShare()).orElse(Double.NaN);
            windows.put(new Version(report.model(), report.version()), new Window(report.latency().p50Millis(),
                    report.latency().p95Millis(), driftShare, report.accuracy().accuracy(), report.accuracy().labelled()));
        }
        return windows;
    }
}

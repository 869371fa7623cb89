package org.modelgate.remote.mqtt.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.ModelHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A health summary per model (version serving, open alerts), for the retained state when the health bundle is
 * there. Counts and latencies change with every request, so they go to telemetry, not here (the state is republished
 * on change).
 */
@Component(service = StateSection.class)
public final class HealthState implements StateSection {
    private final ModelHealth health;

    /** @param health the health monitor */
    @Activate
    public HealthState(@Reference ModelHealth health) {
        this.health = health;
    }

    @Override
    public Map<String, Object> state() {
        List<Object> models = new ArrayList<>();
        for (HealthReport r : health.reports()) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("model", r.model());
            model.put("version", r.version());
            model.put("alerts", r.alerts().stream().map(a -> a.kind() + " " + a.subject()).toList());
            models.add(model);
        }
        return Map.of("health", models);
    }
}

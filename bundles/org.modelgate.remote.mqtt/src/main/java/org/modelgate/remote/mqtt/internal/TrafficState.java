package org.modelgate.remote.mqtt.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelgate.traffic.TrafficManager;
import org.modelgate.traffic.TrafficStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Traffic policies (champion, challenger, state), for the retained state when the traffic bundle is there. */
@Component(service = StateSection.class)
public final class TrafficState implements StateSection {
    private final TrafficManager traffic;

    /** @param traffic the traffic manager */
    @Activate
    public TrafficState(@Reference TrafficManager traffic) {
        this.traffic = traffic;
    }

    @Override
    public Map<String, Object> state() {
        List<Object> policies = new ArrayList<>();
        for (TrafficStatus s : traffic.policies()) {
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("model", s.model());
            policy.put("champion", s.champion());
            policy.put("challenger", s.challenger());
            policy.put("state", s.state());
            if (s.reason() != null) {
                policy.put("reason", s.reason());
            }
            policies.add(policy);
        }
        return Map.of("traffic", policies);
    }
}

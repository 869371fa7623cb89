package org.modelgate.remote.commands.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;
import org.modelgate.traffic.GuardReading;
import org.modelgate.traffic.TrafficManager;
import org.modelgate.traffic.TrafficPolicy;
import org.modelgate.traffic.TrafficStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The traffic command's work on the TrafficManager. A component of its own so that only it sees the traffic package
 * (imported optionally): without it this component is never satisfied nor loaded, and the traffic command answers
 * that traffic policies are not available.
 */
@Component(service = TrafficControl.class)
public final class TrafficManagerControl implements TrafficControl {
    @Reference
    TrafficManager manager;

    @Override
    public Object run(CommandCall call, String action) {
        String reason = call.text("reason", "remote command " + call.id() + " by " + ServiceCalls.actor(call.signer()));
        switch (action) {
            case "status" -> {
                String model = call.text("model", null);
                if (model == null) {
                    List<Object> all = new ArrayList<>();
                    ServiceCalls.call("listing traffic policies", manager::policies).forEach(s -> all.add(json(s)));
                    return all;
                }
                return ServiceCalls.call("reading the traffic policy of " + model, () -> manager.status(model))
                        .map(TrafficManagerControl::json)
                        .orElseThrow(() -> new CommandException("model " + model + " never had a traffic policy"));
            }
            case "start" -> {
                String model = call.text("model");
                TrafficPolicy policy = policy(call);
                return json(ServiceCalls.call("starting a traffic policy for " + model, () -> manager.start(model, policy)));
            }
            case "promote" -> {
                String model = call.text("model");
                return json(ServiceCalls.call("promoting the challenger of " + model, () -> manager.promote(model, reason)));
            }
            default -> {
                String model = call.text("model");
                return json(ServiceCalls.call("rolling back the challenger of " + model,
                        () -> manager.rollback(model, reason)));
            }
        }
    }

    private static TrafficPolicy policy(CommandCall call) {
        Object policy = call.body().get("policy");
        if (!(policy instanceof Map<?, ?> map)) {
            throw new CommandException("traffic start needs \"policy\": an object such as {\"challenger\": \"1.1.0\", "
                    + "\"mode\": \"split\", \"percent\": 10, \"guards\": [...]}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) map;
        try {
            return TrafficPolicy.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new CommandException("\"policy\": " + e.getMessage(), e);
        }
    }

    static Map<String, Object> json(TrafficStatus s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", s.model());
        json.put("champion", s.champion());
        json.put("challenger", s.challenger());
        json.put("state", s.state().name().toLowerCase(Locale.ROOT));
        json.put("policy", s.policy().toJson());
        json.put("started", s.started() == null ? null : s.started().toString());
        json.put("ended", s.ended() == null ? null : s.ended().toString());
        json.put("reason", s.reason());
        json.put("challenger_requests", s.challengerRequests());
        List<Object> readings = new ArrayList<>();
        for (GuardReading r : s.readings()) {
            Map<String, Object> reading = new LinkedHashMap<>();
            reading.put("metric", r.guard().metric().jsonName());
            reading.put("limit", r.guard().limit());
            reading.put("samples", r.samples());
            reading.put("value", Double.isFinite(r.value()) ? r.value() : null);
            reading.put("verdict", r.verdict().name().toLowerCase(Locale.ROOT));
            readings.add(reading);
        }
        json.put("readings", readings);
        return json;
    }
}

package org.modelgate.fleet.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.modelgate.fleet.Device;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.GateMetric;
import org.modelgate.remote.mqtt.link.Json;

/**
 * The devices as their messages describe them: retained {@code status} (online/offline), retained {@code state}
 * (facts, models) and {@code telemetry} (per model version: requests, errors, p95, drift, accuracy). Every message
 * is idempotent: a retained state or status delivered again changes nothing, and telemetry whose {@code seq} user
 * property is not above the last one seen from that device (a duplicate from the at-least-once spool, or a late one)
 * is ignored.
 */
final class DeviceRegistry {
    /** The newest telemetry of one model version on one device: totals since the gateway started. */
    /**
     * A device's newest telemetry row of one model version.
     *
     * @param labelled the labelled requests behind {@code accuracy}; -1 when the agent does not report it (agents
     *        before it did)
     */
    record Reading(long requests, long errors, double p95Ms, double drift, double accuracy, long labelled, Instant at) {
        /** The sample count behind a metric: labelled requests for accuracy (requests from older agents), else requests. */
        long samples(GateMetric metric) {
            return metric == GateMetric.ACCURACY && labelled >= 0 ? labelled : requests;
        }
    }

    private static final class Entry {
        volatile Device device;
        volatile long lastSeq = -1;
        final Map<String, Reading> readings = new ConcurrentHashMap<>();
    }

    private final Map<String, Entry> devices = new ConcurrentHashMap<>();
    private volatile long ignoredTelemetry;

    private Entry entry(String id, Instant now) {
        return devices.computeIfAbsent(id, k -> {
            Entry e = new Entry();
            e.device = new Device(id, false, Set.of(), "", "", "", "", Set.of(), Map.of(), Set.of(), 0, List.of(), List.of(), now);
            return e;
        });
    }

    void status(String id, byte[] payload, Instant now) {
        Entry e = entry(id, now);
        String text = new String(payload, StandardCharsets.UTF_8).trim();
        synchronized (e) {
            Device d = e.device;
            e.device = new Device(d.id(), text.equals("online"), d.groups(), d.deviceType(), d.cpu(), d.os(),
                    d.gatewayVersion(), d.accelerators(), d.drivers(), d.formats(), d.memoryMb(), d.models(), d.alerts(), now);
        }
    }

    /** Reads a retained state document; a malformed one is ignored (the previous stays). */
    void state(String id, byte[] payload, Instant now) {
        Map<String, Object> state;
        try {
            state = Json.object(payload);
        } catch (IllegalArgumentException ex) {
            return;
        }
        Entry e = entry(id, now);
        Map<?, ?> facts = state.get("facts") instanceof Map<?, ?> m ? m : Map.of();
        List<Device.DeviceModel> models = new ArrayList<>();
        if (state.get("models") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> m && m.get("name") != null) {
                    models.add(new Device.DeviceModel(String.valueOf(m.get("name")), string(m.get("version")),
                            strings(m.get("versions")), string(m.get("state"))));
                }
            }
        }
        Set<String> accelerators = new TreeSet<>(strings(facts.get("accelerators")));
        if (!facts.containsKey("accelerators") && state.get("drivers") instanceof List<?> drivers) {
            for (Object d : drivers) {
                if (d instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("available"))) {
                    accelerators.add(String.valueOf(m.get("name")));
                }
            }
        }
        Map<String, Boolean> drivers = new java.util.TreeMap<>();
        if (facts.get("drivers") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> drivers.put(String.valueOf(k), Boolean.TRUE.equals(v)));
        } else if (state.get("drivers") instanceof List<?> list) {
            for (Object d : list) {
                if (d instanceof Map<?, ?> m && m.get("name") != null) {
                    drivers.put(String.valueOf(m.get("name")), Boolean.TRUE.equals(m.get("available")));
                }
            }
        }
        List<String> alerts = new ArrayList<>();
        if (state.get("health") instanceof List<?> list) {
            for (Object h : list) {
                if (h instanceof Map<?, ?> m) {
                    for (String alert : strings(m.get("alerts"))) {
                        alerts.add(m.get("model") + " " + m.get("version") + ": " + alert);
                    }
                }
            }
        }
        long memory = facts.get("memory_mb") instanceof Number n ? n.longValue() : 0;
        synchronized (e) {
            Device d = e.device;
            e.device = new Device(id, d.online(), new TreeSet<>(strings(state.get("groups"))),
                    string(facts.get("device_type")), string(facts.get("cpu")), string(facts.get("os")),
                    string(facts.get("gateway_version")), accelerators, drivers, new TreeSet<>(strings(facts.get("formats"))),
                    memory, models, alerts, now);
        }
    }

    /** Reads a telemetry summary ({@code type: telemetry}, {@code models} rows). */
    void telemetry(String id, byte[] payload, Long seq, Instant now) {
        Entry e = entry(id, now);
        synchronized (e) {
            if (seq != null) {
                if (seq <= e.lastSeq) {
                    ignoredTelemetry++;
                    return;
                }
                e.lastSeq = seq;
            }
            Device d = e.device;
            e.device = new Device(d.id(), d.online(), d.groups(), d.deviceType(), d.cpu(), d.os(), d.gatewayVersion(),
                    d.accelerators(), d.drivers(), d.formats(), d.memoryMb(), d.models(), d.alerts(), now);
        }
        Map<String, Object> json;
        try {
            json = Json.object(payload);
        } catch (IllegalArgumentException ex) {
            return;
        }
        if (!(json.get("models") instanceof List<?> rows)) {
            return;
        }
        for (Object row : rows) {
            if (row instanceof Map<?, ?> m && m.get("model") != null && m.get("version") != null) {
                e.readings.put(key(String.valueOf(m.get("model")), String.valueOf(m.get("version"))),
                        new Reading(number(m.get("requests")), number(m.get("errors")), real(m.get("p95Ms")),
                                real(m.get("driftShare")), real(m.get("accuracy")),
                                m.get("labelled") instanceof Number n ? n.longValue() : -1, now));
            }
        }
    }

    Optional<Reading> reading(String device, String model, String version) {
        Entry e = devices.get(device);
        return e == null ? Optional.empty() : Optional.ofNullable(e.readings.get(key(model, version)));
    }

    List<Device> devices(DeviceQuery query) {
        return devices.values().stream().map(e -> e.device).filter(query::matches)
                .sorted(Comparator.comparing(Device::id)).toList();
    }

    Optional<Device> device(String id) {
        Entry e = devices.get(id);
        return e == null ? Optional.empty() : Optional.of(e.device);
    }

    int size() {
        return devices.size();
    }

    long ignoredTelemetry() {
        return ignoredTelemetry;
    }

    private static String key(String model, String version) {
        return model + "\u0000" + version;
    }

    private static String string(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object v : list) {
                if (v != null) {
                    out.add(String.valueOf(v));
                }
            }
        }
        return out;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static double real(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}

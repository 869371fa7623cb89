package org.modelgate.fleet.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelgate.fleet.AbortCriteria;
import org.modelgate.fleet.DeviceOutcome;
import org.modelgate.fleet.DeviceOutcome.Outcome;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.GateMetric;
import org.modelgate.fleet.QualityGate;
import org.modelgate.fleet.RolloutPlan;
import org.modelgate.fleet.RolloutState;
import org.modelgate.fleet.StagePlan;
import org.modelgate.fleet.StageStatus.GateReading;
import org.modelgate.fleet.StageStatus.StageState;

/** A rollout as JSON: what the store writes and reads back, and (without the device lists) what MQTT carries. */
final class RolloutCodec {
    private RolloutCodec() {
    }

    static Map<String, Object> write(RolloutRecord r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", 1);
        json.put("id", r.id);
        json.put("model", r.model);
        json.put("version", r.version);
        json.put("sha256", r.sha256);
        json.put("size", r.size);
        json.put("plan", plan(r.plan));
        json.put("creator", r.creator);
        json.put("approver", r.approver);
        json.put("created", r.created.toString());
        json.put("updated", r.updated.toString());
        json.put("state", r.state.name());
        json.put("currentStage", r.currentStage);
        json.put("reason", r.reason);
        List<Object> stages = new ArrayList<>();
        for (RolloutRecord.Stage s : r.stages) {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("state", s.state.name());
            stage.put("started", s.started == null ? null : s.started.toString());
            stage.put("ended", s.ended == null ? null : s.ended.toString());
            stage.put("gateStart", s.gateStart == null ? null : s.gateStart.toString());
            stage.put("reason", s.reason);
            List<Object> slots = new ArrayList<>();
            for (RolloutRecord.Slot slot : s.slots) {
                slots.add(List.of(slot.device, slot.outcome.name(), slot.reason, slot.previous, slot.at.toString()));
            }
            stage.put("devices", slots);
            stages.add(stage);
        }
        json.put("stages", stages);
        List<Object> skipped = new ArrayList<>();
        for (DeviceOutcome d : r.skipped) {
            skipped.add(List.of(d.device(), d.reason()));
        }
        json.put("skipped", skipped);
        return json;
    }

    static Map<String, Object> plan(RolloutPlan p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("package", p.packageFile().toString());
        json.put("sha256", p.sha256());
        json.put("target", p.target().toString());
        json.put("stages", p.stages().toString());
        json.put("failurePercent", p.abort().failurePercent());
        json.put("minDevices", p.abort().minDevices());
        json.put("perDeviceTimeoutMs", p.abort().perDeviceTimeout().toMillis());
        List<Object> gates = new ArrayList<>();
        for (QualityGate g : p.gates()) {
            Map<String, Object> gate = new LinkedHashMap<>();
            gate.put("metric", g.metric().key());
            gate.put("threshold", g.threshold());
            gate.put("minSamples", g.minSamples());
            gate.put("soakMs", g.soak().toMillis());
            gate.put("timeoutMs", g.timeout().toMillis());
            gates.add(gate);
        }
        json.put("gates", gates);
        json.put("production", p.production());
        json.put("description", p.description());
        return json;
    }

    static RolloutPlan readPlan(Map<?, ?> p) {
        List<QualityGate> gates = new ArrayList<>();
        for (Object o : list(p.get("gates"))) {
            Map<?, ?> g = (Map<?, ?>) o;
            gates.add(new QualityGate(GateMetric.of(str(g.get("metric"))), real(g.get("threshold")), num(g.get("minSamples")),
                    Duration.ofMillis(num(g.get("soakMs"))), Duration.ofMillis(num(g.get("timeoutMs")))));
        }
        return new RolloutPlan(Path.of(str(p.get("package"))), str(p.get("sha256")), DeviceQuery.parse(str(p.get("target"))),
                stagePlan(str(p.get("stages"))),
                new AbortCriteria(real(p.get("failurePercent")), (int) num(p.get("minDevices")),
                        Duration.ofMillis(num(p.get("perDeviceTimeoutMs")))),
                gates, Boolean.TRUE.equals(p.get("production")), str(p.get("description")));
    }

    /** Parses {@code 1,5%,25%,100%} or {@code exponential(2,2.0)} (also {@code exp:2,2.0}). */
    static StagePlan stagePlan(String text) {
        String t = text.trim();
        String exp = t.startsWith("exponential(") && t.endsWith(")") ? t.substring(12, t.length() - 1)
                : t.startsWith("exp:") ? t.substring(4) : null;
        if (exp != null) {
            String[] parts = exp.split(",");
            if (parts.length != 2) {
                throw new org.modelgate.fleet.FleetException("stages '" + text + "': exponential needs baseRate,factor");
            }
            try {
                return StagePlan.exponential(Integer.parseInt(parts[0].trim()), Double.parseDouble(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new org.modelgate.fleet.FleetException("stages '" + text + "': baseRate and factor must be numbers");
            }
        }
        return StagePlan.explicit(t.split(","));
    }

    static RolloutRecord read(Map<?, ?> json) {
        RolloutRecord r = new RolloutRecord(str(json.get("id")), str(json.get("model")), str(json.get("version")),
                str(json.get("sha256")), num(json.get("size")), readPlan((Map<?, ?>) json.get("plan")),
                str(json.get("creator")), Instant.parse(str(json.get("created"))),
                RolloutState.valueOf(str(json.get("state"))));
        r.approver = str(json.get("approver"));
        r.updated = Instant.parse(str(json.get("updated")));
        r.currentStage = (int) num(json.get("currentStage"));
        r.reason = str(json.get("reason"));
        int index = 0;
        for (Object o : list(json.get("stages"))) {
            Map<?, ?> s = (Map<?, ?>) o;
            RolloutRecord.Stage stage = new RolloutRecord.Stage(index++);
            stage.state = StageState.valueOf(str(s.get("state")));
            stage.started = instant(s.get("started"));
            stage.ended = instant(s.get("ended"));
            stage.gateStart = instant(s.get("gateStart"));
            stage.reason = str(s.get("reason"));
            for (Object d : list(s.get("devices"))) {
                List<?> f = (List<?>) d;
                RolloutRecord.Slot slot = new RolloutRecord.Slot(str(f.get(0)), Instant.parse(str(f.get(4))));
                slot.outcome = Outcome.valueOf(str(f.get(1)));
                slot.reason = str(f.get(2));
                slot.previous = str(f.get(3));
                stage.slots.add(slot);
            }
            r.stages.add(stage);
        }
        for (Object o : list(json.get("skipped"))) {
            List<?> f = (List<?>) o;
            r.skipped.add(new DeviceOutcome(str(f.get(0)), Outcome.SKIPPED, str(f.get(1)), "", r.created));
        }
        r.dirty = false;
        return r;
    }

    /** The retained summary on {@code modelgate/{fleet}/controller/rollouts/{id}}: counts, not device lists. */
    static Map<String, Object> summary(RolloutRecord r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.id);
        json.put("model", r.model);
        json.put("version", r.version);
        json.put("state", r.state.name());
        json.put("production", r.plan.production());
        json.put("creator", r.creator);
        json.put("approver", r.approver);
        json.put("currentStage", r.currentStage);
        json.put("reason", r.reason);
        json.put("updated", r.updated.toString());
        json.put("skipped", r.skipped.size());
        List<Object> stages = new ArrayList<>();
        for (RolloutRecord.Stage s : r.stages) {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("state", s.state.name());
            stage.put("devices", s.slots.size());
            for (Outcome o : Outcome.values()) {
                long n = s.count(o);
                if (n > 0) {
                    stage.put(o.name().toLowerCase(java.util.Locale.ROOT), n);
                }
            }
            List<Object> readings = new ArrayList<>();
            for (GateReading g : s.readings) {
                readings.add(Map.of("metric", g.metric().key(), "value", Double.isFinite(g.value()) ? g.value() : "NaN",
                        "samples", g.samples(), "verdict", g.verdict()));
            }
            stage.put("gates", readings);
            stage.put("reason", s.reason);
            stages.add(stage);
        }
        json.put("stages", stages);
        return json;
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static double real(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    private static Instant instant(Object o) {
        return o == null ? null : Instant.parse(String.valueOf(o));
    }
}

package org.modelgate.benchmarks.fleet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model on a simulated gateway: its installed versions, the one it serves and the versions it served before (so
 * that {@code rollback} goes back to the previous one, as the registry's history does), and request totals per
 * version for telemetry.
 */
final class SimulatedModel {
    private final String name;
    private final String initial;
    private final List<String> versions = new ArrayList<>();
    private final Deque<String> served = new ArrayDeque<>();
    private final Map<String, long[]> totals = new LinkedHashMap<>();
    private final List<Map<String, Object>> history = new ArrayList<>();
    private String active;

    SimulatedModel(String name, String version) {
        this.name = name;
        this.initial = version;
        this.versions.add(version);
        this.active = version;
        event(version, "committed", "installed at start");
    }

    String name() {
        return name;
    }

    String active() {
        return active;
    }

    /** @return whether the version is one this model was updated to (not the one it started with) */
    boolean isUpdate(String version) {
        return !version.equals(initial);
    }

    /** Compares dotted versions numerically where both parts are numbers, as text otherwise. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = p.matches("\\d+") && q.matches("\\d+") ? Long.compare(Long.parseLong(p), Long.parseLong(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    List<String> versions() {
        return List.copyOf(versions);
    }

    void install(String version) {
        if (!versions.contains(version)) {
            versions.add(version);
            versions.sort(SimulatedModel::compareVersions);
            event(version, "installed", null);
        }
    }

    void activate(String version) {
        if (!version.equals(active)) {
            served.push(active);
            active = version;
        }
        event(version, "committed", "activated");
    }

    /** The version activated before failed its trial: recorded, nothing else changes. */
    void trialFailed(String version, String reason) {
        event(version, "rolled_back", reason);
    }

    /** @return the version now served, or null when there is nothing to go back to */
    String rollback() {
        if (served.isEmpty()) {
            return null;
        }
        String from = active;
        active = served.pop();
        event(active, "rolled_back", "rollback from " + from);
        return active;
    }

    void remove(String version) {
        versions.remove(version);
    }

    /** @return {requests, errors} of the version, counted since the start */
    long[] totals(String version) {
        return totals.computeIfAbsent(version, v -> new long[2]);
    }

    Map<String, long[]> allTotals() {
        return totals;
    }

    private void event(String version, String kind, String reason) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("time", java.time.Instant.now().toString());
        e.put("version", version);
        e.put("kind", kind);
        e.put("reason", reason);
        history.add(e);
        if (history.size() > 20) {
            history.remove(0);
        }
    }

    /** The model as the {@code models}, {@code activate} and {@code rollback} commands answer it. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("state", "ready");
        json.put("active", active);
        json.put("committed", active);
        json.put("versions", versions());
        json.put("backend", "onnxruntime");
        json.put("accelerator", "cpu");
        json.put("history", List.copyOf(history.subList(Math.max(0, history.size() - 5), history.size())));
        return json;
    }

    /** The model as the retained {@code state} lists it. */
    Map<String, Object> toState() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("version", active);
        json.put("versions", versions());
        json.put("state", "READY");
        json.put("backend", "onnxruntime");
        return json;
    }
}

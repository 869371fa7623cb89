package org.modelgate.monitor.drift;

import java.util.Map;
import java.util.Set;

import org.modelgate.monitor.drift.internal.JsonPath;

/**
 * model.json's {@code "monitor"}: how much live data a model version's drift window holds, how much it
 * needs before it gives a verdict, which statistic decides and the thresholds. Every key is optional.
 *
 * <pre>
 * "monitor": {"window": 1000, "minSamples": 100, "method": "auto", "thresholds": {"ksPValue": 0.01, "driftShare": 0.5}}
 * </pre>
 *
 * @param window the most live rows kept per feature (older ones leave first)
 * @param minSamples the fewest finite live values a feature needs before it is judged
 * @param method which statistic decides
 * @param thresholds when a statistic counts as drift
 */
public record MonitorSettings(int window, int minSamples, DriftMethod method, DriftThresholds thresholds) {
    /** The largest window: a million rows per feature, 8 MB per feature at most. */
    public static final int MAX_WINDOW = 1_000_000;
    /** 1000 rows, at least 100 before a verdict, the automatic method, Evidently's thresholds. */
    public static final MonitorSettings DEFAULTS = new MonitorSettings(1000, 100, DriftMethod.AUTO, DriftThresholds.DEFAULTS);
    private static final Set<String> KEYS = Set.of("window", "minSamples", "method", "thresholds");
    private static final Set<String> THRESHOLDS = Set.of("ksPValue", "chiSquaredPValue", "wasserstein", "jensenShannon", "psi",
            "psiSignificant", "driftShare", "largeReference");

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException naming the value out of range
     */
    public MonitorSettings {
        if (window < 2 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("window must be 2 to " + MAX_WINDOW + " rows, got " + window);
        }
        if (minSamples < 2 || minSamples > window) {
            throw new IllegalArgumentException("minSamples must be 2 to the window (" + window + "), got " + minSamples);
        }
        java.util.Objects.requireNonNull(method, "method");
        java.util.Objects.requireNonNull(thresholds, "thresholds");
    }

    /**
     * Reads the section from the value {@link org.modelgate.json.StrictJson#read} gives for it; what it
     * leaves out comes from {@code defaults}.
     *
     * @param section the value of {@code "monitor"}, or null for the defaults
     * @param defaults the settings where the section says nothing (e.g. from the monitor's configuration)
     * @return the settings
     * @throws InvalidSectionException saying where and what is wrong
     */
    public static MonitorSettings parse(Object section, MonitorSettings defaults) throws InvalidSectionException {
        if (section == null) {
            return defaults;
        }
        JsonPath at = new JsonPath("monitor");
        Map<?, ?> map = at.object(section, "{\"window\": 1000, \"minSamples\": 100, \"method\": \"auto\", \"thresholds\": {...}}");
        at.onlyKeys(map, KEYS);
        int window = map.get("window") == null ? defaults.window() : whole(at.child("window"), map.get("window"));
        int minSamples = map.get("minSamples") == null ? Math.min(defaults.minSamples(), window)
                : whole(at.child("minSamples"), map.get("minSamples"));
        DriftMethod method = defaults.method();
        if (map.get("method") != null) {
            if (!(map.get("method") instanceof String name)) {
                throw at.child("method").invalid("must be a string: auto, ks, wasserstein, psi or jensenshannon");
            }
            try {
                method = DriftMethod.of(name);
            } catch (IllegalArgumentException e) {
                throw at.child("method").invalid(e.getMessage());
            }
        }
        DriftThresholds thresholds = map.get("thresholds") == null ? defaults.thresholds()
                : thresholds(map.get("thresholds"), at.child("thresholds"), defaults.thresholds());
        try {
            return new MonitorSettings(window, minSamples, method, thresholds);
        } catch (IllegalArgumentException e) {
            throw at.invalid(e.getMessage());
        }
    }

    private static DriftThresholds thresholds(Object value, JsonPath at, DriftThresholds d) throws InvalidSectionException {
        Map<?, ?> map = at.object(value, "an object with any of " + THRESHOLDS);
        at.onlyKeys(map, THRESHOLDS);
        try {
            return new DriftThresholds(number(map, "ksPValue", d.ksPValue(), at), number(map, "chiSquaredPValue", d.chiSquaredPValue(), at),
                    number(map, "wasserstein", d.wasserstein(), at), number(map, "jensenShannon", d.jensenShannon(), at),
                    number(map, "psi", d.psi(), at), number(map, "psiSignificant", d.psiSignificant(), at),
                    number(map, "driftShare", d.driftShare(), at),
                    map.get("largeReference") == null ? d.largeReference() : at.child("largeReference").count(map.get("largeReference")));
        } catch (IllegalArgumentException e) {
            throw at.invalid(e.getMessage());
        }
    }

    private static double number(Map<?, ?> map, String key, double fallback, JsonPath at) throws InvalidSectionException {
        return map.get(key) == null ? fallback : at.child(key).number(map.get(key));
    }

    private static int whole(JsonPath at, Object value) throws InvalidSectionException {
        long n = at.count(value);
        if (n > Integer.MAX_VALUE) {
            throw at.invalid("is too large, got " + value);
        }
        return (int) n;
    }
}

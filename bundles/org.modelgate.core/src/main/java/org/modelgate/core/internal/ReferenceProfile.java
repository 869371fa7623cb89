package org.modelgate.core.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the training data looked like, for drift monitors ({@code "reference"} in model.json):
 * per input or output tensor, per feature (last dimension), any of {@code mean}, {@code std},
 * {@code min}, {@code max} as equally long lists of numbers, and the {@code count} of rows
 * they were computed from. The full profile that {@code mgpack reference} writes also holds
 * {@code features}, {@code quantiles}, {@code histogram}, {@code categories}, {@code predictions},
 * {@code confidence} and a per-tensor {@code count}: accepted here and left to the drift monitor
 * (org.modelgate.monitor.drift reads and checks them), so only the moments are kept.
 *
 * <pre>
 * "reference": {"count": 120, "inputs": {"input": {"mean": [5.8, 3.0, 3.8, 1.2], "std": [0.8, 0.4, 1.8, 0.8]}}}
 * </pre>
 *
 * @param count rows the statistics come from, 0 when not given
 * @param tensors statistics by tensor name, then by statistic name
 */
record ReferenceProfile(long count, Map<String, Map<String, double[]>> tensors) {
    static final ReferenceProfile NONE = new ReferenceProfile(0, Map.of());
    private static final Set<String> STATISTICS = Set.of("mean", "std", "min", "max");
    /** The keys of the full profile that the drift monitor reads (see org.modelgate.monitor.drift's README). */
    private static final Set<String> PROFILE_KEYS = Set.of("count", "features", "quantiles", "histogram", "categories",
            "predictions", "confidence");

    boolean isPresent() {
        return !tensors.isEmpty();
    }

    static ReferenceProfile parse(Object value, Path file) {
        if (value == null) {
            return NONE;
        }
        String where = file + ": \"reference\"";
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(where + " must be an object: {\"count\": N, \"inputs\": {NAME: {\"mean\": [...], ...}}, \"outputs\": {...}}");
        }
        for (Object key : map.keySet()) {
            if (!Set.of("count", "inputs", "outputs").contains(key)) {
                throw invalid(where + ": unknown key '" + key + "'; expected count, inputs, outputs");
            }
        }
        long count = 0;
        if (map.get("count") != null) {
            if (!(map.get("count") instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 0) {
                throw invalid(where + ".count must be a whole number of rows, got " + map.get("count"));
            }
            count = n.longValue();
        }
        Map<String, Map<String, double[]>> tensors = new LinkedHashMap<>();
        for (String side : List.of("inputs", "outputs")) {
            Object tensorsOfSide = map.get(side);
            if (tensorsOfSide == null) {
                continue;
            }
            if (!(tensorsOfSide instanceof Map<?, ?> byName)) {
                throw invalid(where + "." + side + " must be an object of tensor name -> statistics");
            }
            byName.forEach((name, stats) -> tensors.put(String.valueOf(name), statistics(stats, where + "." + side + "." + name)));
        }
        return new ReferenceProfile(count, Map.copyOf(tensors));
    }

    private static Map<String, double[]> statistics(Object value, String where) {
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            throw invalid(where + " must be an object with any of " + STATISTICS + " as lists of numbers");
        }
        Map<String, double[]> stats = new LinkedHashMap<>();
        int length = -1;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String stat = String.valueOf(e.getKey());
            if (PROFILE_KEYS.contains(stat)) {
                continue;
            }
            if (!STATISTICS.contains(stat)) {
                throw invalid(where + ": unknown statistic '" + stat + "'; expected " + STATISTICS + " or " + PROFILE_KEYS);
            }
            if (!(e.getValue() instanceof List<?> list) || list.isEmpty() || list.stream().anyMatch(v -> !(v instanceof Number))) {
                throw invalid(where + "." + stat + " must be a non-empty list of numbers, one per feature");
            }
            if (length >= 0 && list.size() != length) {
                throw invalid(where + "." + stat + " has " + list.size() + " values, the others " + length);
            }
            length = list.size();
            stats.put(stat, list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray());
        }
        return Map.copyOf(stats);
    }

    private static ModelDescriptor.InvalidDescriptorException invalid(String message) {
        return new ModelDescriptor.InvalidDescriptorException(message);
    }
}

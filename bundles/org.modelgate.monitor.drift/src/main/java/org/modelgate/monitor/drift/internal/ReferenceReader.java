package org.modelgate.monitor.drift.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import org.modelgate.monitor.drift.Categories;
import org.modelgate.monitor.drift.ClassCounts;
import org.modelgate.monitor.drift.FeatureProfile;
import org.modelgate.monitor.drift.Histogram;
import org.modelgate.monitor.drift.InvalidSectionException;
import org.modelgate.monitor.drift.ReferenceProfile;
import org.modelgate.monitor.drift.TensorProfile;

/**
 * Reads model.json's {@code "reference"} from plain JSON values, refusing anything unknown or
 * inconsistent with the path where it is.
 */
public final class ReferenceReader {
    private static final Set<String> TOP = Set.of("count", "inputs", "outputs");
    private static final Set<String> MOMENTS = Set.of("mean", "std", "min", "max");
    private static final Set<String> TENSOR = Set.of("count", "features", "mean", "std", "min", "max", "quantiles", "histogram",
            "categories", "predictions", "confidence");

    private ReferenceReader() {
    }

    /**
     * Reads the section.
     *
     * @param section the value of {@code "reference"}
     * @return the profile
     * @throws InvalidSectionException saying where and what is wrong
     */
    public static ReferenceProfile read(Object section) throws InvalidSectionException {
        JsonPath at = new JsonPath("reference");
        Map<?, ?> map = at.object(section, "{\"count\": N, \"inputs\": {TENSOR: {...}}, \"outputs\": {...}}");
        at.onlyKeys(map, TOP);
        long count = map.get("count") == null ? 0 : at.child("count").count(map.get("count"));
        Map<String, TensorProfile> inputs = tensors(map.get("inputs"), at.child("inputs"), count);
        Map<String, TensorProfile> outputs = tensors(map.get("outputs"), at.child("outputs"), count);
        return new ReferenceProfile(count, inputs, outputs);
    }

    private static Map<String, TensorProfile> tensors(Object value, JsonPath at, long count) throws InvalidSectionException {
        Map<String, TensorProfile> tensors = new LinkedHashMap<>();
        if (value == null) {
            return tensors;
        }
        for (Map.Entry<?, ?> e : at.object(value, "an object of tensor name -> statistics").entrySet()) {
            String name = String.valueOf(e.getKey());
            tensors.put(name, tensor(e.getValue(), at.child(name), count));
        }
        return tensors;
    }

    private static TensorProfile tensor(Object value, JsonPath at, long referenceCount) throws InvalidSectionException {
        Map<?, ?> map = at.object(value, "an object with any of " + TENSOR);
        at.onlyKeys(map, TENSOR);
        if (map.keySet().stream().noneMatch(k -> MOMENTS.contains(k) || "quantiles".equals(k))) {
            throw at.invalid("holds no statistic: give mean/std/min/max or quantiles, one per feature");
        }
        long count = map.get("count") == null ? referenceCount : at.child("count").count(map.get("count"));
        int width = -1;
        Map<String, double[]> moments = new LinkedHashMap<>();
        for (String moment : List.of("mean", "std", "min", "max")) {
            if (map.get(moment) != null) {
                double[] values = at.child(moment).numbers(map.get(moment));
                width = at.child(moment).sameWidth(width, values.length);
                moments.put(moment, values);
            }
        }
        List<String> names = map.get("features") == null ? null : at.child("features").strings(map.get("features"));
        if (names != null) {
            width = at.child("features").sameWidth(width, names.size());
        }
        List<double[]> quantiles = new ArrayList<>();
        if (map.get("quantiles") != null) {
            JsonPath q = at.child("quantiles");
            List<?> list = q.list(map.get("quantiles"));
            width = q.sameWidth(width, list.size());
            for (int i = 0; i < list.size(); i++) {
                quantiles.add(q.index(i).numbers(list.get(i)));
            }
        }
        List<Histogram> histograms = new ArrayList<>();
        if (map.get("histogram") != null) {
            JsonPath h = at.child("histogram");
            List<?> list = h.list(map.get("histogram"));
            width = h.sameWidth(width, list.size());
            for (int i = 0; i < list.size(); i++) {
                histograms.add(histogram(list.get(i), h.index(i)));
            }
        }
        List<Categories> categories = new ArrayList<>();
        if (map.get("categories") != null) {
            JsonPath c = at.child("categories");
            List<?> list = c.list(map.get("categories"));
            width = c.sameWidth(width, list.size());
            for (int i = 0; i < list.size(); i++) {
                categories.add(list.get(i) == null ? null : categories(list.get(i), c.index(i)));
            }
        }
        List<FeatureProfile> features = new ArrayList<>();
        for (int f = 0; f < width; f++) {
            features.add(feature(names == null ? "f" + f : names.get(f), count, moments, f, quantiles.isEmpty() ? null : quantiles.get(f),
                    histograms.isEmpty() ? null : histograms.get(f), categories.isEmpty() ? null : categories.get(f), at));
        }
        ClassCounts predictions = map.get("predictions") == null ? null : predictions(map.get("predictions"), at.child("predictions"));
        FeatureProfile confidence = map.get("confidence") == null ? null : confidence(map.get("confidence"), at.child("confidence"), count);
        return new TensorProfile(features, predictions, confidence);
    }

    private static FeatureProfile feature(String name, long count, Map<String, double[]> moments, int f, double[] quantiles,
            Histogram histogram, Categories categories, JsonPath at) throws InvalidSectionException {
        try {
            return new FeatureProfile(name, count, moment(moments, "mean", f), moment(moments, "std", f), moment(moments, "min", f),
                    moment(moments, "max", f), quantiles, histogram, categories);
        } catch (IllegalArgumentException e) {
            throw at.invalid(e.getMessage());
        }
    }

    private static double moment(Map<String, double[]> moments, String name, int f) {
        double[] values = moments.get(name);
        return values == null ? Double.NaN : values[f];
    }

    private static FeatureProfile confidence(Object value, JsonPath at, long count) throws InvalidSectionException {
        Map<?, ?> map = at.object(value, "an object with count, mean, std, min, max, quantiles, histogram of the largest output per row");
        at.onlyKeys(map, Set.of("count", "mean", "std", "min", "max", "quantiles", "histogram", "categories"));
        try {
            return new FeatureProfile("confidence", map.get("count") == null ? count : at.child("count").count(map.get("count")),
                    scalar(map, "mean", at), scalar(map, "std", at), scalar(map, "min", at), scalar(map, "max", at),
                    map.get("quantiles") == null ? null : at.child("quantiles").numbers(map.get("quantiles")),
                    map.get("histogram") == null ? null : histogram(map.get("histogram"), at.child("histogram")),
                    map.get("categories") == null ? null : categories(map.get("categories"), at.child("categories")));
        } catch (IllegalArgumentException e) {
            throw at.invalid(e.getMessage());
        }
    }

    private static double scalar(Map<?, ?> map, String key, JsonPath at) throws InvalidSectionException {
        Object value = map.get(key);
        return value == null ? Double.NaN : at.child(key).number(value);
    }

    private static Histogram histogram(Object value, JsonPath at) throws InvalidSectionException {
        return countTable(value, at, "{\"edges\": [k+1 numbers], \"counts\": [k counts]}", "edges", JsonPath::numbers,
                Histogram::new);
    }

    private static Categories categories(Object value, JsonPath at) throws InvalidSectionException {
        return countTable(value, at, "{\"values\": [...], \"counts\": [...]} or null", "values", JsonPath::numbers,
                Categories::new);
    }

    private static ClassCounts predictions(Object value, JsonPath at) throws InvalidSectionException {
        return countTable(value, at, "{\"labels\": [...], \"counts\": [...]}", "labels", JsonPath::strings,
                ClassCounts::new);
    }

    /**
     * Reads a table of counts, {@code {"<key>": [what is counted], "counts": [a count each]}}: histogram bins,
     * categories, predicted labels. The table's own checks (lengths, order) become a refusal at this path.
     */
    private static <K, T> T countTable(Object value, JsonPath at, String expected, String key, Counted<K> counted,
            BiFunction<K, long[], T> table) throws InvalidSectionException {
        Map<?, ?> map = at.object(value, expected);
        at.onlyKeys(map, Set.of(key, "counts"));
        try {
            return table.apply(counted.read(at.child(key), map.get(key)), at.child("counts").counts(map.get("counts")));
        } catch (IllegalArgumentException e) {
            throw at.invalid(e.getMessage());
        }
    }

    /** How a count table's first column reads: numbers (edges, category values) or strings (labels). */
    @FunctionalInterface
    private interface Counted<K> {
        K read(JsonPath at, Object value) throws InvalidSectionException;
    }
}

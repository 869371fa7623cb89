package org.modelgate.monitor.drift.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modelgate.monitor.drift.Categories;
import org.modelgate.monitor.drift.FeatureProfile;
import org.modelgate.monitor.drift.Histogram;
import org.modelgate.monitor.drift.ReferenceProfile;
import org.modelgate.monitor.drift.TensorProfile;

/**
 * Writes a {@link ReferenceProfile} as plain JSON values in the layout {@link ReferenceReader} reads.
 */
public final class ReferenceWriter {
    private static final MathContext DIGITS = new MathContext(7);

    private ReferenceWriter() {
    }

    /**
     * Writes the profile.
     *
     * @param profile the profile
     * @return the value of model.json's {@code "reference"}
     */
    public static Map<String, Object> write(ReferenceProfile profile) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", profile.count());
        if (!profile.inputs().isEmpty()) {
            json.put("inputs", tensors(profile.inputs()));
        }
        if (!profile.outputs().isEmpty()) {
            json.put("outputs", tensors(profile.outputs()));
        }
        return json;
    }

    private static Map<String, Object> tensors(Map<String, TensorProfile> tensors) {
        Map<String, Object> json = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> json.put(name, tensor(tensor)));
        return json;
    }

    private static Map<String, Object> tensor(TensorProfile tensor) {
        List<FeatureProfile> features = tensor.features();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("features", features.stream().map(FeatureProfile::name).toList());
        moment(json, "mean", features.stream().mapToDouble(FeatureProfile::mean).toArray());
        moment(json, "std", features.stream().mapToDouble(FeatureProfile::std).toArray());
        moment(json, "min", features.stream().mapToDouble(FeatureProfile::min).toArray());
        moment(json, "max", features.stream().mapToDouble(FeatureProfile::max).toArray());
        if (features.stream().allMatch(f -> f.quantiles().length > 0)) {
            json.put("quantiles", features.stream().map(f -> rounded(f.quantiles())).toList());
        }
        if (features.stream().allMatch(f -> f.histogram() != null)) {
            json.put("histogram", features.stream().map(f -> histogram(f.histogram())).toList());
        }
        if (features.stream().anyMatch(f -> f.categories() != null)) {
            List<Object> categories = new ArrayList<>();
            features.forEach(f -> categories.add(f.categories() == null ? null : categories(f.categories())));
            json.put("categories", categories);
        }
        if (tensor.predictions() != null) {
            Map<String, Object> predictions = new LinkedHashMap<>();
            predictions.put("labels", tensor.predictions().labels());
            predictions.put("counts", longs(tensor.predictions().counts()));
            json.put("predictions", predictions);
        }
        if (tensor.confidence() != null) {
            json.put("confidence", confidence(tensor.confidence()));
        }
        return json;
    }

    /** A moment some feature lacks (an old reference read back) is left out: JSON has no NaN. */
    private static void moment(Map<String, Object> json, String name, double[] values) {
        if (java.util.Arrays.stream(values).allMatch(Double::isFinite)) {
            json.put(name, rounded(values));
        }
    }

    private static Map<String, Object> confidence(FeatureProfile f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", f.count());
        for (Map.Entry<String, Double> m : Map.of("mean", f.mean(), "std", f.std(), "min", f.min(), "max", f.max()).entrySet()) {
            if (Double.isFinite(m.getValue())) {
                json.put(m.getKey(), round(m.getValue()));
            }
        }
        if (f.quantiles().length > 0) {
            json.put("quantiles", rounded(f.quantiles()));
        }
        if (f.histogram() != null) {
            json.put("histogram", histogram(f.histogram()));
        }
        if (f.categories() != null) {
            json.put("categories", categories(f.categories()));
        }
        return json;
    }

    private static Map<String, Object> histogram(Histogram h) {
        Map<String, Object> json = new LinkedHashMap<>();
        // edges are not rounded: rounding could merge two close edges and break "strictly increasing"
        json.put("edges", java.util.Arrays.stream(h.edges()).boxed().toList());
        json.put("counts", longs(h.counts()));
        return json;
    }

    private static Map<String, Object> categories(Categories c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("values", java.util.Arrays.stream(c.values()).boxed().toList());
        json.put("counts", longs(c.counts()));
        return json;
    }

    private static List<Long> longs(long[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    private static List<Double> rounded(double[] values) {
        List<Double> list = new ArrayList<>();
        for (double v : values) {
            list.add(round(v));
        }
        return list;
    }

    /** Seven significant digits: float32 inputs carry about as many; the file stays readable. */
    static Double round(double value) {
        if (!Double.isFinite(value) || value == 0) {
            return value;
        }
        return new BigDecimal(value).round(DIGITS).doubleValue();
    }
}

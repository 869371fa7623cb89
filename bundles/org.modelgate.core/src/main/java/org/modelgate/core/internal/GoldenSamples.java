package org.modelgate.core.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.modelgate.api.DataType;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelgateException;
import org.modelgate.api.Tensor;
import org.modelgate.core.internal.ModelDescriptor.InvalidDescriptorException;
import org.modelgate.spi.LoadedModel;

/**
 * The known-good inputs and expected outputs of a model version (model.json {@code golden}) and its guard
 * thresholds ({@code guards}): the trial a version must pass before it takes traffic.
 *
 * <pre>
 * "golden": [{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [5.1, 3.5, 1.4, 0.2]}],
 *             "outputs": [{"name": "output", "data": [0, 1, 0]}], "tolerance": 0.05}],
 * "guards": {"maxLatencyMs": 250}
 * </pre>
 *
 * A sample may give {@code "label"} instead of (or besides) outputs: the arg-max of the first output must
 * be that label's index in {@code labels}.
 */
record GoldenSamples(List<Sample> samples, double maxLatencyMs) {
    static final GoldenSamples NONE = new GoldenSamples(List.of(), 0);
    private static final double DEFAULT_TOLERANCE = 1e-4;
    private static final int LATENCY_RUNS = 3;

    /** One known-good request. */
    record Sample(List<Tensor> inputs, List<Expected> outputs, String label, double tolerance) {
    }

    /** An expected output: its values, compared element by element within the sample's tolerance. */
    record Expected(String name, double[] values) {
    }

    boolean isEmpty() {
        return samples.isEmpty() && maxLatencyMs <= 0;
    }

    static GoldenSamples parse(Object golden, Object guards, Path file) {
        double maxLatency = 0;
        if (guards != null) {
            if (!(guards instanceof Map<?, ?> g) || !(g.get("maxLatencyMs") instanceof Number n) || n.doubleValue() <= 0) {
                throw new InvalidDescriptorException(file + ": \"guards\" must be an object like {\"maxLatencyMs\": 250}");
            }
            maxLatency = n.doubleValue();
        }
        if (golden == null) {
            return maxLatency > 0 ? new GoldenSamples(List.of(), maxLatency) : NONE;
        }
        if (!(golden instanceof List<?> list)) {
            throw new InvalidDescriptorException(file + ": \"golden\" must be a list of samples");
        }
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            samples.add(sample(list.get(i), file + ": golden sample " + (i + 1)));
        }
        return new GoldenSamples(List.copyOf(samples), maxLatency);
    }

    private static Sample sample(Object value, String where) {
        if (!(value instanceof Map<?, ?> map) || !(map.get("inputs") instanceof List<?> inputs)) {
            throw new InvalidDescriptorException(where + " must be an object with \"inputs\"");
        }
        List<Tensor> tensors = new ArrayList<>();
        for (Object input : inputs) {
            tensors.add(tensor(input, where));
        }
        List<Expected> expected = new ArrayList<>();
        if (map.get("outputs") instanceof List<?> outputs) {
            for (Object output : outputs) {
                if (!(output instanceof Map<?, ?> o) || !(o.get("name") instanceof String name)) {
                    throw new InvalidDescriptorException(where + ": each expected output needs a \"name\" and \"data\"");
                }
                expected.add(new Expected(name, numbers(o.get("data"), where + " output '" + name + "'")));
            }
        }
        Object label = map.get("label");
        if (expected.isEmpty() && !(label instanceof String)) {
            throw new InvalidDescriptorException(where + " must give expected \"outputs\" or a \"label\"");
        }
        Object tolerance = map.get("tolerance");
        if (tolerance != null && !(tolerance instanceof Number t && t.doubleValue() >= 0)) {
            throw new InvalidDescriptorException(where + ": \"tolerance\" must be a number, 0 or more");
        }
        return new Sample(List.copyOf(tensors), List.copyOf(expected), label instanceof String s ? s : null,
                tolerance == null ? DEFAULT_TOLERANCE : ((Number) tolerance).doubleValue());
    }

    private static Tensor tensor(Object value, String where) {
        if (!(value instanceof Map<?, ?> map) || !(map.get("name") instanceof String name)
                || !(map.get("datatype") instanceof String type) || !(map.get("shape") instanceof List<?> dims)) {
            throw new InvalidDescriptorException(where + ": each input needs \"name\", \"datatype\", \"shape\" and \"data\"");
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Number d)) {
                throw new InvalidDescriptorException(where + ": input '" + name + "' has a shape that is not numbers");
            }
            shape[i] = d.longValue();
        }
        double[] data = numbers(map.get("data"), where + " input '" + name + "'");
        try {
            DataType dataType = DataType.fromName(type);
            return switch (dataType) {
                case FP32 -> Tensor.ofFloats(name, shape, floats(data));
                case FP64 -> Tensor.ofDoubles(name, shape, data);
                case INT64 -> Tensor.ofLongs(name, shape, Arrays.stream(data).mapToLong(d -> (long) d).toArray());
                case INT32 -> Tensor.ofInts(name, shape, Arrays.stream(data).mapToInt(d -> (int) d).toArray());
                default -> throw new InvalidDescriptorException(where + ": input '" + name + "' is " + dataType
                        + "; golden samples take FP32, FP64, INT32 or INT64 inputs");
            };
        } catch (ModelgateException e) {
            throw new InvalidDescriptorException(where + ": " + e.getMessage());
        }
    }

    private static double[] numbers(Object value, String where) {
        if (!(value instanceof List<?> list) || list.stream().anyMatch(v -> !(v instanceof Number))) {
            throw new InvalidDescriptorException(where + ": \"data\" must be a flat list of numbers");
        }
        return list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    private static float[] floats(double[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) values[i];
        }
        return result;
    }

    /**
     * Runs every sample on a loaded model and checks outputs, labels and latency.
     *
     * @throws ModelLoadException naming the first sample and value that failed
     */
    void check(LoadedModel model, List<String> labels, String what) {
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            List<Tensor> outputs = null;
            double millis = Double.MAX_VALUE;
            // the latency guard takes the best of a few runs: it judges the model, not a GC pause or a busy host
            for (int run = 0; run < LATENCY_RUNS && (run == 0 || maxLatencyMs > 0 && millis > maxLatencyMs); run++) {
                long start = System.nanoTime();
                try {
                    outputs = model.run(sample.inputs(), Set.of());
                } catch (RuntimeException e) {
                    throw new ModelLoadException(what + " failed golden sample " + (i + 1) + ": " + e.getMessage(), e);
                }
                millis = Math.min(millis, (System.nanoTime() - start) / 1e6);
            }
            if (maxLatencyMs > 0 && millis > maxLatencyMs) {
                throw new ModelLoadException(what + " took " + String.format("%.1f", millis) + " ms on golden sample "
                        + (i + 1) + " (best of " + LATENCY_RUNS + "), over its guard of " + maxLatencyMs + " ms");
            }
            for (Expected expected : sample.outputs()) {
                compare(outputs, expected, sample.tolerance(), what + " golden sample " + (i + 1));
            }
            if (sample.label() != null) {
                checkLabel(outputs.get(0), labels, sample.label(), what + " golden sample " + (i + 1));
            }
        }
    }

    private static void compare(List<Tensor> outputs, Expected expected, double tolerance, String where) {
        Tensor actual = outputs.stream().filter(t -> t.name().equals(expected.name())).findFirst()
                .orElseThrow(() -> new ModelLoadException(where + ": the model gave no output '" + expected.name() + "'"));
        double[] values = actual.toDoubleArray();
        if (values.length != expected.values().length) {
            throw new ModelLoadException(where + ": output '" + expected.name() + "' has " + values.length
                    + " values, expected " + expected.values().length);
        }
        for (int j = 0; j < values.length; j++) {
            if (!(Math.abs(values[j] - expected.values()[j]) <= tolerance)) {
                throw new ModelLoadException(where + ": output '" + expected.name() + "'[" + j + "] is " + values[j]
                        + ", expected " + expected.values()[j] + " ± " + tolerance);
            }
        }
    }

    private static void checkLabel(Tensor scores, List<String> labels, String label, String where) {
        int index = labels.indexOf(label);
        if (index < 0) {
            throw new ModelLoadException(where + ": label '" + label + "' is not among the model's labels " + labels);
        }
        double[] values = scores.toDoubleArray();
        int best = 0;
        for (int j = 1; j < values.length; j++) {
            if (values[j] > values[best]) {
                best = j;
            }
        }
        if (best != index) {
            throw new ModelLoadException(where + ": predicted '" + (best < labels.size() ? labels.get(best) : "#" + best)
                    + "', expected '" + label + "'");
        }
    }
}

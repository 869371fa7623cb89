package org.modelgate.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.modelgate.api.DataType;
import org.modelgate.api.ProfileRefusedException;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.json.StrictJson;
import org.modelgate.spi.LoadedModel;

/**
 * What a profile runs its candidates on, in this order: the model's golden samples; else the shapes and value ranges
 * of its live requests (recorded by the monitor layer, where present); else the shapes model.json declares under
 * {@code "profile"}; else, for a model whose shapes are all fixed, ones. A model with a free dimension and none of
 * these is refused: timing it at size 1 would report a fraction of its real cost.
 *
 * <pre>
 * "profile": {"inputs": {"x": {"shape": [1, 3, 320, 320], "range": [0, 1]}}}
 * </pre>
 */
final class ProfileInputs {
    /** Samples made from shapes: a few, so that a candidate does not run on one cached answer. */
    private static final int GENERATED_SAMPLES = 3;

    /** Where the inputs come from, as the report says it. */
    enum Source {
        GOLDEN("the golden samples of model.json"),
        OBSERVED("shapes and value ranges of live requests"),
        DECLARED("the shapes model.json declares under \"profile\""),
        FIXED("ones of the model's fixed shapes");

        final String words;

        Source(String words) {
            this.words = words;
        }
    }

    /** One input's shape and the range its values are drawn from. */
    record Shape(String name, long[] shape, double min, double max) {
        @Override
        public String toString() {
            return name + Arrays.toString(shape) + " in [" + min + ", " + max + "]";
        }
    }

    private final Source source;
    private final Map<String, Shape> shapes;
    private final GoldenSamples golden;

    private ProfileInputs(Source source, Map<String, Shape> shapes, GoldenSamples golden) {
        this.source = source;
        this.shapes = shapes;
        this.golden = golden;
    }

    /**
     * Chooses the source for a model version.
     *
     * @param observed shapes of live requests (empty when nothing was recorded or no monitor runs)
     * @param versionDir the version's folder, whose model.json may declare {@code "profile"}
     */
    static ProfileInputs choose(ModelDescriptor model, Map<String, Shape> observed, Path versionDir) {
        if (!model.golden().samples().isEmpty()) {
            return new ProfileInputs(Source.GOLDEN, Map.of(), model.golden());
        }
        if (!observed.isEmpty()) {
            return new ProfileInputs(Source.OBSERVED, observed, GoldenSamples.NONE);
        }
        Map<String, Shape> declared = declared(versionDir.resolve(ModelDescriptor.FILE_NAME));
        if (!declared.isEmpty()) {
            return new ProfileInputs(Source.DECLARED, declared, GoldenSamples.NONE);
        }
        return new ProfileInputs(Source.FIXED, Map.of(), GoldenSamples.NONE);
    }

    Source source() {
        return source;
    }

    /** For the report: the source and, for shapes, which. */
    String describe() {
        return shapes.isEmpty() ? source.words : source.words + " (" + String.join(", ", shapes.values().stream()
                .map(Shape::toString).toList()) + ")";
    }

    /**
     * The samples a candidate runs on, checked (golden samples) or run once (the warm-up).
     *
     * @throws ProfileRefusedException when an input has a free dimension and no source says its size, or a declared
     *         or observed shape does not fit the model
     */
    List<List<Tensor>> samples(LoadedModel loaded, ModelDescriptor model, String what) {
        if (source == Source.GOLDEN) {
            golden.check(loaded, model.labels(), what);
            return golden.samples().stream().map(GoldenSamples.Sample::inputs).toList();
        }
        List<List<Tensor>> samples = new ArrayList<>();
        if (source == Source.FIXED) {
            refuseFreeDimensions(loaded, what);
            samples.add(WarmUp.ones(loaded));
        } else {
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < GENERATED_SAMPLES; i++) {
                samples.add(generate(loaded.inputs(), random, what));
            }
        }
        loaded.run(samples.get(0), java.util.Set.of());
        return samples;
    }

    private static void refuseFreeDimensions(LoadedModel loaded, String what) {
        List<String> free = loaded.inputs().stream().filter(spec -> Arrays.stream(spec.shape()).anyMatch(d -> d == TensorSpec.DYNAMIC))
                .map(spec -> spec.name() + Arrays.toString(spec.shape()).replace("-1", "?")).toList();
        if (!free.isEmpty()) {
            throw new ProfileRefusedException(what + " has inputs with free dimensions (" + String.join(", ", free)
                    + ") and nothing says their sizes: timing them at 1 would not be its real cost. Add golden samples, "
                    + "send it some requests while the monitor bundle runs (their shapes are recorded), or declare them in "
                    + "model.json: \"profile\": {\"inputs\": {\"" + free.get(0).substring(0, free.get(0).indexOf('['))
                    + "\": {\"shape\": [...], \"range\": [0, 1]}}}");
        }
    }

    private List<Tensor> generate(List<TensorSpec> specs, SplittableRandom random, String what) {
        List<Tensor> tensors = new ArrayList<>();
        for (TensorSpec spec : specs) {
            Shape shape = shapes.get(spec.name());
            long[] dims;
            double min = 0;
            double max = 1;
            if (shape == null) {
                if (Arrays.stream(spec.shape()).anyMatch(d -> d == TensorSpec.DYNAMIC)) {
                    throw new ProfileRefusedException(what + ": " + source.words + " say nothing of input '" + spec.name()
                            + "' " + Arrays.toString(spec.shape()).replace("-1", "?") + ", which has free dimensions; "
                            + "name it in model.json \"profile\" \"inputs\"");
                }
                dims = spec.shape().clone();
            } else {
                dims = fit(spec, shape, what);
                min = shape.min();
                max = shape.max();
            }
            tensors.add(values(spec.name(), spec.dataType(), dims, min, max, random));
        }
        return tensors;
    }

    private long[] fit(TensorSpec spec, Shape shape, String what) {
        long[] dims = shape.shape();
        boolean fits = dims.length == spec.shape().length;
        for (int i = 0; fits && i < dims.length; i++) {
            fits = dims[i] > 0 && (spec.shape()[i] == TensorSpec.DYNAMIC || spec.shape()[i] == dims[i]);
        }
        if (!fits) {
            throw new ProfileRefusedException(what + ": " + source.words + " give input '" + spec.name() + "' the shape "
                    + Arrays.toString(dims) + ", which does not fit the model's " + Arrays.toString(spec.shape())
                    .replace("-1", "?"));
        }
        return dims.clone();
    }

    /** Values drawn evenly from [min, max] (integers rounded into it); empty strings for BYTES. */
    static Tensor values(String name, DataType type, long[] shape, double min, double max, SplittableRandom random) {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        int n = Math.toIntExact(count);
        if (type == DataType.BYTES) {
            String[] empty = new String[n];
            Arrays.fill(empty, "");
            return Tensor.ofStrings(name, shape, empty);
        }
        if (type == DataType.FP16 || type == DataType.BF16) {
            float[] halves = new float[n];
            for (int i = 0; i < n; i++) {
                halves[i] = (float) (min + (max - min) * random.nextDouble());
            }
            return Tensor.ofHalfFloats(name, type, shape, halves);
        }
        ByteBuffer data = ByteBuffer.allocateDirect(Math.multiplyExact(n, type.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        long low = (long) Math.ceil(min);
        long high = Math.max(low, (long) Math.floor(max));
        for (int i = 0; i < n; i++) {
            double real = min + (max - min) * random.nextDouble();
            long whole = low + (long) (random.nextDouble() * (high - low + 1));
            switch (type) {
                case FP32 -> data.putFloat((float) real);
                case FP64 -> data.putDouble(real);
                case INT64 -> data.putLong(whole);
                case INT32 -> data.putInt((int) whole);
                case INT16 -> data.putShort((short) whole);
                case BOOL -> data.put((byte) (whole != 0 ? 1 : 0));
                default -> data.put((byte) whole); // INT8, UINT8
            }
        }
        return Tensor.of(name, type, shape, data.flip());
    }

    /**
     * Reads {@code "profile": {"inputs": {...}}} of a model.json; empty when there is none.
     *
     * @throws ProfileRefusedException when it is there but wrong, saying what is wrong
     */
    static Map<String, Shape> declared(Path modelJson) {
        Object json;
        try {
            json = StrictJson.read(Files.readAllBytes(modelJson));
        } catch (IOException e) {
            return Map.of(); // the descriptor was read just before; a file gone since has nothing to declare
        }
        if (!(json instanceof Map<?, ?> map) || map.get("profile") == null) {
            return Map.of();
        }
        String where = modelJson + ": \"profile\"";
        if (!(map.get("profile") instanceof Map<?, ?> profile) || !(profile.get("inputs") instanceof Map<?, ?> inputs)) {
            throw new ProfileRefusedException(where + " must be {\"inputs\": {\"<input>\": {\"shape\": [1, 3, 320, 320], "
                    + "\"range\": [0, 1]}}}");
        }
        Map<String, Shape> shapes = new LinkedHashMap<>();
        inputs.forEach((key, value) -> {
            String name = key.toString();
            if (!(value instanceof Map<?, ?> input) || !(input.get("shape") instanceof List<?> shape) || shape.isEmpty()
                    || !shape.stream().allMatch(d -> d instanceof Number n && n.longValue() > 0 && n.doubleValue() == n.longValue())) {
                throw new ProfileRefusedException(where + " input '" + name + "' needs \"shape\": a list of sizes above 0, "
                        + "e.g. [1, 3, 320, 320]");
            }
            double[] range = {0, 1};
            Object given = input.get("range");
            if (given != null) {
                if (!(given instanceof List<?> r) || r.size() != 2 || !(r.get(0) instanceof Number low)
                        || !(r.get(1) instanceof Number high) || low.doubleValue() > high.doubleValue()) {
                    throw new ProfileRefusedException(where + " input '" + name + "' has \"range\" " + given
                            + "; give [low, high], e.g. [0, 1]");
                }
                range = new double[] {low.doubleValue(), high.doubleValue()};
            }
            shapes.put(name, new Shape(name, shape.stream().mapToLong(d -> ((Number) d).longValue()).toArray(), range[0],
                    range[1]));
        });
        return shapes;
    }
}

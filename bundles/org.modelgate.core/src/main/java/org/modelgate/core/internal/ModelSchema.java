package org.modelgate.core.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.modelgate.api.DataType;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.LoadedModel;

/**
 * The inputs and outputs {@code model.json} declares ({@code "inputs"}, {@code "outputs"}: name,
 * datatype, shape with -1 for a free dimension). Optional; when given, the model file must agree
 * when it loads, so a package whose description and model drifted apart never serves.
 *
 * <pre>
 * "inputs":  [{"name": "input",  "datatype": "FP32", "shape": [-1, 4]}],
 * "outputs": [{"name": "output", "datatype": "FP32", "shape": [-1, 3]}]
 * </pre>
 */
record ModelSchema(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    static final ModelSchema UNDECLARED = new ModelSchema(List.of(), List.of());

    static ModelSchema parse(Object inputs, Object outputs, Path file) {
        return new ModelSchema(specs(inputs, "inputs", file), specs(outputs, "outputs", file));
    }

    /**
     * Checks the loaded model against the declaration: every declared tensor exists with the same
     * type and rank, and each fixed declared dimension matches (a dimension the model leaves free may
     * be declared fixed, not the other way round).
     *
     * @throws ModelLoadException naming the first disagreement
     */
    void check(LoadedModel model, String what) {
        compare("input", inputs, model.inputs(), what);
        compare("output", outputs, model.outputs(), what);
    }

    private static void compare(String kind, List<TensorSpec> declared, List<TensorSpec> actual, String what) {
        for (TensorSpec want : declared) {
            Optional<TensorSpec> found = actual.stream().filter(s -> s.name().equals(want.name())).findFirst();
            if (found.isEmpty()) {
                throw new ModelLoadException(what + ": model.json declares " + kind + " '" + want.name()
                        + "', the model file has " + kind + "s " + actual.stream().map(TensorSpec::name).toList());
            }
            TensorSpec has = found.get();
            if (has.dataType() != want.dataType() || !fits(want.shape(), has.shape())) {
                throw new ModelLoadException(what + ": model.json declares " + kind + " '" + want.name() + "' as "
                        + describe(want) + ", the model file has " + describe(has));
            }
        }
    }

    private static boolean fits(long[] declared, long[] actual) {
        if (declared.length != actual.length) {
            return false;
        }
        for (int i = 0; i < declared.length; i++) {
            if (actual[i] != TensorSpec.DYNAMIC && declared[i] != actual[i]) {
                return false;
            }
        }
        return true;
    }

    private static String describe(TensorSpec spec) {
        return spec.dataType() + Arrays.toString(spec.shape()).replace(" ", "");
    }

    private static List<TensorSpec> specs(Object value, String key, Path file) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new ModelDescriptor.InvalidDescriptorException(file + ": \"" + key
                    + "\" must be a list of {\"name\", \"datatype\", \"shape\"}");
        }
        List<TensorSpec> specs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = file + ": " + key + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> entry)) {
                throw new ModelDescriptor.InvalidDescriptorException(where + " must be an object with name, datatype and shape");
            }
            if (!(entry.get("name") instanceof String name) || name.isBlank()) {
                throw new ModelDescriptor.InvalidDescriptorException(where + ": \"name\" must be a non-empty string");
            }
            if (specs.stream().anyMatch(s -> s.name().equals(name))) {
                throw new ModelDescriptor.InvalidDescriptorException(where + ": '" + name + "' is declared twice");
            }
            DataType type;
            try {
                type = DataType.fromName(String.valueOf(entry.get("datatype")));
            } catch (RuntimeException e) {
                throw new ModelDescriptor.InvalidDescriptorException(where + ": \"datatype\" " + e.getMessage());
            }
            if (!(entry.get("shape") instanceof List<?> dims)) {
                throw new ModelDescriptor.InvalidDescriptorException(where + ": \"shape\" must be a list of dimensions (-1 for a free one)");
            }
            long[] shape = new long[dims.size()];
            for (int d = 0; d < shape.length; d++) {
                if (!(dims.get(d) instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < -1) {
                    throw new ModelDescriptor.InvalidDescriptorException(where + ": shape " + dims
                            + " must hold whole numbers, -1 for a free dimension");
                }
                shape[d] = n.longValue();
            }
            specs.add(new TensorSpec(name, type, shape));
        }
        return List.copyOf(specs);
    }
}

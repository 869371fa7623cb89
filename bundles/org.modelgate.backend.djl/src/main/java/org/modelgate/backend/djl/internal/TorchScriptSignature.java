package org.modelgate.backend.djl.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.modelgate.spi.SymbolicDimensions;
import org.modelgate.api.DataType;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.TensorSpec;

/**
 * The signature of a TorchScript model, as its model.json declares it: a TorchScript file records neither element
 * types nor shapes of its inputs, so the {@code options} say them.
 *
 * <pre>{@code
 * "options": {"inputs": "x:FP32[batch,4]", "outputs": "scores:FP32[batch,3]"}
 * }</pre>
 *
 * <p>Several tensors are separated by {@code ;}, in the order {@code forward} takes (or returns) them. A dimension is
 * a size, {@code -1} for any size, or a name: a named dimension takes any size, but every input naming it must
 * give the same one.
 */
final class TorchScriptSignature {
    static final String INPUTS = "inputs";
    static final String OUTPUTS = "outputs";

    private static final Pattern SPEC = Pattern.compile("\\s*([A-Za-z_][\\w.:/-]*?)\\s*:\\s*([A-Za-z0-9]+)\\s*\\[([^\\]]*)\\]\\s*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_]\\w*");

    private TorchScriptSignature() {
    }

    static ModelSignature parse(Map<String, String> options, String model) {
        for (String key : options.keySet()) {
            if (!INPUTS.equals(key) && !OUTPUTS.equals(key)) {
                throw new ModelLoadException("model " + model + ": unknown option '" + key
                        + "' for a torchscript model on djl; valid options are " + INPUTS + ", " + OUTPUTS);
            }
        }
        Map<String, String[]> dimensionNames = new LinkedHashMap<>();
        List<TensorSpec> inputs = specs(options.get(INPUTS), INPUTS, model, dimensionNames);
        List<TensorSpec> outputs = specs(options.get(OUTPUTS), OUTPUTS, model, new LinkedHashMap<>());
        return ModelSignature.of(inputs, outputs, SymbolicDimensions.of(dimensionNames));
    }

    private static List<TensorSpec> specs(String text, String key, String model, Map<String, String[]> dimensionNames) {
        if (text == null || text.isBlank()) {
            throw new ModelLoadException("model " + model + ": a torchscript model declares its " + key
                    + " in model.json, e.g. \"options\": {\"" + key + "\": \"x:FP32[-1,4]\"}; none given");
        }
        List<TensorSpec> specs = new ArrayList<>();
        for (String part : text.split(";")) {
            Matcher m = SPEC.matcher(part);
            if (!m.matches()) {
                throw malformed(model, key, part);
            }
            DataType type;
            try {
                type = DataType.fromName(m.group(2));
            } catch (InvalidInputException e) {
                throw new ModelLoadException("model " + model + ": option '" + key + "': " + e.getMessage());
            }
            if (!Engines.TORCHSCRIPT.carries(type)) {
                throw new ModelLoadException("model " + model + ": option '" + key + "': DJL's PyTorch engine does not carry "
                        + type + "; it carries " + Engines.TORCHSCRIPT.typeNames());
            }
            String dims = m.group(3).trim();
            String[] parts = dims.isEmpty() ? new String[0] : dims.split(",");
            long[] shape = new long[parts.length];
            String[] names = new String[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String dim = parts[i].trim();
                if (NAME.matcher(dim).matches()) {
                    shape[i] = TensorSpec.DYNAMIC;
                    names[i] = dim;
                } else {
                    try {
                        shape[i] = Long.parseLong(dim);
                    } catch (NumberFormatException e) {
                        throw malformed(model, key, part);
                    }
                    if (shape[i] < TensorSpec.DYNAMIC) {
                        throw malformed(model, key, part);
                    }
                }
            }
            TensorSpec spec = new TensorSpec(m.group(1), type, shape);
            if (specs.stream().anyMatch(s -> s.name().equals(spec.name()))) {
                throw new ModelLoadException("model " + model + ": option '" + key + "' names '" + spec.name() + "' twice");
            }
            specs.add(spec);
            dimensionNames.put(spec.name(), names);
        }
        return specs;
    }

    private static ModelLoadException malformed(String model, String key, String part) {
        return new ModelLoadException("model " + model + ": option '" + key + "' has '" + part.trim()
                + "'; expected NAME:TYPE[DIM,...] such as x:FP32[-1,4] (DIM a size, -1 or a name), several separated by ';'");
    }
}

package org.modelgate.backend.onnxruntime.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.modelgate.accel.onnxruntime.session.ElementTypes;
import org.modelgate.spi.SymbolicDimensions;
import org.modelgate.api.DataType;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.TensorSpec;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * The inputs and outputs of a loaded ONNX model, as Modelgate {@link TensorSpec}s.
 *
 * <p>Every input must be a tensor of a type Modelgate carries, or the model cannot run. Outputs of
 * other kinds (an ONNX map or sequence, such as scikit-learn's ZipMap probabilities, or unsigned
 * 16/32/64-bit tensors) are left out: they are never computed, and the model serves its other outputs.
 *
 * @param inputs the inputs in the model's order
 * @param outputs the outputs Modelgate can return, in the model's order
 * @param outputNames their names, in the model's order (what a request without an output list gets)
 * @param inputIndex each input's position
 * @param dimensions the named dynamic dimensions several inputs share
 */
record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs, Set<String> outputNames,
        Map<String, Integer> inputIndex, SymbolicDimensions dimensions) {

    /**
     * Reads the signature of a session.
     *
     * @param session the session
     * @param model the model as people name it, for messages
     * @return the signature
     * @throws ModelLoadException when an input cannot be fed or no output can be returned
     * @throws OrtException when ONNX Runtime cannot describe the model
     */
    static ModelSignature read(OrtSession session, String model) throws OrtException {
        List<TensorSpec> inputs = new ArrayList<>();
        Map<String, Integer> inputIndex = new HashMap<>();
        for (NodeInfo node : session.getInputInfo().values()) {
            TensorSpec spec = spec(node);
            if (spec == null) {
                throw new ModelLoadException("model " + model + ": input '" + node.getName() + "' is "
                        + describe(node) + "; Modelgate feeds tensors of " + supportedTypes() + " only");
            }
            inputIndex.put(spec.name(), inputs.size());
            inputs.add(spec);
        }
        List<TensorSpec> outputs = new ArrayList<>();
        Set<String> outputNames = new LinkedHashSet<>();
        List<String> skipped = new ArrayList<>();
        for (NodeInfo node : session.getOutputInfo().values()) {
            TensorSpec spec = spec(node);
            if (spec == null) {
                skipped.add("'" + node.getName() + "' (" + describe(node) + ")");
            } else {
                outputs.add(spec);
                outputNames.add(spec.name());
            }
        }
        if (outputs.isEmpty()) {
            throw new ModelLoadException("model " + model + ": no output Modelgate can return: " + skipped
                    + "; Modelgate returns tensors of " + supportedTypes() + " only");
        }
        return new ModelSignature(List.copyOf(inputs), List.copyOf(outputs),
                Collections.unmodifiableSet(outputNames), Map.copyOf(inputIndex),
                SymbolicDimensions.of(dimensionNames(session.getInputInfo().values())));
    }

    /** For each tensor input, the name ONNX gives each free (-1) axis; null for a fixed one. */
    private static Map<String, String[]> dimensionNames(Iterable<NodeInfo> inputs) {
        Map<String, String[]> names = new java.util.LinkedHashMap<>();
        for (NodeInfo node : inputs) {
            if (node.getInfo() instanceof TensorInfo info) {
                long[] shape = info.getShape();
                String[] given = info.getDimensionNames();
                String[] free = new String[shape.length];
                for (int axis = 0; axis < shape.length && axis < given.length; axis++) {
                    free[axis] = shape[axis] < 0 ? given[axis] : null;
                }
                names.put(node.getName(), free);
            }
        }
        return names;
    }

    private static TensorSpec spec(NodeInfo node) {
        if (!(node.getInfo() instanceof TensorInfo)) {
            return null;
        }
        TensorInfo info = (TensorInfo) node.getInfo();
        DataType type = ElementTypes.toDataType(info.onnxType);
        if (type == null) {
            return null;
        }
        long[] shape = info.getShape();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                shape[i] = TensorSpec.DYNAMIC;
            }
        }
        return new TensorSpec(node.getName(), type, shape);
    }

    private static String describe(NodeInfo node) {
        if (node.getInfo() instanceof TensorInfo) {
            return "a tensor of " + ElementTypes.onnxName(((TensorInfo) node.getInfo()).onnxType);
        }
        return "not a tensor (" + node.getInfo() + ")";
    }

    private static String supportedTypes() {
        StringBuilder names = new StringBuilder();
        for (DataType type : DataType.values()) {
            names.append(names.length() == 0 ? "" : ", ").append(type);
        }
        return names.toString();
    }
}

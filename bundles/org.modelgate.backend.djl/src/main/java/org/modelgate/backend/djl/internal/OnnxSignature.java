package org.modelgate.backend.djl.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modelgate.spi.SymbolicDimensions;
import org.modelgate.api.DataType;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.TensorSpec;
import org.modelgate.accel.onnxruntime.session.ElementTypes;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * Reads an ONNX model's signature from its ONNX Runtime session: DJL's own {@code describeInput()} gives names
 * only, the session also knows element types, shapes and the names of dynamic dimensions.
 *
 * <p>Unlike the onnxruntime backend, every output must be of a type DJL's OnnxRuntime engine returns: it always
 * computes all outputs, so one it cannot convert would fail every request. Such a model fails to load instead.
 */
final class OnnxSignature {
    private OnnxSignature() {
    }

    static ModelSignature read(OrtSession session, String model) throws OrtException {
        List<TensorSpec> inputs = new ArrayList<>();
        Map<String, String[]> dimensionNames = new LinkedHashMap<>();
        for (NodeInfo node : session.getInputInfo().values()) {
            inputs.add(spec(node, "input", model));
            TensorInfo info = (TensorInfo) node.getInfo();
            String[] names = info.getDimensionNames();
            long[] shape = info.getShape();
            String[] dynamic = new String[shape.length];
            for (int axis = 0; axis < shape.length && axis < names.length; axis++) {
                dynamic[axis] = shape[axis] < 0 ? names[axis] : null;
            }
            dimensionNames.put(node.getName(), dynamic);
        }
        List<TensorSpec> outputs = new ArrayList<>();
        for (NodeInfo node : session.getOutputInfo().values()) {
            outputs.add(spec(node, "output", model));
        }
        return ModelSignature.of(inputs, outputs, SymbolicDimensions.of(dimensionNames));
    }

    private static TensorSpec spec(NodeInfo node, String kind, String model) {
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw new ModelLoadException("model " + model + ": " + kind + " '" + node.getName() + "' is not a tensor ("
                    + node.getInfo() + "); the djl backend carries tensors of " + Engines.ONNX.typeNames() + " only");
        }
        DataType type = ElementTypes.toDataType(info.onnxType);
        if (type == null || !Engines.ONNX.carries(type)) {
            throw new ModelLoadException("model " + model + ": " + kind + " '" + node.getName() + "' is a tensor of "
                    + ElementTypes.onnxName(info.onnxType) + ", which DJL's OnnxRuntime engine does not carry; it carries "
                    + Engines.ONNX.typeNames() + " (the onnxruntime backend runs this model)");
        }
        long[] shape = info.getShape();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                shape[i] = TensorSpec.DYNAMIC;
            }
        }
        return new TensorSpec(node.getName(), type, shape);
    }
}

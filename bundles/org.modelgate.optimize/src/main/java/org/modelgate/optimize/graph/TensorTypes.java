package org.modelgate.optimize.graph;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import org.modelgate.optimize.OptimizationException;

/**
 * The element type of every tensor in a graph, as ONNX Runtime's own type inference finds it: the graph is loaded
 * (not run) with every node output exposed as a graph output, and the session's output descriptions are read.
 * That is the type inference ONNX Runtime applies when it runs the model, so it covers every operator it knows.
 */
public final class TensorTypes {
    private final Map<String, Integer> types;

    private TensorTypes(Map<String, Integer> types) {
        this.types = types;
    }

    /**
     * The types of {@code model}'s tensors.
     *
     * @throws OptimizationException when ONNX Runtime cannot load the model
     */
    public static TensorTypes of(ModelProto model) throws OptimizationException {
        Map<String, Integer> types = new HashMap<>();
        GraphProto graph = model.getGraph();
        for (TensorProto initializer : graph.getInitializerList()) {
            types.put(initializer.getName(), initializer.getDataType());
        }
        for (ValueInfoProto input : graph.getInputList()) {
            types.putIfAbsent(input.getName(), input.getType().getTensorType().getElemType());
        }
        GraphProto.Builder exposed = graph.toBuilder();
        Set<String> outputs = new HashSet<>();
        graph.getOutputList().forEach(output -> outputs.add(output.getName()));
        for (NodeProto node : graph.getNodeList()) {
            for (String output : node.getOutputList()) {
                if (!output.isEmpty() && outputs.add(output)) {
                    exposed.addOutput(ValueInfoProto.newBuilder().setName(output));
                }
            }
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession session = environment.createSession(model.toBuilder().setGraph(exposed).build().toByteArray(), options)) {
                for (Map.Entry<String, NodeInfo> output : session.getOutputInfo().entrySet()) {
                    if (output.getValue().getInfo() instanceof TensorInfo tensor) {
                        types.put(output.getKey(), onnxType(tensor.onnxType));
                    }
                }
            }
        } catch (OrtException e) {
            throw new OptimizationException("ONNX Runtime cannot load the model to infer its tensor types: " + e.getMessage());
        }
        return new TensorTypes(types);
    }

    /** ONNX's data type number for ONNX Runtime's enum (whose own {@code value} numbers differ). */
    private static int onnxType(TensorInfo.OnnxTensorType type) {
        String name = type.name().substring("ONNX_TENSOR_ELEMENT_DATA_TYPE_".length());
        try {
            return TensorProto.DataType.valueOf(name).getNumber();
        } catch (IllegalArgumentException e) {
            return TensorProto.DataType.UNDEFINED_VALUE;
        }
    }

    /** Whether {@code tensor} holds 32-bit floats. */
    public boolean isFloat(String tensor) {
        return types.getOrDefault(tensor, TensorProto.DataType.UNDEFINED_VALUE) == TensorProto.DataType.FLOAT_VALUE;
    }
}

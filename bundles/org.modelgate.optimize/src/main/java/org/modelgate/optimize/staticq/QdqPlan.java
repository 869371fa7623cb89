package org.modelgate.optimize.staticq;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl.NodeProto;

/**
 * What static quantization rewrites: the quantized nodes by name, the activation tensors that get a
 * QuantizeLinear/DequantizeLinear pair, and the outputs whose Relu folds in (output name to the Relu's output name).
 */
record QdqPlan(Map<String, NodeProto> nodes, List<String> activations, Map<String, String> foldedOutputs) {
    /** The outputs of the Relus that fold into their producer. */
    Collection<String> foldedRelus() {
        return foldedOutputs.values();
    }
}

package org.modelgate.optimize.staticq;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;

import ai.onnx.proto.OnnxMl.ModelProto;

/**
 * The outcome of static quantization: the QDQ model, the nodes it quantized, the operator types left in float (run
 * as they were, between DequantizeLinear and QuantizeLinear) and the calibrated activation ranges.
 */
public record StaticQuantization(ModelProto model, List<String> quantizedNodes, SortedSet<String> leftInFloat,
                                 Map<String, TensorRange> ranges) {
}

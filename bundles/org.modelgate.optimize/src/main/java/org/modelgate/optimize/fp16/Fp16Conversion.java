package org.modelgate.optimize.fp16;

import java.util.List;

import ai.onnx.proto.OnnxMl.ModelProto;

/**
 * The outcome of an FP16 conversion: the model, how many float constants became float16, how many of their values
 * were clamped into the range, and the nodes kept in float32 (blocked ops, other domains).
 */
public record Fp16Conversion(ModelProto model, int convertedConstants, long clampedValues, List<String> nodesKeptInFloat) {
}

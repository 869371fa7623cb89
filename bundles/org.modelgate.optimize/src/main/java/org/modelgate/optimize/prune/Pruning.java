package org.modelgate.optimize.prune;

import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl.ModelProto;

/**
 * The outcome of magnitude pruning: the model, the share of zeros in each pruned weight tensor, the weights zeroed
 * out of those in pruned tensors, and the tensors left whole with the reason.
 */
public record Pruning(ModelProto model, Map<String, Double> sparsityByTensor, long zeroedWeights, long prunableWeights,
                      List<String> leftWhole) {
    /** Zeroed weights over the weights of the pruned tensors. */
    public double overallSparsity() {
        return prunableWeights == 0 ? 0 : (double) zeroedWeights / prunableWeights;
    }
}

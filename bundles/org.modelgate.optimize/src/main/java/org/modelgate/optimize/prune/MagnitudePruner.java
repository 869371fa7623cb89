package org.modelgate.optimize.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.graph.GraphIndex;
import org.modelgate.optimize.graph.TensorValues;

/**
 * Magnitude pruning of the weights of Conv, MatMul and Gemm: in each weight tensor, the given share of weights (or of
 * output channels, by L2 norm) of smallest magnitude becomes zero. Tensors stay dense: ONNX Runtime's CPU kernels do
 * the same arithmetic on zeros, so the file is as large and as fast as before; what shrinks is the file compressed
 * (a model package, an over-the-air download). Channel pruning leaves the layers that write the model's outputs
 * whole, as zeroing a class's or a feature's channel would remove it from the answer.
 *
 * <pre>
 * Pruning pruned = new MagnitudePruner(new PruneOptions(0.5, PruneStructure.UNSTRUCTURED)).prune(model);
 * </pre>
 */
public final class MagnitudePruner {
    private static final Set<String> PRUNABLE = Set.of("Conv", "MatMul", "Gemm");

    private final PruneOptions options;

    public MagnitudePruner(PruneOptions options) {
        this.options = options;
    }

    /**
     * The pruned model.
     *
     * @throws OptimizationException when the model is quantized or has no float weights to prune
     */
    public Pruning prune(ModelProto model) throws OptimizationException {
        GraphIndex index = new GraphIndex(model.getGraph());
        Set<String> quantized = index.quantizedOps();
        if (!quantized.isEmpty()) {
            throw new OptimizationException("the model is quantized (it has " + String.join(", ", quantized)
                    + "): prune the float original, then quantize");
        }
        Map<String, Integer> axes = new LinkedHashMap<>();
        List<String> leftWhole = new ArrayList<>();
        for (NodeProto node : model.getGraph().getNodeList()) {
            if (!PRUNABLE.contains(node.getOpType()) || node.getInputCount() < 2) {
                continue;
            }
            String name = node.getInput(1);
            TensorProto weight = index.initializer(name).orElse(null);
            if (weight == null || !TensorValues.isFloat(weight) || weight.getDimsCount() < 2) {
                continue;
            }
            boolean sharedElsewhere = index.consumers(name).stream().anyMatch(reader -> !PRUNABLE.contains(reader.getOpType())
                    || !reader.getInput(1).equals(name));
            if (sharedElsewhere) {
                leftWhole.add(name + " (also read by other nodes)");
            } else if (options.structure() == PruneStructure.CHANNEL && index.isGraphOutput(node.getOutput(0))) {
                leftWhole.add(name + " (writes the model output '" + node.getOutput(0) + "')");
            } else {
                axes.put(name, outputAxis(node, weight));
            }
        }
        if (axes.isEmpty()) {
            throw new OptimizationException("nothing to prune: no Conv, MatMul or Gemm with float weights"
                    + (leftWhole.isEmpty() ? "" : " that may be pruned (left whole: " + leftWhole + ")"));
        }
        Map<String, Double> sparsity = new LinkedHashMap<>();
        long zeroed = 0;
        long total = 0;
        GraphProto.Builder graph = model.getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            TensorProto weight = graph.getInitializer(i);
            Integer axis = axes.get(weight.getName());
            if (axis == null) {
                continue;
            }
            float[] values = TensorValues.floats(weight);
            if (options.structure() == PruneStructure.CHANNEL) {
                pruneChannels(values, weight, axis);
            } else {
                pruneWeights(values);
            }
            long zeros = 0;
            for (float value : values) {
                zeros += value == 0f ? 1 : 0;
            }
            zeroed += zeros;
            total += values.length;
            sparsity.put(weight.getName(), (double) zeros / values.length);
            graph.setInitializer(i, TensorValues.withFloats(weight, values));
        }
        return new Pruning(model.toBuilder().setGraph(graph).build(), sparsity, zeroed, total, leftWhole);
    }

    private static int outputAxis(NodeProto node, TensorProto weight) {
        return switch (node.getOpType()) {
            case "Conv" -> 0;
            case "Gemm" -> GraphIndex.intAttribute(node, "transB", 0) != 0 ? 0 : 1;
            default -> weight.getDimsCount() - 1;
        };
    }

    private void pruneWeights(float[] values) {
        int count = (int) Math.floor(values.length * options.sparsity());
        if (count == 0) {
            return;
        }
        float[] magnitudes = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            magnitudes[i] = Math.abs(values[i]);
        }
        Arrays.sort(magnitudes);
        float threshold = magnitudes[count - 1];
        int below = 0;
        for (float magnitude : magnitudes) {
            below += magnitude < threshold ? 1 : 0;
        }
        int tiesToZero = count - below; // of the weights equal to the threshold, zero only as many as the share asks
        for (int i = 0; i < values.length; i++) {
            float magnitude = Math.abs(values[i]);
            if (magnitude < threshold || (magnitude == threshold && tiesToZero-- > 0)) {
                values[i] = 0f;
            }
        }
    }

    private void pruneChannels(float[] values, TensorProto weight, int axis) {
        int channels = Math.toIntExact(weight.getDims(axis));
        int stride = 1;
        for (int d = axis + 1; d < weight.getDimsCount(); d++) {
            stride *= Math.toIntExact(weight.getDims(d));
        }
        double[] norms = new double[channels];
        for (int i = 0; i < values.length; i++) {
            norms[(i / stride) % channels] += (double) values[i] * values[i];
        }
        Integer[] order = new Integer[channels];
        for (int c = 0; c < channels; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> Double.compare(norms[a], norms[b]));
        boolean[] pruned = new boolean[channels];
        int count = (int) Math.floor(channels * options.sparsity());
        for (int k = 0; k < count; k++) {
            pruned[order[k]] = true;
        }
        for (int i = 0; i < values.length; i++) {
            if (pruned[(i / stride) % channels]) {
                values[i] = 0f;
            }
        }
    }
}

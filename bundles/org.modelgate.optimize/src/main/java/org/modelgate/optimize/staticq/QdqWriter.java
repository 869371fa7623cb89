package org.modelgate.optimize.staticq;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import org.modelgate.optimize.graph.GraphIndex;
import org.modelgate.optimize.graph.TensorValues;

/**
 * Writes the QDQ graph for a {@link QdqPlan}: a QuantizeLinear/DequantizeLinear pair after each calibrated
 * activation (readers take the dequantized tensor), int8 weights and int32 biases behind DequantizeLinear, tensor
 * names as ONNX Runtime's quantizer gives them ({@code x_QuantizeLinear_Output}, {@code x_scale}, ...).
 */
final class QdqWriter {
    private final GraphIndex index;
    private final QdqPlan plan;
    private final Map<String, TensorRange> ranges;
    private final boolean perChannel;
    private final boolean signedActivations;
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final List<NodeProto> nodes = new ArrayList<>();
    private final Map<String, Float> activationScales = new LinkedHashMap<>();
    private final Set<String> activations;

    QdqWriter(GraphIndex index, QdqPlan plan, Map<String, TensorRange> ranges, boolean perChannel, boolean signedActivations) {
        this.index = index;
        this.plan = plan;
        this.ranges = ranges;
        this.perChannel = perChannel;
        this.signedActivations = signedActivations;
        this.activations = new HashSet<>(plan.activations());
    }

    ModelProto write(ModelProto model) {
        GraphProto graph = model.getGraph();
        graph.getInitializerList().forEach(initializer -> initializers.put(initializer.getName(), initializer));
        for (var input : index.realInputs()) {
            if (activations.contains(input.getName())) {
                quantizeActivation(input.getName());
            }
        }
        Set<String> folded = new HashSet<>(plan.foldedRelus());
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Relu") && folded.contains(node.getOutput(0))) {
                continue;
            }
            NodeProto.Builder rewritten = node.toBuilder();
            for (int i = 0; i < node.getInputCount(); i++) {
                if (activations.contains(node.getInput(i))) {
                    rewritten.setInput(i, dequantized(node.getInput(i)));
                }
            }
            NodeProto planned = plan.nodes().get(StaticQuantizer.key(node));
            if (planned != null) {
                quantizeConstants(node, rewritten);
                String foldedInto = plan.foldedOutputs().get(node.getOutput(0));
                if (foldedInto != null) {
                    rewritten.setOutput(0, foldedInto);
                }
            }
            NodeProto emitted = rewritten.build();
            nodes.add(emitted);
            for (String output : emitted.getOutputList()) {
                if (activations.contains(output)) {
                    quantizeActivation(output);
                }
            }
        }
        dropUnreadInitializers();
        GraphProto.Builder rewrittenGraph = graph.toBuilder().clearNode().addAllNode(nodes)
                .clearInitializer().addAllInitializer(initializers.values()).clearValueInfo();
        // older exporters list initializers among the inputs: a dropped float weight must not stay behind as an input
        Set<String> dropped = new HashSet<>();
        graph.getInitializerList().forEach(initializer -> dropped.add(initializer.getName()));
        dropped.removeAll(initializers.keySet());
        rewrittenGraph.clearInput().addAllInput(graph.getInputList().stream().filter(input -> !dropped.contains(input.getName())).toList());
        return model.toBuilder().setGraph(rewrittenGraph).build();
    }

    private void quantizeConstants(NodeProto node, NodeProto.Builder rewritten) {
        TensorProto weight = index.initializer(node.getInput(1)).orElse(null);
        if (weight == null) {
            return; // MatMul of two activations: both are quantized activations already
        }
        int axis = weightAxis(node, weight);
        float[] weightScales = quantizeWeight(weight, axis);
        rewritten.setInput(1, weight.getName() + "_DequantizeLinear_Output");
        if (node.getInputCount() < 3 || node.getInput(2).isEmpty() || node.getOpType().equals("MatMul")) {
            return;
        }
        TensorProto bias = index.initializer(node.getInput(2)).orElse(null);
        boolean plainGemm = !node.getOpType().equals("Gemm")
                || (GraphIndex.floatAttribute(node, "alpha", 1f) == 1f && GraphIndex.floatAttribute(node, "beta", 1f) == 1f);
        if (bias != null && plainGemm && TensorValues.isFloat(bias) && bias.getDimsCount() == 1
                && (weightScales.length == 1 || bias.getDims(0) == weightScales.length)) {
            quantizeBias(bias, activationScales.get(node.getInput(0)), weightScales);
            rewritten.setInput(2, bias.getName() + "_DequantizeLinear_Output");
        }
    }

    private int weightAxis(NodeProto node, TensorProto weight) {
        return switch (node.getOpType()) {
            case "Conv" -> 0;
            case "Gemm" -> GraphIndex.intAttribute(node, "transB", 0) != 0 ? 0 : 1;
            default -> weight.getDimsCount() - 1;
        };
    }

    /** Symmetric int8 weights in [-127, 127]; returns the scales (one per channel, or one). */
    private float[] quantizeWeight(TensorProto weight, int axis) {
        String name = weight.getName();
        String dequantized = name + "_DequantizeLinear_Output";
        float[] values = TensorValues.floats(weight);
        int channels = perChannel ? Math.toIntExact(weight.getDims(axis)) : 1;
        int stride = 1;
        for (int d = axis + 1; d < weight.getDimsCount(); d++) {
            stride *= Math.toIntExact(weight.getDims(d));
        }
        float[] absMax = new float[channels];
        for (int i = 0; i < values.length; i++) {
            int channel = perChannel ? (i / stride) % channels : 0;
            absMax[channel] = Math.max(absMax[channel], Math.abs(values[i]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = absMax[c] == 0f ? 1f : absMax[c] / 127f;
        }
        byte[] quantized = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            float scale = scales[perChannel ? (i / stride) % channels : 0];
            quantized[i] = (byte) Math.max(-127, Math.min(127, Math.round(values[i] / scale)));
        }
        long[] dims = weight.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long[] scaleDims = perChannel ? new long[] {channels} : new long[0];
        if (!initializers.containsKey(name + "_quantized")) {
            initializers.put(name + "_quantized", TensorValues.byteTensor(name + "_quantized", dims, quantized, true));
            initializers.put(name + "_scale", TensorValues.floatTensor(name + "_scale", scaleDims, scales));
            initializers.put(name + "_zero_point", TensorValues.byteTensor(name + "_zero_point", scaleDims, new byte[channels], true));
            NodeProto.Builder dq = NodeProto.newBuilder().setOpType("DequantizeLinear").setName(name + "_DequantizeLinear")
                    .addInput(name + "_quantized").addInput(name + "_scale").addInput(name + "_zero_point").addOutput(dequantized);
            if (perChannel) {
                dq.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(axis));
            }
            nodes.add(0, dq.build());
        }
        return scales;
    }

    /** int32 bias with scale = input scale x weight scale, zero point 0, as the integer kernels expect. */
    private void quantizeBias(TensorProto bias, float inputScale, float[] weightScales) {
        String name = bias.getName();
        float[] values = TensorValues.floats(bias);
        float[] scales = new float[weightScales.length];
        int[] quantized = new int[values.length];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = inputScale * weightScales[c];
        }
        for (int i = 0; i < values.length; i++) {
            double q = Math.rint(values[i] / scales[scales.length == 1 ? 0 : i]);
            quantized[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, q));
        }
        long[] scaleDims = scales.length == 1 ? new long[0] : new long[] {scales.length};
        initializers.put(name + "_quantized", TensorValues.intTensor(name + "_quantized", new long[] {values.length}, quantized));
        initializers.put(name + "_scale", TensorValues.floatTensor(name + "_scale", scaleDims, scales));
        NodeProto.Builder dq = NodeProto.newBuilder().setOpType("DequantizeLinear").setName(name + "_DequantizeLinear")
                .addInput(name + "_quantized").addInput(name + "_scale").addOutput(name + "_DequantizeLinear_Output");
        if (scales.length > 1) {
            dq.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(0));
        }
        nodes.add(dq.build());
    }

    /** Asymmetric activation parameters over the calibrated range (which contains zero). */
    private void quantizeActivation(String tensor) {
        TensorRange range = ranges.get(tensor);
        int qmin = signedActivations ? -128 : 0;
        int qmax = signedActivations ? 127 : 255;
        float scale = (range.max() - range.min()) / (qmax - qmin);
        if (!(scale > 0f) || Float.isInfinite(scale)) {
            scale = 1f;
        }
        int zeroPoint = Math.max(qmin, Math.min(qmax, Math.round(qmin - range.min() / scale)));
        activationScales.put(tensor, scale);
        initializers.put(tensor + "_scale", TensorValues.floatTensor(tensor + "_scale", new long[0], new float[] {scale}));
        initializers.put(tensor + "_zero_point", TensorValues.byteTensor(tensor + "_zero_point", new long[0],
                new byte[] {(byte) zeroPoint}, signedActivations));
        nodes.add(NodeProto.newBuilder().setOpType("QuantizeLinear").setName(tensor + "_QuantizeLinear")
                .addInput(tensor).addInput(tensor + "_scale").addInput(tensor + "_zero_point")
                .addOutput(tensor + "_QuantizeLinear_Output").build());
        nodes.add(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(tensor + "_DequantizeLinear")
                .addInput(tensor + "_QuantizeLinear_Output").addInput(tensor + "_scale").addInput(tensor + "_zero_point")
                .addOutput(dequantized(tensor)).build());
    }

    private static String dequantized(String tensor) {
        return tensor + "_DequantizeLinear_Output";
    }

    /** Float weights that only quantized nodes read are gone; anything another node reads stays. */
    private void dropUnreadInitializers() {
        Set<String> read = new HashSet<>();
        nodes.forEach(node -> read.addAll(node.getInputList()));
        index.graph().getOutputList().forEach(output -> read.add(output.getName()));
        initializers.keySet().removeIf(name -> !read.contains(name));
    }
}

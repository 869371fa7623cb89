package org.modelgate.optimize.quantize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.graph.GraphEditor;
import org.modelgate.optimize.report.ProgressBar;

/**
 * Dynamic INT8 quantization, in the form ONNX Runtime's {@code quantize_dynamic} writes (so that ONNX Runtime fuses
 * it into its {@code DynamicQuantizeMatMul} kernels): each MatMul (and Gemm) with a constant weight becomes
 *
 * <pre>
 * DynamicQuantizeLinear(x) -&gt; x_q, x_scale, x_zero_point        (one per activation, shared by its MatMuls)
 * MatMulInteger(x_q, W_q, x_zero_point, W_zero_point) -&gt; Cast(float) -&gt; Mul(x_scale * W_scale) [-&gt; Add(bias)]
 * </pre>
 *
 * with {@code W} quantized per tensor or per output column; a Gather of a large embedding table reads the table in
 * 8 bits and dequantizes the rows it gathers ({@code DequantizeLinear}). Other operators are left as they are; those
 * holding float weights are listed in the notes.
 *
 * <pre>
 * DynamicQuantizer.Result result = new DynamicQuantizer(DynamicQuantizationOptions.DEFAULT).quantize(model, ProgressBar.NONE);
 * </pre>
 */
public final class DynamicQuantizer {
    /** Operators that mean a model is already quantized. */
    static final Set<String> QUANTIZED_OPS = Set.of("MatMulInteger", "DynamicQuantizeLinear", "QuantizeLinear",
            "DequantizeLinear", "QLinearMatMul", "QLinearConv", "ConvInteger", "DynamicQuantizeMatMul", "MatMulIntegerToFloat",
            "QAttention", "QGemm", "MatMulNBits");
    /** Float initializers of at least this many elements are weights worth listing when left as they are. */
    private static final long WEIGHT_ELEMENTS = 1024;
    private static final long MIN_OPSET = 11;

    private final DynamicQuantizationOptions options;

    /**
     * Creates a quantizer.
     *
     * @param options what to quantize and how
     */
    public DynamicQuantizer(DynamicQuantizationOptions options) {
        this.options = options;
    }

    /**
     * The quantized model and what was done.
     *
     * @param model the quantized model
     * @param quantized how many nodes were quantized, by operator type
     * @param notes operators left as they are (with counts and why), in a stable order
     */
    public record Result(ModelProto model, Map<String, Integer> quantized, List<String> notes) {
        /**
         * The number of nodes quantized.
         *
         * @return the total
         */
        public int total() {
            return quantized.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * Quantizes a model.
     *
     * @param model the float model
     * @param progress advanced once per node
     * @return the result
     * @throws OptimizationException when the model is already quantized, imports an opset below 11, or has nothing to
     *                               quantize
     */
    public Result quantize(ModelProto model, ProgressBar progress) throws OptimizationException {
        refuseQuantized(model);
        GraphEditor graph = new GraphEditor(model);
        long opset = graph.opset("").orElse(0L);
        if (opset < MIN_OPSET) {
            throw new OptimizationException("the model imports ONNX opset " + opset + "; dynamic INT8 needs 11 or later"
                    + " (DynamicQuantizeLinear): convert it first, e.g. onnx.version_converter.convert_version(model, 13)");
        }
        Map<String, Integer> quantized = new TreeMap<>();
        Map<String, Integer> left = new TreeMap<>();
        Map<String, QuantizedActivation> activations = new HashMap<>();
        Map<String, WeightTensors> weights = new HashMap<>();
        List<NodeProto> nodes = graph.nodes();
        progress.grow(nodes.size());
        for (NodeProto node : nodes) {
            Optional<String> skipped = Optional.empty();
            if (options.nodesToExclude().contains(node.getName())) {
                skipped = weightHeld(graph, node).map(w -> node.getOpType() + " (excluded by --nodes_to_exclude)");
            } else if (!options.opTypesToQuantize().contains(node.getOpType()) || !DynamicQuantizationOptions.HANDLED.contains(node.getOpType())) {
                skipped = weightHeld(graph, node).map(w -> node.getOpType() + notHandled(node.getOpType()));
            } else {
                skipped = switch (node.getOpType()) {
                    case "MatMul" -> matMul(graph, node, activations, weights, quantized);
                    case "Gemm" -> gemm(graph, node, activations, weights, quantized);
                    default -> gather(graph, node, quantized);
                };
            }
            skipped.ifPresent(reason -> left.merge(reason, 1, Integer::sum));
            progress.advance(1);
        }
        if (quantized.isEmpty()) {
            throw new OptimizationException("nothing to quantize: no MatMul, Gemm or Gather with a float weight among "
                    + options.opTypesToQuantize() + (left.isEmpty() ? "" : "; left as they are: " + describe(left)));
        }
        removeUnused(graph);
        List<String> notes = new ArrayList<>();
        notes.add("quantized: " + quantized.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", ")) + " (" + (options.perChannel() ? "per channel" : "per tensor") + ", "
                + options.weightType().ortName() + (options.reduceRange() ? ", reduce_range" : "") + ")");
        if (!left.isEmpty()) {
            notes.add("left as they are: " + describe(left));
        }
        return new Result(graph.build(), quantized, notes);
    }

    private static String describe(Map<String, Integer> left) {
        return left.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining("; "));
    }

    private static String notHandled(String opType) {
        if (DynamicQuantizationOptions.HANDLED.contains(opType)) {
            return " (not in --op_types_to_quantize)";
        }
        return switch (opType) {
            case "Conv", "ConvTranspose" -> " (dynamic INT8 covers MatMul, Gemm and Gather; convolutions take static INT8)";
            default -> " (dynamic INT8 covers MatMul, Gemm and Gather only)";
        };
    }

    private static void refuseQuantized(ModelProto model) throws OptimizationException {
        Map<String, Long> found = model.getGraph().getNodeList().stream().filter(n -> QUANTIZED_OPS.contains(n.getOpType()))
                .collect(Collectors.groupingBy(NodeProto::getOpType, TreeMap::new, Collectors.counting()));
        if (!found.isEmpty()) {
            throw new OptimizationException("the model is already quantized ("
                    + found.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))
                    + "): nothing to do; quantize the float model it was made from");
        }
    }

    /** A float weight of at least {@link #WEIGHT_ELEMENTS} elements among a node's inputs. */
    private static Optional<TensorProto> weightHeld(GraphEditor graph, NodeProto node) {
        return node.getInputList().stream().map(graph::initializer).flatMap(Optional::stream)
                .filter(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE && t.getDimsCount() >= 2
                        && elements(t) >= WEIGHT_ELEMENTS).findFirst();
    }

    private static long elements(TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
    }

    private Optional<String> matMul(GraphEditor graph, NodeProto node, Map<String, QuantizedActivation> activations,
            Map<String, WeightTensors> weights, Map<String, Integer> quantized) {
        Optional<TensorProto> weight = floatMatrix(graph, node.getInput(1));
        if (graph.initializer(node.getInput(0)).isPresent()) {
            return Optional.of("MatMul (its constant is the left operand)");
        }
        if (weight.isEmpty()) {
            return graph.initializer(node.getInput(1)).isPresent() ? Optional.of("MatMul (its weight is not a float matrix)")
                    : Optional.empty(); // two activations (attention scores): nothing to store in 8 bits
        }
        TensorProto w = weight.get();
        WeightTensors q = weights.computeIfAbsent(w.getName() + "/matmul", k -> weightTensors(graph, w, GraphEditor.floats(w),
                (int) w.getDims(0), (int) w.getDims(1)));
        List<NodeProto> replacement = new ArrayList<>();
        QuantizedActivation x = activation(graph, node.getInput(0), activations, replacement);
        replacement.addAll(integerMatMul(graph, node.getName(), x, q, node.getOutput(0)));
        graph.replaceNode(node, replacement);
        quantized.merge("MatMul", 1, Integer::sum);
        return Optional.empty();
    }

    private Optional<String> gemm(GraphEditor graph, NodeProto node, Map<String, QuantizedActivation> activations,
            Map<String, WeightTensors> weights, Map<String, Integer> quantized) {
        Optional<TensorProto> weight = floatMatrix(graph, node.getInput(1));
        if (weight.isEmpty()) {
            return Optional.of("Gemm (its B is not a float matrix initializer)");
        }
        if (GraphEditor.intAttribute(node, "transA", 0) != 0 || GraphEditor.floatAttribute(node, "alpha", 1f) != 1f
                || GraphEditor.floatAttribute(node, "beta", 1f) != 1f) {
            return Optional.of("Gemm (transA, or alpha or beta other than 1)");
        }
        TensorProto w = weight.get();
        boolean transB = GraphEditor.intAttribute(node, "transB", 0) != 0;
        WeightTensors q = weights.computeIfAbsent(w.getName() + (transB ? "/gemmT" : "/matmul"), k -> {
            float[] values = GraphEditor.floats(w);
            int rows = (int) w.getDims(0);
            int cols = (int) w.getDims(1);
            if (!transB) {
                return weightTensors(graph, w, values, rows, cols);
            }
            float[] transposed = new float[values.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    transposed[c * rows + r] = values[r * cols + c];
                }
            }
            return weightTensors(graph, w, transposed, cols, rows);
        });
        List<NodeProto> replacement = new ArrayList<>();
        QuantizedActivation x = activation(graph, node.getInput(0), activations, replacement);
        boolean bias = node.getInputCount() > 2 && !node.getInput(2).isEmpty();
        String product = bias ? graph.uniqueName(node.getOutput(0) + "_product") : node.getOutput(0);
        replacement.addAll(integerMatMul(graph, node.getName(), x, q, product));
        if (bias) {
            replacement.add(GraphEditor.node("Add", graph.uniqueName(node.getName() + "_bias_add"),
                    List.of(product, node.getInput(2)), List.of(node.getOutput(0))));
        }
        graph.replaceNode(node, replacement);
        quantized.merge("Gemm", 1, Integer::sum);
        return Optional.empty();
    }

    private Optional<String> gather(GraphEditor graph, NodeProto node, Map<String, Integer> quantized) {
        Optional<TensorProto> table = graph.initializer(node.getInput(0))
                .filter(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE);
        if (table.isEmpty()) {
            return Optional.empty(); // a Gather of shapes or activations: no weight
        }
        TensorProto t = table.get();
        if (elements(t) < options.minGatherElements()) {
            return elements(t) >= WEIGHT_ELEMENTS ? Optional.of("Gather (a table under " + options.minGatherElements()
                    + " elements does not pay)") : Optional.empty();
        }
        float[] values = GraphEditor.floats(t);
        int columns = t.getDimsCount() == 0 ? 1 : (int) t.getDims(t.getDimsCount() - 1);
        // per tensor: a per-row scale would have to be gathered too
        QuantizedWeight q = QuantizedWeight.of(values, columns, false, false, options.weightType());
        String data = graph.uniqueName(t.getName() + "_quantized");
        String scale = graph.uniqueName(t.getName() + "_scale");
        String zero = graph.uniqueName(t.getName() + "_zero_point");
        graph.setInitializer(eightBit(data, t.getDimsList(), q.values()));
        graph.setInitializer(GraphEditor.floatTensor(scale, List.of(), q.scales()));
        graph.setInitializer(eightBit(zero, List.of(), q.zeroPoints()));
        String gathered = graph.uniqueName(node.getOutput(0) + "_quantized");
        NodeProto quantizedGather = node.toBuilder().setInput(0, data).setOutput(0, gathered).build();
        NodeProto dequantize = GraphEditor.node("DequantizeLinear", graph.uniqueName(node.getName() + "_DequantizeLinear"),
                List.of(gathered, scale, zero), List.of(node.getOutput(0)));
        graph.replaceNode(node, List.of(quantizedGather, dequantize));
        quantized.merge("Gather", 1, Integer::sum);
        return Optional.empty();
    }

    private TensorProto eightBit(String name, List<Long> dims, byte[] values) {
        return options.weightType() == WeightType.QINT8 ? GraphEditor.int8Tensor(name, dims, values)
                : GraphEditor.uint8Tensor(name, dims, values);
    }

    private static Optional<TensorProto> floatMatrix(GraphEditor graph, String name) {
        return graph.initializer(name).filter(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE && t.getDimsCount() == 2);
    }

    private WeightTensors weightTensors(GraphEditor graph, TensorProto w, float[] values, int rows, int cols) {
        QuantizedWeight q = QuantizedWeight.of(values, cols, options.perChannel(), options.reduceRange(), options.weightType());
        String data = graph.uniqueName(w.getName() + "_quantized");
        String scale = graph.uniqueName(w.getName() + "_scale");
        String zero = graph.uniqueName(w.getName() + "_zero_point");
        List<Long> channelDims = options.perChannel() ? List.of((long) cols) : List.of();
        graph.setInitializer(eightBit(data, List.of((long) rows, (long) cols), q.values()));
        graph.setInitializer(GraphEditor.floatTensor(scale, channelDims, q.scales()));
        graph.setInitializer(eightBit(zero, channelDims, q.zeroPoints()));
        return new WeightTensors(data, scale, zero);
    }

    /** The activation's DynamicQuantizeLinear, made once before its first quantized consumer and shared after. */
    private static QuantizedActivation activation(GraphEditor graph, String input, Map<String, QuantizedActivation> activations,
            List<NodeProto> into) {
        QuantizedActivation existing = activations.get(input);
        if (existing != null) {
            return existing;
        }
        QuantizedActivation made = new QuantizedActivation(graph.uniqueName(input + "_quantized"),
                graph.uniqueName(input + "_scale"), graph.uniqueName(input + "_zero_point"));
        into.add(GraphEditor.node("DynamicQuantizeLinear", graph.uniqueName(input + "_QuantizeLinear"), List.of(input),
                List.of(made.data, made.scale, made.zeroPoint)));
        activations.put(input, made);
        return made;
    }

    private static List<NodeProto> integerMatMul(GraphEditor graph, String name, QuantizedActivation x, WeightTensors w,
            String output) {
        String scales = graph.uniqueName(name + "_quant_scales_mul:0");
        String integer = graph.uniqueName(output + "_output_quantized");
        String cast = graph.uniqueName(integer + "_cast_output");
        return List.of(
                GraphEditor.node("Mul", graph.uniqueName(name + "_quant_scales_mul"), List.of(x.scale, w.scale), List.of(scales)),
                GraphEditor.node("MatMulInteger", graph.uniqueName(name + "_quant"),
                        List.of(x.data, w.data, x.zeroPoint, w.zeroPoint), List.of(integer)),
                GraphEditor.node("Cast", graph.uniqueName(integer + "_cast"), List.of(integer), List.of(cast),
                        GraphEditor.intAttribute("to", TensorProto.DataType.FLOAT_VALUE)),
                GraphEditor.node("Mul", graph.uniqueName(name + "_quant_output_scale_mul"), List.of(cast, scales), List.of(output)));
    }

    /** Float initializers no node reads any more (the weights now stored in 8 bits) are dropped. */
    private static void removeUnused(GraphEditor graph) {
        Map<String, Boolean> read = new LinkedHashMap<>();
        for (NodeProto node : graph.nodes()) {
            node.getInputList().forEach(i -> read.put(i, true));
            collectSubgraphInputs(node, read);
        }
        for (TensorProto t : graph.initializers()) {
            if (!read.containsKey(t.getName()) && !graph.isGraphOutput(t.getName())) {
                graph.removeInitializer(t.getName());
            }
        }
    }

    /** Names read inside If/Loop/Scan bodies count as read (outer-scope initializers). */
    private static void collectSubgraphInputs(NodeProto node, Map<String, Boolean> read) {
        node.getAttributeList().forEach(a -> {
            if (a.hasG()) {
                a.getG().getNodeList().forEach(n -> {
                    n.getInputList().forEach(i -> read.put(i, true));
                    collectSubgraphInputs(n, read);
                });
            }
            a.getGraphsList().forEach(g -> g.getNodeList().forEach(n -> {
                n.getInputList().forEach(i -> read.put(i, true));
                collectSubgraphInputs(n, read);
            }));
        });
    }

    private record QuantizedActivation(String data, String scale, String zeroPoint) {
    }

    private record WeightTensors(String data, String scale, String zeroPoint) {
    }
}

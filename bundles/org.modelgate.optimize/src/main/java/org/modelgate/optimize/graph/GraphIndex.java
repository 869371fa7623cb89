package org.modelgate.optimize.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * Who produces and who reads each tensor of a graph, and its initializers by name: what a transform asks before it
 * rewrites a node.
 */
public final class GraphIndex {
    /** Operators of quantized graphs (ONNX and ONNX Runtime's contrib ops). */
    private static final Set<String> QUANTIZED_OPS = Set.of("QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear",
            "QLinearConv", "QLinearMatMul", "MatMulInteger", "ConvInteger", "QGemm", "QAttention", "DynamicQuantizeMatMul",
            "MatMulIntegerToFloat", "MatMulNBits", "QLinearAdd", "QLinearMul");

    private final GraphProto graph;
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();

    public GraphIndex(GraphProto graph) {
        this.graph = graph;
        for (TensorProto initializer : graph.getInitializerList()) {
            initializers.put(initializer.getName(), initializer);
        }
        for (NodeProto node : graph.getNodeList()) {
            for (String output : node.getOutputList()) {
                producers.put(output, node);
            }
            for (String input : node.getInputList()) {
                if (!input.isEmpty()) {
                    consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
                }
            }
        }
    }

    public GraphProto graph() {
        return graph;
    }

    /** The initializer called {@code name}, if there is one. */
    public Optional<TensorProto> initializer(String name) {
        return Optional.ofNullable(initializers.get(name));
    }

    /** The nodes that read {@code tensor} (empty when none does). */
    public List<NodeProto> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    /** The node that writes {@code tensor}, empty for graph inputs and initializers. */
    public Optional<NodeProto> producer(String tensor) {
        return Optional.ofNullable(producers.get(tensor));
    }

    /** Whether {@code tensor} is one of the graph's outputs. */
    public boolean isGraphOutput(String tensor) {
        return graph.getOutputList().stream().anyMatch(output -> output.getName().equals(tensor));
    }

    /** Graph inputs that are not initializers (older exporters list initializers as inputs too). */
    public List<ValueInfoProto> realInputs() {
        return graph.getInputList().stream().filter(input -> !initializers.containsKey(input.getName())).toList();
    }

    /** The operator types of quantized graphs found in this one, sorted; empty for a float model. */
    public Set<String> quantizedOps() {
        Set<String> found = new TreeSet<>();
        for (NodeProto node : graph.getNodeList()) {
            if (QUANTIZED_OPS.contains(node.getOpType())) {
                found.add(node.getOpType());
            }
        }
        return found;
    }

    /** The opset version of the default ONNX domain the model imports. */
    public static long defaultOpset(ModelProto model) {
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            if (opset.getDomain().isEmpty() || opset.getDomain().equals("ai.onnx")) {
                return opset.getVersion();
            }
        }
        return 1;
    }

    /** The integer attribute {@code name} of {@code node}, or {@code fallback} when it is not set. */
    public static long intAttribute(NodeProto node, String name, long fallback) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().map(AttributeProto::getI).orElse(fallback);
    }

    /** The float attribute {@code name} of {@code node}, or {@code fallback} when it is not set. */
    public static float floatAttribute(NodeProto node, String name, float fallback) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().map(AttributeProto::getF).orElse(fallback);
    }
}

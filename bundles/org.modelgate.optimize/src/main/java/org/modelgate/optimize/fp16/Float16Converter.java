package org.modelgate.optimize.fp16;

import java.util.ArrayList;
import java.util.HashMap;
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
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.graph.GraphIndex;
import org.modelgate.optimize.graph.TensorTypes;
import org.modelgate.optimize.graph.TensorValues;

/**
 * Converts a float32 model to float16 as onnxconverter-common's {@code convert_float_to_float16} does: every float
 * tensor (initializers, Constant values, Cast targets, intermediate values) becomes float16; constants are clamped
 * into [{@code minPositiveValue}, {@code maxFiniteValue}] in magnitude; ops on the block list (and ops of other
 * domains) stay float32 between Casts; with {@code keepIoTypes} the model's inputs and outputs keep float32, with a
 * Cast at each edge. Tensor types come from ONNX Runtime's own inference ({@link TensorTypes}).
 *
 * <pre>
 * Fp16Conversion half = new Float16Converter(Fp16Options.defaults()).convert(model);
 * </pre>
 */
public final class Float16Converter {
    private final Fp16Options options;

    public Float16Converter(Fp16Options options) {
        this.options = options;
    }

    /**
     * The model in float16.
     *
     * @throws OptimizationException when the model is quantized or already float16, holds subgraphs (If, Loop,
     *     Scan), or ONNX Runtime cannot load it
     */
    public Fp16Conversion convert(ModelProto model) throws OptimizationException {
        GraphProto graph = model.getGraph();
        refuseUnsuitable(graph);
        TensorTypes types = TensorTypes.of(model);
        GraphIndex index = new GraphIndex(graph);
        Set<String> blocked = new HashSet<>();
        List<String> keptInFloat = new ArrayList<>();
        for (NodeProto node : graph.getNodeList()) {
            if (isBlocked(node)) {
                blocked.add(key(node));
                keptInFloat.add(key(node) + " (" + node.getOpType() + ")");
            }
        }
        Set<String> graphInputs = new HashSet<>();
        index.realInputs().forEach(input -> graphInputs.add(input.getName()));
        Set<String> graphOutputs = new HashSet<>();
        graph.getOutputList().forEach(output -> graphOutputs.add(output.getName()));

        // initializers a converted node reads become float16; those only blocked nodes read stay float32
        Set<String> halfInitializers = new HashSet<>();
        for (NodeProto node : graph.getNodeList()) {
            if (!blocked.contains(key(node))) {
                node.getInputList().stream().filter(name -> index.initializer(name).isPresent() && types.isFloat(name))
                        .forEach(halfInitializers::add);
            }
        }
        Map<String, TensorProto> initializers = new LinkedHashMap<>();
        long[] clamped = {0};
        for (TensorProto initializer : graph.getInitializerList()) {
            initializers.put(initializer.getName(), halfInitializers.contains(initializer.getName())
                    ? half(initializer, clamped) : initializer);
        }

        Map<String, String> halfNames = new HashMap<>();
        List<NodeProto> nodes = new ArrayList<>();
        if (options.keepIoTypes()) {
            for (String input : graphInputs) {
                if (types.isFloat(input) && !index.consumers(input).isEmpty()) {
                    halfNames.put(input, input + "_fp16");
                    nodes.add(cast(input, input + "_fp16", DataType.FLOAT16, "graph_input_cast_" + input));
                }
            }
            for (String output : graphOutputs) {
                if (types.isFloat(output) && !graphInputs.contains(output)) {
                    halfNames.put(output, output + "_fp16");
                }
            }
        }
        Map<String, String> float32Names = new HashMap<>(); // tensors whose float32 value exists, and under which name
        for (TensorProto initializer : graph.getInitializerList()) {
            if (types.isFloat(initializer.getName()) && !halfInitializers.contains(initializer.getName())) {
                float32Names.put(initializer.getName(), initializer.getName());
            }
        }
        if (options.keepIoTypes()) {
            graphInputs.forEach(input -> float32Names.put(input, input));
        }
        for (NodeProto node : graph.getNodeList()) {
            if (blocked.contains(key(node))) {
                NodeProto.Builder kept = node.toBuilder();
                for (int i = 0; i < node.getInputCount(); i++) {
                    String input = node.getInput(i);
                    if (!types.isFloat(input)) {
                        continue;
                    }
                    String fp32 = float32Names.get(input);
                    if (fp32 == null) {
                        fp32 = input + "_fp32";
                        nodes.add(cast(halfNames.getOrDefault(input, input), fp32, DataType.FLOAT, key(node) + "_input_cast_" + i));
                        float32Names.put(input, fp32);
                    }
                    kept.setInput(i, fp32);
                }
                List<NodeProto> after = new ArrayList<>();
                for (int i = 0; i < node.getOutputCount(); i++) {
                    String output = node.getOutput(i);
                    if (types.isFloat(output)) {
                        String fp32 = graphOutputs.contains(output) && options.keepIoTypes() ? output : output + "_fp32";
                        kept.setOutput(i, fp32);
                        float32Names.put(output, fp32);
                        if (!index.consumers(output).isEmpty() || !fp32.equals(output)) {
                            String halfName = halfNames.getOrDefault(output, output);
                            if (fp32.equals(output)) {
                                halfName = output + "_fp16";
                                halfNames.put(output, halfName);
                            }
                            after.add(cast(fp32, halfName, DataType.FLOAT16, key(node) + "_output_cast_" + i));
                        }
                        if (graphOutputs.contains(output) && options.keepIoTypes()) {
                            graphOutputs.remove(output); // written in float32 by the node itself
                        }
                    }
                }
                nodes.add(kept.build());
                nodes.addAll(after);
                continue;
            }
            NodeProto.Builder converted = node.toBuilder();
            for (int i = 0; i < node.getInputCount(); i++) {
                converted.setInput(i, halfNames.getOrDefault(node.getInput(i), node.getInput(i)));
            }
            for (int i = 0; i < node.getOutputCount(); i++) {
                converted.setOutput(i, halfNames.getOrDefault(node.getOutput(i), node.getOutput(i)));
            }
            convertAttributes(converted, clamped);
            nodes.add(converted.build());
        }
        if (options.keepIoTypes()) {
            for (ValueInfoProto output : graph.getOutputList()) {
                if (graphOutputs.contains(output.getName()) && halfNames.containsKey(output.getName())) {
                    nodes.add(cast(halfNames.get(output.getName()), output.getName(), DataType.FLOAT, "graph_output_cast_" + output.getName()));
                }
            }
        }
        GraphProto.Builder rewritten = graph.toBuilder().clearNode().addAllNode(nodes)
                .clearInitializer().addAllInitializer(initializers.values()).clearValueInfo();
        // older exporters list initializers among the inputs: those now in float16 are declared so
        List<ValueInfoProto> inputs = new ArrayList<>();
        for (ValueInfoProto input : graph.getInputList()) {
            inputs.add(halfInitializers.contains(input.getName()) ? halfInfos(List.of(input)).get(0) : input);
        }
        rewritten.clearInput().addAllInput(inputs);
        if (!options.keepIoTypes()) {
            rewritten.clearInput().addAllInput(halfInfos(inputs)).clearOutput().addAllOutput(halfInfos(graph.getOutputList()));
        }
        return new Fp16Conversion(model.toBuilder().setGraph(rewritten).build(), halfInitializers.size(), clamped[0], keptInFloat);
    }

    private void refuseUnsuitable(GraphProto graph) throws OptimizationException {
        Set<String> quantized = new GraphIndex(graph).quantizedOps();
        if (!quantized.isEmpty()) {
            throw new OptimizationException("the model is quantized (it has " + String.join(", ", quantized)
                    + "): convert the float32 original to float16 instead");
        }
        for (TensorProto initializer : graph.getInitializerList()) {
            if (initializer.getDataType() == DataType.FLOAT16_VALUE) {
                throw new OptimizationException("the model already holds float16 weights ('" + initializer.getName()
                        + "'): convert the float32 original");
            }
        }
        for (NodeProto node : graph.getNodeList()) {
            for (AttributeProto attribute : node.getAttributeList()) {
                if (attribute.hasG() || attribute.getGraphsCount() > 0) {
                    throw new OptimizationException("node '" + key(node) + "' (" + node.getOpType() + ") holds a subgraph;"
                            + " the float16 converter works on flat graphs: add " + node.getOpType() + " to the block list"
                            + " is not enough, as its subgraph reads outer tensors");
                }
            }
        }
    }

    private boolean isBlocked(NodeProto node) {
        return options.opBlockList().contains(node.getOpType()) || !(node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx"));
    }

    private void convertAttributes(NodeProto.Builder node, long[] clamped) {
        for (int i = 0; i < node.getAttributeCount(); i++) {
            AttributeProto attribute = node.getAttribute(i);
            if (attribute.hasT() && attribute.getT().getDataType() == DataType.FLOAT_VALUE) {
                node.setAttribute(i, attribute.toBuilder().setT(half(attribute.getT(), clamped)));
            } else if ((attribute.getName().equals("to") && node.getOpType().equals("Cast")
                    || attribute.getName().equals("dtype")) && attribute.getI() == DataType.FLOAT_VALUE) {
                node.setAttribute(i, attribute.toBuilder().setI(DataType.FLOAT16_VALUE));
            }
        }
        if (node.getOpType().equals("Constant")) {
            for (int i = 0; i < node.getAttributeCount(); i++) {
                AttributeProto attribute = node.getAttribute(i);
                if (attribute.getName().equals("value_float") || attribute.getName().equals("value_floats")) {
                    float[] values = attribute.getName().equals("value_float") ? new float[] {attribute.getF()}
                            : toArray(attribute.getFloatsList());
                    long[] dims = attribute.getName().equals("value_float") ? new long[0] : new long[] {values.length};
                    TensorProto tensor = half(TensorValues.floatTensor("", dims, values), clamped);
                    node.setAttribute(i, AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(tensor));
                }
            }
        }
    }

    private TensorProto half(TensorProto tensor, long[] clamped) {
        float[] values = TensorValues.floats(tensor);
        for (int i = 0; i < values.length; i++) {
            float value = options.clamp(values[i]);
            if (Float.floatToRawIntBits(value) != Float.floatToRawIntBits(values[i])) {
                clamped[0]++;
            }
            values[i] = value;
        }
        return TensorValues.halfTensor(tensor, values);
    }

    private static float[] toArray(List<Float> list) {
        float[] values = new float[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = list.get(i);
        }
        return values;
    }

    private static List<ValueInfoProto> halfInfos(List<ValueInfoProto> infos) {
        List<ValueInfoProto> converted = new ArrayList<>();
        for (ValueInfoProto info : infos) {
            if (info.getType().getTensorType().getElemType() == DataType.FLOAT_VALUE) {
                TypeProto type = info.getType().toBuilder().setTensorType(info.getType().getTensorType().toBuilder()
                        .setElemType(DataType.FLOAT16_VALUE)).build();
                converted.add(info.toBuilder().setType(type).build());
            } else {
                converted.add(info);
            }
        }
        return converted;
    }

    private static NodeProto cast(String from, String to, DataType type, String name) {
        return NodeProto.newBuilder().setOpType("Cast").setName(name).addInput(from).addOutput(to)
                .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT).setI(type.getNumber()))
                .build();
    }

    private static String key(NodeProto node) {
        return node.getName().isEmpty() ? node.getOutput(0) : node.getName();
    }
}

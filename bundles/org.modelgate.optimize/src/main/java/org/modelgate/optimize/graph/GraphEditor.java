package org.modelgate.optimize.graph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import com.google.protobuf.ByteString;

/**
 * Edits an ONNX model's main graph: initializers looked up, read and replaced as float or 8-bit tensors, nodes
 * inserted or replaced in order, unique names, opset imports raised. The graph's other parts (inputs, outputs,
 * value infos, metadata) are kept as they were; {@link #build()} makes the edited model.
 *
 * <pre>
 * GraphEditor graph = new GraphEditor(OnnxModelFile.read(file));
 * TensorProto weight = graph.initializer("W").orElseThrow();
 * float[] values = GraphEditor.floats(weight);
 * graph.setInitializer(GraphEditor.int8Tensor(graph.uniqueName("W_quantized"), weight.getDimsList(), quantized));
 * graph.replaceNode(matMul, List.of(quantizeNode, matMulIntegerNode, castNode, mulNode));
 * graph.requireOpset("", 11);
 * OnnxModelFile.write(graph.build(), out);
 * </pre>
 */
public final class GraphEditor {
    private final ModelProto original;
    private final List<NodeProto> nodes;
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Map<String, Long> opsets = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();

    /**
     * Starts editing a model.
     *
     * @param model the model (not changed)
     */
    public GraphEditor(ModelProto model) {
        this.original = model;
        GraphProto graph = model.getGraph();
        this.nodes = new ArrayList<>(graph.getNodeList());
        for (TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            opsets.put(opset.getDomain(), opset.getVersion());
        }
        for (NodeProto node : nodes) {
            names.add(node.getName());
            names.addAll(node.getInputList());
            names.addAll(node.getOutputList());
        }
        names.addAll(initializers.keySet());
        graph.getInputList().forEach(v -> names.add(v.getName()));
        graph.getOutputList().forEach(v -> names.add(v.getName()));
        graph.getValueInfoList().forEach(v -> names.add(v.getName()));
    }

    /**
     * The nodes in graph order (a copy).
     *
     * @return the nodes
     */
    public List<NodeProto> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * The initializer of that name.
     *
     * @param name the tensor name
     * @return it, if the graph has one
     */
    public Optional<TensorProto> initializer(String name) {
        return Optional.ofNullable(initializers.get(name));
    }

    /**
     * Every initializer, in graph order (a copy).
     *
     * @return the initializers
     */
    public List<TensorProto> initializers() {
        return List.copyOf(initializers.values());
    }

    /**
     * Adds an initializer, or replaces the one of the same name.
     *
     * @param tensor the tensor
     */
    public void setInitializer(TensorProto tensor) {
        initializers.put(tensor.getName(), tensor);
        names.add(tensor.getName());
    }

    /**
     * Removes an initializer (when no node reads it any more).
     *
     * @param name the tensor name
     */
    public void removeInitializer(String name) {
        initializers.remove(name);
    }

    /**
     * The nodes that read a tensor.
     *
     * @param tensor the tensor name
     * @return the nodes, in graph order
     */
    public List<NodeProto> consumers(String tensor) {
        return nodes.stream().filter(n -> n.getInputList().contains(tensor)).toList();
    }

    /**
     * Whether the graph's outputs include a tensor.
     *
     * @param tensor the tensor name
     * @return true for a graph output
     */
    public boolean isGraphOutput(String tensor) {
        return original.getGraph().getOutputList().stream().anyMatch(v -> v.getName().equals(tensor));
    }

    /**
     * Replaces a node by others, at its place in the graph order.
     *
     * @param node the node (compared by equality)
     * @param replacement the nodes taking its place, in order
     * @throws IllegalArgumentException when the node is not in the graph
     */
    public void replaceNode(NodeProto node, List<NodeProto> replacement) {
        int index = indexOf(node);
        nodes.remove(index);
        nodes.addAll(index, replacement);
        replacement.forEach(this::remember);
    }

    /**
     * Inserts nodes before another.
     *
     * @param node the node they go before
     * @param inserted the nodes, in order
     * @throws IllegalArgumentException when the node is not in the graph
     */
    public void insertBefore(NodeProto node, List<NodeProto> inserted) {
        nodes.addAll(indexOf(node), inserted);
        inserted.forEach(this::remember);
    }

    /**
     * Inserts nodes after another.
     *
     * @param node the node they go after
     * @param inserted the nodes, in order
     * @throws IllegalArgumentException when the node is not in the graph
     */
    public void insertAfter(NodeProto node, List<NodeProto> inserted) {
        nodes.addAll(indexOf(node) + 1, inserted);
        inserted.forEach(this::remember);
    }

    /**
     * Appends nodes at the end of the graph.
     *
     * @param added the nodes, in order
     */
    public void append(List<NodeProto> added) {
        nodes.addAll(added);
        added.forEach(this::remember);
    }

    /**
     * Removes a node.
     *
     * @param node the node
     * @throws IllegalArgumentException when it is not in the graph
     */
    public void removeNode(NodeProto node) {
        nodes.remove(indexOf(node));
    }

    private int indexOf(NodeProto node) {
        int index = nodes.indexOf(node);
        if (index < 0) {
            throw new IllegalArgumentException("node '" + node.getName() + "' (" + node.getOpType() + ") is not in the graph");
        }
        return index;
    }

    private void remember(NodeProto node) {
        names.add(node.getName());
        names.addAll(node.getOutputList());
    }

    /**
     * A name no node, tensor or value of the graph has yet; reserved by this call.
     *
     * @param base the wanted name, e.g. {@code W_quantized}
     * @return {@code base}, or {@code base_1}, {@code base_2}, ...
     */
    public String uniqueName(String base) {
        String name = base;
        for (int i = 1; names.contains(name); i++) {
            name = base + "_" + i;
        }
        names.add(name);
        return name;
    }

    /**
     * The opset version imported for a domain.
     *
     * @param domain {@code ""} (or {@code ai.onnx}) for the standard operators, {@code com.microsoft}, ...
     * @return the version, empty when the domain is not imported
     */
    public Optional<Long> opset(String domain) {
        return Optional.ofNullable(opsets.get(domain)).or(() -> domain.equals("ai.onnx") ? Optional.ofNullable(opsets.get("")) : Optional.empty());
    }

    /**
     * Makes the model import a domain at {@code version} or later: imports it when missing, raises it when lower.
     * Raising the standard domain's version changes the meaning of some operators of other versions; callers raise
     * it only to versions whose changes they checked.
     *
     * @param domain the domain
     * @param version the lowest version needed
     * @return true when the import changed
     */
    public boolean requireOpset(String domain, long version) {
        Long current = opsets.get(domain);
        if (current != null && current >= version) {
            return false;
        }
        opsets.put(domain, version);
        return true;
    }

    /**
     * The edited model.
     *
     * @return a new model: the original with these nodes, initializers and opset imports
     */
    public ModelProto build() {
        GraphProto.Builder graph = original.getGraph().toBuilder().clearNode().addAllNode(nodes)
                .clearInitializer().addAllInitializer(initializers.values());
        // Inputs that were initializers and are gone must not stay as graph inputs (IR < 4 lists them there).
        List<ValueInfoProto> inputs = new ArrayList<>();
        for (ValueInfoProto input : original.getGraph().getInputList()) {
            boolean wasInitializer = original.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().equals(input.getName()));
            if (!wasInitializer || initializers.containsKey(input.getName())) {
                inputs.add(input);
            }
        }
        graph.clearInput().addAllInput(inputs);
        ModelProto.Builder model = original.toBuilder().setGraph(graph).clearOpsetImport();
        opsets.forEach((domain, version) -> model.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version)));
        return model.build();
    }

    // ---- tensors ----

    /**
     * The values of a FLOAT tensor (raw data or float_data).
     *
     * @param tensor the tensor
     * @return the values, row-major
     * @throws IllegalArgumentException when it is not FLOAT
     */
    public static float[] floats(TensorProto tensor) {
        requireType(tensor, DataType.FLOAT);
        if (tensor.hasRawData()) {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[raw.remaining() / Float.BYTES];
            raw.asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatData(i);
        }
        return values;
    }

    /**
     * The values of an INT8 or UINT8 tensor, as stored bytes (UINT8 values above 127 read back as negative bytes:
     * mask with {@code 0xff}).
     *
     * @param tensor the tensor
     * @return the bytes, row-major
     * @throws IllegalArgumentException when it is neither INT8 nor UINT8
     */
    public static byte[] bytes(TensorProto tensor) {
        if (tensor.getDataType() != DataType.INT8_VALUE && tensor.getDataType() != DataType.UINT8_VALUE) {
            throw new IllegalArgumentException("tensor '" + tensor.getName() + "' is " + typeName(tensor) + ", not INT8 or UINT8");
        }
        if (tensor.hasRawData()) {
            return tensor.getRawData().toByteArray();
        }
        byte[] values = new byte[tensor.getInt32DataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) tensor.getInt32Data(i);
        }
        return values;
    }

    /**
     * The values of an INT64 tensor (raw data or int64_data), e.g. a shape.
     *
     * @param tensor the tensor
     * @return the values
     * @throws IllegalArgumentException when it is not INT64
     */
    public static long[] longs(TensorProto tensor) {
        requireType(tensor, DataType.INT64);
        if (tensor.hasRawData()) {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long[] values = new long[raw.remaining() / Long.BYTES];
            raw.asLongBuffer().get(values);
            return values;
        }
        return tensor.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * A FLOAT tensor (raw little-endian data).
     *
     * @param name the name
     * @param dims the shape
     * @param values the values, row-major
     * @return the tensor
     */
    public static TensorProto floatTensor(String name, List<Long> dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT_VALUE).addAllDims(dims)
                .setRawData(ByteString.copyFrom(raw.array())).build();
    }

    /**
     * An INT8 tensor.
     *
     * @param name the name
     * @param dims the shape
     * @param values the values, row-major
     * @return the tensor
     */
    public static TensorProto int8Tensor(String name, List<Long> dims, byte[] values) {
        return TensorProto.newBuilder().setName(name).setDataType(DataType.INT8_VALUE).addAllDims(dims)
                .setRawData(ByteString.copyFrom(values)).build();
    }

    /**
     * A UINT8 tensor.
     *
     * @param name the name
     * @param dims the shape
     * @param values the values (0..255 stored as bytes), row-major
     * @return the tensor
     */
    public static TensorProto uint8Tensor(String name, List<Long> dims, byte[] values) {
        return TensorProto.newBuilder().setName(name).setDataType(DataType.UINT8_VALUE).addAllDims(dims)
                .setRawData(ByteString.copyFrom(values)).build();
    }

    /**
     * A node.
     *
     * @param opType the operator, e.g. {@code MatMulInteger}
     * @param name the node's name (make it with {@link #uniqueName(String)})
     * @param inputs the input tensor names ({@code ""} for an omitted optional input)
     * @param outputs the output tensor names
     * @param attributes attributes, e.g. {@link #intAttribute(String, long)}
     * @return the node
     */
    public static NodeProto node(String opType, String name, List<String> inputs, List<String> outputs,
            AttributeProto... attributes) {
        return NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs).addAllOutput(outputs)
                .addAllAttribute(List.of(attributes)).build();
    }

    /**
     * An integer attribute.
     *
     * @param name its name, e.g. {@code to}
     * @param value its value
     * @return the attribute
     */
    public static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /**
     * An integer attribute of a node.
     *
     * @param node the node
     * @param name the attribute
     * @param fallback its value when absent
     * @return the value
     */
    public static long intAttribute(NodeProto node, String name, long fallback) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .map(AttributeProto::getI).orElse(fallback);
    }

    /**
     * A float attribute of a node.
     *
     * @param node the node
     * @param name the attribute
     * @param fallback its value when absent
     * @return the value
     */
    public static float floatAttribute(NodeProto node, String name, float fallback) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .map(AttributeProto::getF).orElse(fallback);
    }

    private static void requireType(TensorProto tensor, DataType type) {
        if (tensor.getDataType() != type.getNumber()) {
            throw new IllegalArgumentException("tensor '" + tensor.getName() + "' is " + typeName(tensor) + ", not " + type);
        }
    }

    /**
     * The name of a tensor's element type, e.g. {@code FLOAT}.
     *
     * @param tensor the tensor
     * @return the name
     */
    public static String typeName(TensorProto tensor) {
        DataType type = DataType.forNumber(tensor.getDataType());
        return type == null ? "type " + tensor.getDataType() : type.name();
    }
}

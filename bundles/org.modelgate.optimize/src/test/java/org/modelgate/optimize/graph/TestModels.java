package org.modelgate.optimize.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/** Small ONNX models built in memory for tests: real graphs that ONNX Runtime runs. */
public final class TestModels {
    private TestModels() {
    }

    /**
     * A dense layer: {@code output = input · W + b}, input FLOAT {@code [batch, in]}, output {@code [batch, out]}.
     *
     * @param weights {@code [in][out]}
     * @param bias {@code [out]}
     * @return the model (opset 13)
     */
    public static ModelProto dense(float[][] weights, float[] bias) {
        int in = weights.length;
        int out = weights[0].length;
        float[] flat = new float[in * out];
        for (int i = 0; i < in; i++) {
            System.arraycopy(weights[i], 0, flat, i * out, out);
        }
        GraphProto graph = GraphProto.newBuilder().setName("dense")
                .addInput(floatInput("input", -1, in))
                .addOutput(floatInput("output", -1, out))
                .addInitializer(GraphEditor.floatTensor("W", List.of((long) in, (long) out), flat))
                .addInitializer(GraphEditor.floatTensor("b", List.of((long) out), bias))
                .addNode(GraphEditor.node("MatMul", "matmul", List.of("input", "W"), List.of("product")))
                .addNode(GraphEditor.node("Add", "add", List.of("product", "b"), List.of("output")))
                .build();
        return model(graph, 13);
    }

    /**
     * A random multi-layer perceptron: {@code layers} MatMul+Add+Relu blocks ending in a plain MatMul+Add.
     *
     * @param sizes the widths, input first (e.g. {@code 16, 64, 64, 4})
     * @param seed the random seed
     * @return the model (opset 13)
     */
    public static ModelProto mlp(int[] sizes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        GraphProto.Builder graph = GraphProto.newBuilder().setName("mlp")
                .addInput(floatInput("input", -1, sizes[0]))
                .addOutput(floatInput("output", -1, sizes[sizes.length - 1]));
        String previous = "input";
        for (int l = 0; l + 1 < sizes.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] w = new float[in * out];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (random.nextGaussian() / Math.sqrt(in));
            }
            float[] b = new float[out];
            for (int i = 0; i < out; i++) {
                b[i] = (float) (random.nextGaussian() * 0.1);
            }
            graph.addInitializer(GraphEditor.floatTensor("W" + l, List.of((long) in, (long) out), w));
            graph.addInitializer(GraphEditor.floatTensor("b" + l, List.of((long) out), b));
            boolean last = l + 2 == sizes.length;
            graph.addNode(GraphEditor.node("MatMul", "matmul" + l, List.of(previous, "W" + l), List.of("h" + l)));
            String added = last ? "output" : "a" + l;
            graph.addNode(GraphEditor.node("Add", "add" + l, List.of("h" + l, "b" + l), List.of(added)));
            if (!last) {
                graph.addNode(GraphEditor.node("Relu", "relu" + l, List.of(added), List.of("r" + l)));
                previous = "r" + l;
            }
        }
        return model(graph.build(), 13);
    }

    /**
     * Random rows for a model's input.
     *
     * @param rows how many
     * @param width the input width
     * @param seed the seed
     * @return the rows
     */
    public static List<float[]> rows(int rows, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<float[]> list = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            float[] row = new float[width];
            for (int c = 0; c < width; c++) {
                row[c] = (float) random.nextGaussian();
            }
            list.add(row);
        }
        return list;
    }

    /**
     * A model around a graph.
     *
     * @param graph the graph
     * @param opset the standard domain's version
     * @return the model
     */
    public static ModelProto model(GraphProto graph, long opset) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("modelgate-test").setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
    }

    /**
     * A FLOAT value info of shape {@code [batch, width]} (a negative batch is a free dimension).
     *
     * @param name the name
     * @param batch the batch dimension, negative for free
     * @param width the width
     * @return the value info
     */
    public static ValueInfoProto floatInput(String name, long batch, long width) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(batch < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                : TensorShapeProto.Dimension.newBuilder().setDimValue(batch));
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width));
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** Nodes of a model of one type. */
    static List<NodeProto> nodesOf(ModelProto model, String opType) {
        return model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(opType)).toList();
    }
}

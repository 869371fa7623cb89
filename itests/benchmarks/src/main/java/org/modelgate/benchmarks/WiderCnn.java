package org.modelgate.benchmarks;

import java.util.List;
import java.util.Random;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import org.modelgate.optimize.graph.TensorValues;

/**
 * A CNN on the same 8x8 digits input with channels enough for integer kernels to matter: Conv 1->64, Relu, Conv
 * 64->64, Relu, MaxPool, Gemm 1024->10, He-initialized random weights (fixed seed). For speed figures only: it is not
 * trained, so its answers are compared with its own fp32 answers.
 */
final class WiderCnn {
    private static ModelProto model;

    private WiderCnn() {
    }

    static synchronized ModelProto model() {
        if (model == null) {
            Random random = new Random(5);
            GraphProto graph = GraphProto.newBuilder().setName("wider_cnn")
                    .addInput(info("pixels", 64)).addOutput(info("logits", 10))
                    .addInitializer(TensorValues.floatTensor("sixteen", new long[0], new float[] {16f}))
                    .addInitializer(TensorValues.longTensor("image_shape", new long[] {4}, new long[] {-1, 1, 8, 8}))
                    .addInitializer(weights(random, "conv1.weight", new long[] {64, 1, 3, 3}, 9))
                    .addInitializer(TensorValues.floatTensor("conv1.bias", new long[] {64}, new float[64]))
                    .addInitializer(weights(random, "conv2.weight", new long[] {64, 64, 3, 3}, 576))
                    .addInitializer(TensorValues.floatTensor("conv2.bias", new long[] {64}, new float[64]))
                    .addInitializer(weights(random, "dense.weight", new long[] {10, 1024}, 1024))
                    .addInitializer(TensorValues.floatTensor("dense.bias", new long[] {10}, new float[10]))
                    .addNode(node("Div", List.of("pixels", "sixteen"), "scaled"))
                    .addNode(node("Reshape", List.of("scaled", "image_shape"), "image"))
                    .addNode(conv("conv1", "image", "c1"))
                    .addNode(node("Relu", List.of("c1"), "r1"))
                    .addNode(conv("conv2", "r1", "c2"))
                    .addNode(node("Relu", List.of("c2"), "r2"))
                    .addNode(node("MaxPool", List.of("r2"), "pooled").toBuilder()
                            .addAttribute(ints("kernel_shape", 2, 2)).addAttribute(ints("strides", 2, 2)).build())
                    .addNode(node("Flatten", List.of("pooled"), "flat"))
                    .addNode(node("Gemm", List.of("flat", "dense.weight", "dense.bias"), "logits").toBuilder()
                            .addAttribute(AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT).setI(1)).build())
                    .build();
            model = ModelProto.newBuilder().setIrVersion(7).setGraph(graph)
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).build();
        }
        return model;
    }

    private static TensorProto weights(Random random, String name, long[] dims, int fanIn) {
        int count = 1;
        for (long dim : dims) {
            count *= (int) dim;
        }
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * Math.sqrt(2.0 / fanIn));
        }
        return TensorValues.floatTensor(name, dims, values);
    }

    private static NodeProto conv(String name, String input, String output) {
        return node("Conv", List.of(input, name + ".weight", name + ".bias"), output).toBuilder().setName(name)
                .addAttribute(ints("kernel_shape", 3, 3)).addAttribute(ints("pads", 1, 1, 1, 1)).build();
    }

    private static NodeProto node(String op, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(output + "_" + op).addAllInput(inputs).addOutput(output).build();
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    private static ValueInfoProto info(String name, int width) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))))).build();
    }
}

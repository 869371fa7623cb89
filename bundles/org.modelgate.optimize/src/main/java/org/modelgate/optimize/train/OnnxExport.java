package org.modelgate.optimize.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import com.google.protobuf.ByteString;

/**
 * Writes a {@link Network} as an ONNX graph. The standardization is folded into the first layer:
 * {@code W' = W / std} (per input row) and {@code b' = b - (mean / std) . W}, so the graph takes raw features and
 * runs one Gemm per layer.
 */
final class OnnxExport {
    private static final int OPSET = 17;
    private static final int IR_VERSION = 8;

    private OnnxExport() {
    }

    static byte[] of(Network network, String graphName, String input, String output) {
        int[] sizes = network.layerSizes();
        float[][] weights = network.weights();
        float[][] biases = network.biases();
        GraphProto.Builder graph = GraphProto.newBuilder().setName(graphName)
                .addInput(value(input, sizes[0])).addOutput(value(output, sizes[sizes.length - 1]));
        String current = input;
        for (int layer = 0; layer < weights.length; layer++) {
            float[] w = weights[layer];
            float[] b = biases[layer];
            if (layer == 0) {
                float[][] folded = fold(network.standardization(), w, b, sizes[1]);
                w = folded[0];
                b = folded[1];
            }
            String wName = "layer" + layer + ".weight";
            String bName = "layer" + layer + ".bias";
            String out = "layer" + layer + ".out";
            graph.addInitializer(floats(wName, new long[] {sizes[layer], sizes[layer + 1]}, w));
            graph.addInitializer(floats(bName, new long[] {sizes[layer + 1]}, b));
            graph.addNode(NodeProto.newBuilder().setName("gemm" + layer).setOpType("Gemm")
                    .addInput(current).addInput(wName).addInput(bName).addOutput(out));
            current = out;
            if (layer < weights.length - 1) {
                String relu = "layer" + layer + ".relu";
                graph.addNode(NodeProto.newBuilder().setName("relu" + layer).setOpType("Relu").addInput(current).addOutput(relu));
                current = relu;
            }
        }
        graph.addNode(NodeProto.newBuilder().setName("softmax").setOpType("Softmax").addInput(current).addOutput(output)
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(-1)));
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("modelgate-optimize")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph).build().toByteArray();
    }

    private static float[][] fold(Standardization standardization, float[] w, float[] b, int width) {
        float[] weights = new float[w.length];
        double[] bias = new double[width];
        for (int o = 0; o < width; o++) {
            bias[o] = b[o];
        }
        for (int i = 0; i < standardization.width(); i++) {
            double scale = 1.0 / standardization.stdOf(i);
            double shift = standardization.meanOf(i) * scale;
            for (int o = 0; o < width; o++) {
                weights[i * width + o] = (float) (w[i * width + o] * scale);
                bias[o] -= shift * w[i * width + o];
            }
        }
        float[] folded = new float[width];
        for (int o = 0; o < width; o++) {
            folded[o] = (float) bias[o];
        }
        return new float[][] {weights, folded};
    }

    private static ValueInfoProto value(String name, int width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }

    private static TensorProto floats(String name, long[] dims, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        bytes.flip();
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes));
        for (long d : dims) {
            tensor.addDims(d);
        }
        return tensor.build();
    }
}

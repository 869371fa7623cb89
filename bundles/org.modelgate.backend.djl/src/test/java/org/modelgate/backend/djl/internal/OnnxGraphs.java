package org.modelgate.backend.djl.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.modelgate.api.DataType;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/** Writes tiny ONNX models for tests with the ONNX protobuf classes. */
final class OnnxGraphs {
    /** A dimension left open in a graph's signature. */
    static final Long DYNAMIC = null;

    static final int FLOAT = 1;
    static final int UINT16 = 4;
    static final int INT64 = 7;

    private OnnxGraphs() {
    }

    /** ONNX's TensorProto.DataType number of a Modelgate type. */
    static int onnxType(DataType type) {
        switch (type) {
            case FP32: return 1;
            case UINT8: return 2;
            case INT8: return 3;
            case INT16: return 5;
            case INT32: return 6;
            case INT64: return 7;
            case BYTES: return 8;
            case BOOL: return 9;
            case FP16: return 10;
            case FP64: return 11;
            case BF16: return 16;
            default: throw new IllegalArgumentException(type.toString());
        }
    }

    /** y = Identity(x); no dims gives a scalar, {@link #DYNAMIC} an open dimension. */
    static Path identity(Path file, int elemType, Long... dims) throws IOException {
        return write(file, graph("identity")
                .addInput(value("x", elemType, dims))
                .addOutput(value("y", elemType, dims))
                .addNode(node("Identity", "x", "y")));
    }

    /** Two outputs: y = Identity(x) as float, and u = Cast(x) to uint16, which Modelgate cannot carry. */
    static Path identityAndUint16(Path file) throws IOException {
        NodeProto cast = node("Cast", "x", "u").toBuilder()
                .addAttribute(ai.onnx.proto.OnnxMl.AttributeProto.newBuilder().setName("to")
                        .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.INT).setI(UINT16))
                .build();
        return write(file, graph("two-outputs")
                .addInput(value("x", FLOAT, DYNAMIC))
                .addOutput(value("y", FLOAT, DYNAMIC))
                .addOutput(value("u", UINT16, DYNAMIC))
                .addNode(node("Identity", "x", "y"))
                .addNode(cast));
    }

    /** out = Reshape(data, shape): fails at run time when the shape does not fit the data. */
    static Path reshape(Path file) throws IOException {
        NodeProto reshape = NodeProto.newBuilder().setOpType("Reshape").addInput("data").addInput("shape")
                .addOutput("out").build();
        return write(file, graph("reshape")
                .addInput(value("data", FLOAT, DYNAMIC))
                .addInput(value("shape", INT64, 2L))
                .addOutput(value("out", FLOAT, DYNAMIC, DYNAMIC))
                .addNode(reshape));
    }

    private static GraphProto.Builder graph(String name) {
        return GraphProto.newBuilder().setName(name);
    }

    private static NodeProto node(String op, String input, String output) {
        return NodeProto.newBuilder().setOpType(op).addInput(input).addOutput(output).build();
    }

    static ValueInfoProto value(String name, int elemType, Long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            shape.addDim(dims[i] == null
                    ? TensorShapeProto.Dimension.newBuilder().setDimParam(name + "_dim" + i)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(dims[i]));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)))
                .build();
    }

    static Path write(Path file, GraphProto.Builder graph) throws IOException {
        ModelProto model = ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("modelgate-tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph)
                .build();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, model.toByteArray());
        return file;
    }
}

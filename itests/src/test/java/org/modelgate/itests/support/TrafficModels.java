package org.modelgate.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * Champions and challengers for traffic policies, written as ONNX graphs on the driver side: every one takes
 * {@code x} FP32 [1,4] and answers {@code y} FP32 [1,4].
 *
 * <ul>
 * <li>{@link Kind#DOUBLE}: {@code y = 2x}, the champion (microseconds);</li>
 * <li>{@link Kind#SLOW}: the same answer, after a chain of ten 384 x 384 matrix products that depend on the input
 *     and add exactly 0 (milliseconds: about 50 times the champion's p95 here, under load);</li>
 * <li>{@link Kind#SHIFTED}: {@code y = 2x + 0.5}, an answer that disagrees with the champion's;</li>
 * <li>{@link Kind#FAILING}: {@code y = 2x}, but it looks up {@code max(x)} in a table of 8 first, so ONNX Runtime
 *     fails every request whose largest input is 8 or more (Gather: index out of bounds).</li>
 * </ul>
 */
public final class TrafficModels {
    /** What a model does. */
    public enum Kind {
        /** y = 2x. */
        DOUBLE,
        /** y = 2x, slowly. */
        SLOW,
        /** y = 2x + 0.5. */
        SHIFTED,
        /** y = 2x, failing when max(x) &gt;= 8. */
        FAILING
    }

    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int SIZE = 384;
    private static final int PRODUCTS = 10;

    private TrafficModels() {
    }

    /**
     * Writes a version folder (model.onnx and model.json) into a repository.
     *
     * @param repository the repository
     * @param name the model name
     * @param version the version
     * @param kind what it does
     * @return the version folder
     */
    public static Path add(Path repository, String name, String version, Kind kind) {
        try {
            Path folder = Files.createDirectories(repository.resolve(name).resolve(version));
            Files.write(folder.resolve("model.onnx"), graph(kind).toByteArray());
            Files.writeString(folder.resolve("model.json"), "{\"name\": \"" + name + "\", \"version\": \"" + version
                    + "\", \"format\": \"onnx\", \"file\": \"model.onnx\"}\n", StandardCharsets.UTF_8);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ModelProto graph(Kind kind) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName(kind.name().toLowerCase())
                .addInput(floats("x")).addOutput(floats("y"))
                .addInitializer(scalar("two", 2f)).addInitializer(scalar("zero", 0f))
                .addNode(node("Mul", List.of("x", "two"), "doubled"));
        switch (kind) {
            case DOUBLE -> graph.addNode(node("Identity", List.of("doubled"), "y"));
            case SHIFTED -> graph.addInitializer(scalar("half", 0.5f)).addNode(node("Add", List.of("doubled", "half"), "y"));
            case SLOW -> {
                graph.addInitializer(identity("eye"));
                graph.addNode(node("ReduceSum", List.of("x"), "sum"));
                graph.addNode(node("Mul", List.of("eye", "sum"), "m0"));
                for (int i = 1; i <= PRODUCTS; i++) {
                    graph.addNode(node("MatMul", List.of("m" + (i - 1), "eye"), "m" + i));
                }
                graph.addNode(node("ReduceSum", List.of("m" + PRODUCTS), "total"));
                graph.addNode(node("Mul", List.of("total", "zero"), "nothing"));
                graph.addNode(node("Add", List.of("doubled", "nothing"), "y"));
            }
            case FAILING -> {
                graph.addInitializer(table("table", 8));
                graph.addNode(node("ReduceMax", List.of("x"), "max").toBuilder().addAttribute(AttributeProto.newBuilder()
                        .setName("keepdims").setType(AttributeProto.AttributeType.INT).setI(0)).build());
                graph.addNode(node("Cast", List.of("max"), "index").toBuilder().addAttribute(AttributeProto.newBuilder()
                        .setName("to").setType(AttributeProto.AttributeType.INT).setI(INT64)).build());
                graph.addNode(node("Gather", List.of("table", "index"), "looked_up"));
                graph.addNode(node("Mul", List.of("looked_up", "zero"), "nothing"));
                graph.addNode(node("Add", List.of("doubled", "nothing"), "y"));
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("modelgate-itests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(graph).build();
    }

    private static NodeProto node(String op, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output).build();
    }

    private static TensorProto scalar(String name, float value) {
        return TensorProto.newBuilder().setName(name).setDataType(FLOAT).addFloatData(value).build();
    }

    private static TensorProto table(String name, int n) {
        List<Float> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add((float) i);
        }
        return TensorProto.newBuilder().setName(name).setDataType(FLOAT).addDims(n).addAllFloatData(values).build();
    }

    private static TensorProto identity(String name) {
        ByteBuffer bytes = ByteBuffer.allocate(SIZE * SIZE * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < SIZE; r++) {
            for (int c = 0; c < SIZE; c++) {
                bytes.putFloat(r == c ? 1f : 0f);
            }
        }
        return TensorProto.newBuilder().setName(name).setDataType(FLOAT).addDims(SIZE).addDims(SIZE)
                .setRawData(ByteString.copyFrom(bytes.array())).build();
    }

    private static ValueInfoProto floats(String name) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(4)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape))).build();
    }
}

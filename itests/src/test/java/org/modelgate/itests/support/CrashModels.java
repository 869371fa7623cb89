package org.modelgate.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * Models that take a process down, written on the driver side before the container starts.
 *
 * <p>{@link #addIntegerDivision}: {@code y = a Div b} (or {@code Mod}) on INT32 {@code [1,4]}, two inputs.
 * ONNX Runtime 1.23.2 divides integers without a zero check, so a zero divisor raises SIGFPE inside
 * libonnxruntime.so and the JVM running it dies (seen here: "SIGFPE (0x8) ... C [libonnxruntime.so+0x5b5999]").
 * {@link #addCrashingModel}: a model for the test backend {@code org.modelgate.itests.crashing}, which calls
 * System.exit or Runtime.halt as its options say.
 */
public final class CrashModels {
    private static final int INT32 = 6;

    private CrashModels() {
    }

    /**
     * Adds an integer Div or Mod model.
     *
     * @param repository the repository
     * @param name the model name
     * @param version the version
     * @param op {@code Div} or {@code Mod}
     * @param golden the model.json {@code golden} array (JSON), or null for none
     * @param isolation {@code process}, {@code in-process}, or null for the gateway's default
     * @return the version folder
     */
    public static Path addIntegerDivision(Path repository, String name, String version, String op, String golden,
            String isolation) {
        NodeProto node = NodeProto.newBuilder().setOpType(op).addInput("a").addInput("b").addOutput("y").build();
        GraphProto graph = GraphProto.newBuilder().setName(op.toLowerCase())
                .addInput(int32("a")).addInput(int32("b")).addOutput(int32("y")).addNode(node).build();
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).setProducerName("modelgate-itests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(graph).build();
        try {
            Path folder = Files.createDirectories(repository.resolve(name).resolve(version));
            Files.write(folder.resolve("model.onnx"), model.toByteArray());
            write(folder, "{\"name\": \"" + name + "\", \"version\": \"" + version + "\", \"format\": \"onnx\", "
                    + "\"file\": \"model.onnx\"" + (isolation == null ? "" : ", \"isolation\": \"" + isolation + "\"")
                    + (golden == null ? "" : ", \"golden\": " + golden) + "}\n");
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A golden sample for the division models: inputs {@code a} and {@code b}, the expected {@code y}.
     *
     * @param a the dividends
     * @param b the divisors
     * @param y the expected quotients
     * @return one JSON object of a {@code golden} array
     */
    public static String divisionSample(int[] a, int[] b, int[] y) {
        return "{\"inputs\": [" + int32Tensor("a", a) + ", " + int32Tensor("b", b) + "], \"outputs\": [{\"name\": \"y\", "
                + "\"data\": " + java.util.Arrays.toString(y) + "}]}";
    }

    private static String int32Tensor(String name, int[] values) {
        return "{\"name\": \"" + name + "\", \"datatype\": \"INT32\", \"shape\": [1, 4], \"data\": "
                + java.util.Arrays.toString(values) + "}";
    }

    /**
     * Adds a model for the crashing test backend.
     *
     * @param repository the repository
     * @param name the model name
     * @param version the version
     * @param onLoad e.g. {@code exit:3}, or null
     * @param onRun e.g. {@code halt:5} or {@code exit-on-zero:7}, or null
     * @param isolation {@code process}, {@code in-process}, or null
     * @return the version folder
     */
    public static Path addCrashingModel(Path repository, String name, String version, String onLoad, String onRun,
            String isolation) {
        StringBuilder options = new StringBuilder();
        if (onLoad != null) {
            options.append("\"crash.load\": \"").append(onLoad).append('"');
        }
        if (onRun != null) {
            options.append(options.length() == 0 ? "" : ", ").append("\"crash.run\": \"").append(onRun).append('"');
        }
        try {
            Path folder = Files.createDirectories(repository.resolve(name).resolve(version));
            Files.writeString(folder.resolve("model.bin"), "the crashing backend reads nothing from here\n");
            write(folder, "{\"name\": \"" + name + "\", \"version\": \"" + version + "\", \"format\": \"crashing\", "
                    + "\"file\": \"model.bin\", \"options\": {" + options + "}"
                    + (isolation == null ? "" : ", \"isolation\": \"" + isolation + "\"") + "}\n");
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path folder, String json) throws IOException {
        Files.writeString(folder.resolve("model.json"), json, StandardCharsets.UTF_8);
    }

    private static ValueInfoProto int32(String name) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(4)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(INT32).setShape(shape))).build();
    }
}

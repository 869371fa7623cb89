package org.modelgate.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import org.modelgate.security.ModelSignatures;
import org.modelgate.security.SigningKey;

/**
 * The crash tests' model: y = a Div b on INT32 [1,4] (ONNX Runtime raises SIGFPE on a zero divisor), with a golden
 * sample that divides by two, installed signed by a key the distribution's trust store is given.
 */
final class DivisionModel {
    private DivisionModel() {
    }

    /** Writes {@code models/<name>/<version>} into the home, signed by a new key trusted in etc/trust/model-signer. */
    static void install(Path home, String name, String version) throws Exception {
        SigningKey key = trustedSigningKey(home);
        Path folder = Files.createDirectories(home.resolve("models").resolve(name).resolve(version));
        write(folder.resolve("model.onnx"));
        Files.writeString(folder.resolve("model.json"), "{\"name\": \"" + name + "\", \"version\": \"" + version + "\","
                + " \"format\": \"onnx\", \"file\": \"model.onnx\", \"golden\": [{\"inputs\": ["
                + "{\"name\": \"a\", \"datatype\": \"INT32\", \"shape\": [1, 4], \"data\": [2, 4, 6, 8]},"
                + "{\"name\": \"b\", \"datatype\": \"INT32\", \"shape\": [1, 4], \"data\": [2, 2, 2, 2]}],"
                + " \"outputs\": [{\"name\": \"y\", \"data\": [1, 2, 3, 4]}]}]}\n");
        ModelSignatures.signer(key).sign(folder);
    }

    /** An OIP request dividing a by b. */
    static String request(int[] a, int[] b) {
        return "{\"inputs\":[{\"name\":\"a\",\"shape\":[1,4],\"datatype\":\"INT32\",\"data\":" + java.util.Arrays.toString(a)
                + "},{\"name\":\"b\",\"shape\":[1,4],\"datatype\":\"INT32\",\"data\":" + java.util.Arrays.toString(b) + "}]}";
    }

    static SigningKey trustedSigningKey(Path home) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Path signers = Files.createDirectories(home.resolve("etc/trust/model-signer"));
        Files.writeString(signers.resolve("crash-it.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        return new SigningKey(pair.getPrivate(), pair.getPublic());
    }

    private static void write(Path file) throws IOException {
        NodeProto div = NodeProto.newBuilder().setOpType("Div").addInput("a").addInput("b").addOutput("y").build();
        GraphProto graph = GraphProto.newBuilder().setName("div").addInput(int32("a")).addInput(int32("b"))
                .addOutput(int32("y")).addNode(div).build();
        Files.write(file, ModelProto.newBuilder().setIrVersion(8).setProducerName("modelgate-it")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(graph).build()
                .toByteArray());
    }

    private static ValueInfoProto int32(String name) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(4)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(6).setShape(shape))).build();
    }
}

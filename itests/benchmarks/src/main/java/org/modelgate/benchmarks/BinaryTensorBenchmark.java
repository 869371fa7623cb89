package org.modelgate.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.Tensor;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.core.internal.ModelRegistryService;
import org.modelgate.oip.OipCodec;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * {@code -Dbench=rest-binary}: Triton's binary tensor data extension against JSON and against in-process, over real
 * HTTP (the OIP servlet in an embedded Jetty 11, a keep-alive HTTP/1.1 client on loopback), one registry behind both:
 * an OCR detector-sized tensor (FP32 [1,3,320,320] in, the same out, through an Identity graph written here) and
 * MiniLM int8 at seq 32 (96 int64 in, 12,288 floats out).
 */
final class BinaryTensorBenchmark {
    static final String OCR = "ocr-identity";
    static final long[] OCR_SHAPE = {1, 3, 320, 320};

    private final int rounds;
    private final int block;

    BinaryTensorBenchmark(int rounds, int block) {
        this.rounds = rounds;
        this.block = block;
    }

    String run(Path work) throws Exception {
        Path repository = work.resolve("binary-models");
        MiniLm.install(repository, "minilm-int8", MiniLm.INT8, InProcessBenchmark.THREADS_1);
        writeIdentity(repository, OCR);
        ModelRegistryService registry = new ModelRegistryService();
        Components.bind(registry, "addBackend", Components.construct(OnnxRuntimeBackend.class, InProcessBenchmark.BACKEND_THREADS_1),
                Map.of("service.id", 1L));
        Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false));
        registry.load("minilm-int8");
        registry.load(OCR);

        ReportTable table = new ReportTable("in-process", "OIP REST");
        StringBuilder sizes = new StringBuilder();
        try (EmbeddedOipServer server = new EmbeddedOipServer(registry, registry);
                KeepAliveHttpClient client = new KeepAliveHttpClient(server.port)) {
            float[] pixels = new float[3 * 320 * 320];
            Random random = new Random(7);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextFloat() * 2 - 1;
            }
            Tensor image = Tensor.ofFloats("x", OCR_SHAPE, pixels);
            InferenceRequest ocrRequest = InferenceRequest.of(image);
            byte[] ocrJson = jsonRequest(image);
            String ocrHeader = "{\"inputs\":[" + binaryInput(image) + "],\"parameters\":{\"binary_data_output\":true}}";
            byte[] ocrBinary = binaryBody(ocrHeader, image);
            int ocrHeaderLength = ocrHeader.getBytes(StandardCharsets.UTF_8).length;
            String ocrPath = "/v2/models/" + OCR + "/infer";
            int ocrBlock = Math.max(1, block / 5);
            byte[] ocrJsonReply = client.post(ocrPath, ocrJson);
            byte[] ocrBinaryReply = client.postBinary(ocrPath, ocrBinary, ocrHeaderLength);
            byte[] sent = bytes(image);
            if (!java.util.Arrays.equals(ocrBinaryReply, ocrBinaryReply.length - sent.length, ocrBinaryReply.length, sent, 0, sent.length)) {
                throw new IllegalStateException("the binary reply's tensor bytes differ from the input's (Identity graph)");
            }
            LatencySamples[] ocr = Interleaved.run(20, rounds, ocrBlock,
                    () -> registry.infer(OCR, ocrRequest),
                    () -> client.post(ocrPath, ocrJson),
                    () -> client.postBinary(ocrPath, ocrBinary, ocrHeaderLength));
            table.row("OCR-sized FP32 [1,3,320,320] in and out (Identity), JSON", ocr[0], ocr[1]);
            table.row("OCR-sized FP32 [1,3,320,320] in and out (Identity), binary tensor data", ocr[0], ocr[2]);
            sizes.append(String.format(Locale.ROOT, "%n| OCR-sized bodies | JSON request %.2f MB, response %.2f MB | binary request %.2f MB, response %.2f MB |%n",
                    ocrJson.length / 1e6, ocrJsonReply.length / 1e6, ocrBinary.length / 1e6, ocrBinaryReply.length / 1e6));
            sizes.append(String.format(Locale.ROOT, "| OCR-sized heap allocated per request (all threads) | in-process %.2f MB | JSON %.2f MB | binary %.2f MB |%n",
                    Allocations.perCall(20, () -> registry.infer(OCR, ocrRequest)) / 1e6,
                    Allocations.perCall(20, () -> client.post(ocrPath, ocrJson)) / 1e6,
                    Allocations.perCall(20, () -> client.postBinary(ocrPath, ocrBinary, ocrHeaderLength)) / 1e6));
            sizes.append(String.format(Locale.ROOT, "| OCR-sized CPU per request (all JVM threads, median of 5 x 20) | in-process %.3f ms | JSON %.3f ms | binary %.3f ms |%n",
                    cpuMillis(20, () -> registry.infer(OCR, ocrRequest)),
                    cpuMillis(20, () -> client.post(ocrPath, ocrJson)),
                    cpuMillis(20, () -> client.postBinary(ocrPath, ocrBinary, ocrHeaderLength))));

            InferenceRequest miniRequest = GatewayBenchmark.miniLmRequest(32);
            byte[] miniJson = GatewayBenchmark.miniLmJson(32);
            StringBuilder inputs = new StringBuilder();
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            for (Tensor input : miniRequest.inputs()) {
                inputs.append(inputs.length() == 0 ? "" : ",").append(binaryInput(input));
                raw.writeBytes(bytes(input));
            }
            String miniHeader = "{\"inputs\":[" + inputs + "],\"parameters\":{\"binary_data_output\":true}}";
            byte[] miniBinary = concat(miniHeader.getBytes(StandardCharsets.UTF_8), raw.toByteArray());
            int miniHeaderLength = miniHeader.getBytes(StandardCharsets.UTF_8).length;
            String miniPath = "/v2/models/minilm-int8/infer";
            byte[] miniJsonReply = client.post(miniPath, miniJson);
            byte[] miniBinaryReply = client.postBinary(miniPath, miniBinary, miniHeaderLength);
            LatencySamples[] mini = Interleaved.run(100, rounds, block,
                    () -> registry.infer("minilm-int8", miniRequest),
                    () -> client.post(miniPath, miniJson),
                    () -> client.postBinary(miniPath, miniBinary, miniHeaderLength));
            table.row("MiniLM int8 seq 32 (96 int64 in, 12288 floats out), JSON", mini[0], mini[1]);
            table.row("MiniLM int8 seq 32, binary tensor data in and out", mini[0], mini[2]);
            sizes.append(String.format(Locale.ROOT, "| MiniLM bodies | JSON request %d B, response %d B | binary request %d B, response %d B |%n",
                    miniJson.length, miniJsonReply.length, miniBinary.length, miniBinaryReply.length));
            sizes.append(String.format(Locale.ROOT, "| MiniLM heap allocated per request (all threads) | in-process %d kB | JSON %d kB | binary %d kB |%n",
                    Allocations.perCall(200, () -> registry.infer("minilm-int8", miniRequest)) / 1000,
                    Allocations.perCall(200, () -> client.post(miniPath, miniJson)) / 1000,
                    Allocations.perCall(200, () -> client.postBinary(miniPath, miniBinary, miniHeaderLength)) / 1000));
            double miniInProcess = cpuMillis(200, () -> registry.infer("minilm-int8", miniRequest));
            double miniJsonCpu = cpuMillis(200, () -> client.post(miniPath, miniJson));
            double miniBinaryCpu = cpuMillis(200, () -> client.postBinary(miniPath, miniBinary, miniHeaderLength));
            sizes.append(String.format(Locale.ROOT, "| MiniLM CPU per request (all JVM threads, median of 5 x 200) | in-process %.3f ms | JSON %.3f ms (%+.3f) | binary %.3f ms (%+.3f) |%n",
                    miniInProcess, miniJsonCpu, miniJsonCpu - miniInProcess, miniBinaryCpu, miniBinaryCpu - miniInProcess));
        }
        return table + sizes.toString();
    }

    /** The median of five measurements of CPU ms per call. */
    static double cpuMillis(int calls, Interleaved.Side side) throws Exception {
        long[] runs = new long[5];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = Allocations.cpuNanosPerCall(calls, side);
        }
        java.util.Arrays.sort(runs);
        return runs[runs.length / 2] / 1e6;
    }

    static byte[] jsonRequest(Tensor tensor) {
        String outputs = OipCodec.toJson(new org.modelgate.api.InferenceResponse("m", null, null, java.util.List.of(tensor)));
        return ("{\"inputs\":" + outputs.substring(outputs.indexOf('[', outputs.indexOf("\"outputs\""))))
                .getBytes(StandardCharsets.UTF_8);
    }

    static String binaryInput(Tensor tensor) {
        StringBuilder dims = new StringBuilder();
        for (long dim : tensor.shape()) {
            dims.append(dims.length() == 0 ? "" : ",").append(dim);
        }
        return "{\"name\":\"" + tensor.name() + "\",\"shape\":[" + dims + "],\"datatype\":\"" + tensor.dataType()
                + "\",\"parameters\":{\"binary_data_size\":" + tensor.buffer().remaining() + "}}";
    }

    static byte[] binaryBody(String header, Tensor tensor) {
        return concat(header.getBytes(StandardCharsets.UTF_8), bytes(tensor));
    }

    static byte[] bytes(Tensor tensor) {
        ByteBuffer buffer = tensor.buffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** y = Identity(x), FP32 [1,3,320,320], with its model.json, one intra-op thread. */
    static void writeIdentity(Path repository, String name) throws Exception {
        Path dir = Files.createDirectories(repository.resolve(name).resolve("1.0.0"));
        GraphProto graph = GraphProto.newBuilder().setName("identity")
                .addInput(value("x")).addOutput(value("y"))
                .addNode(NodeProto.newBuilder().setOpType("Identity").addInput("x").addOutput("y"))
                .build();
        Files.write(dir.resolve("model.onnx"), ModelProto.newBuilder().setIrVersion(8).setProducerName("modelgate-bench")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(graph).build()
                .toByteArray());
        Files.writeString(dir.resolve("model.json"), "{\"name\":\"" + name + "\",\"version\":\"1.0.0\",\"format\":\"onnx\","
                + "\"file\":\"model.onnx\",\"options\":" + InProcessBenchmark.THREADS_1 + "}");
    }

    private static ValueInfoProto value(String name) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long dim : OCR_SHAPE) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }
}

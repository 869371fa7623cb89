package org.modelgate.benchmarks;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.Tensor;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.core.internal.ModelRegistryService;
import org.modelgate.grpc.internal.GrpcConfig;
import org.modelgate.grpc.internal.GrpcServerFactory;
import org.modelgate.grpc.internal.InferenceGrpcService;
import org.modelgate.grpc.internal.proto.GRPCInferenceServiceGrpc;
import org.modelgate.grpc.internal.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import org.modelgate.grpc.internal.proto.ModelInferRequest;
import org.modelgate.oip.InferenceStatistics;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * {@code -Dbench=grpc}: the gRPC service (org.modelgate.grpc, Netty, plaintext HTTP/2 on loopback, grpc-java's blocking
 * client) against in-process and against REST with binary tensor data (the OIP servlet in embedded Jetty 11, the
 * keep-alive HTTP/1.1 client of {@code -Dbench=rest-binary}), interleaved in one run over one registry: the OCR
 * detector-sized Identity (FP32 [1,3,320,320] in and out) and MiniLM int8 seq 32 (96 int64 in, 12,288 floats out).
 */
final class GrpcBenchmark {
    private final int rounds;
    private final int block;

    GrpcBenchmark(int rounds, int block) {
        this.rounds = rounds;
        this.block = block;
    }

    String run(Path work) throws Exception {
        Path repository = work.resolve("grpc-models");
        MiniLm.install(repository, "minilm-int8", MiniLm.INT8, InProcessBenchmark.THREADS_1);
        BinaryTensorBenchmark.writeIdentity(repository, BinaryTensorBenchmark.OCR);
        ModelRegistryService registry = new ModelRegistryService();
        Components.bind(registry, "addBackend", Components.construct(OnnxRuntimeBackend.class, InProcessBenchmark.BACKEND_THREADS_1),
                Map.of("service.id", 1L));
        Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false));
        registry.load("minilm-int8");
        registry.load(BinaryTensorBenchmark.OCR);

        ReportTable table = new ReportTable("in-process", "transport");
        StringBuilder notes = new StringBuilder();
        InferenceStatistics grpcStatistics = new InferenceStatistics();
        InferenceStatistics restStatistics = new InferenceStatistics();
        Server server = GrpcServerFactory.start(config(), new InferenceGrpcService(registry, registry, grpcStatistics, "bench"));
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024).build();
        GRPCInferenceServiceBlockingStub grpc = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        try (EmbeddedOipServer rest = new EmbeddedOipServer(registry, registry, restStatistics);
                KeepAliveHttpClient http = new KeepAliveHttpClient(rest.port)) {
            float[] pixels = new float[3 * 320 * 320];
            Random random = new Random(7);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextFloat() * 2 - 1;
            }
            Tensor image = Tensor.ofFloats("x", BinaryTensorBenchmark.OCR_SHAPE, pixels);
            InferenceRequest ocrRequest = InferenceRequest.of(image);
            String ocrHeader = "{\"inputs\":[" + BinaryTensorBenchmark.binaryInput(image)
                    + "],\"parameters\":{\"binary_data_output\":true}}";
            byte[] ocrBinary = BinaryTensorBenchmark.binaryBody(ocrHeader, image);
            int ocrHeaderLength = ocrHeader.getBytes(StandardCharsets.UTF_8).length;
            String ocrPath = "/v2/models/" + BinaryTensorBenchmark.OCR + "/infer";
            ModelInferRequest ocrGrpc = grpcRequest(BinaryTensorBenchmark.OCR, new Tensor[] {image});
            ByteString echoed = grpc.modelInfer(ocrGrpc).getRawOutputContents(0);
            if (!echoed.equals(ocrGrpc.getRawInputContents(0))) {
                throw new IllegalStateException("the gRPC reply's tensor bytes differ from the input's (Identity graph)");
            }
            int ocrBlock = Math.max(1, block / 5);
            LatencySamples[] ocr = Interleaved.run(20, rounds, ocrBlock,
                    () -> registry.infer(BinaryTensorBenchmark.OCR, ocrRequest),
                    () -> http.postBinary(ocrPath, ocrBinary, ocrHeaderLength),
                    () -> grpc.modelInfer(ocrGrpc));
            table.row("OCR-sized FP32 [1,3,320,320] in and out (Identity), REST binary tensor data", ocr[0], ocr[1]);
            table.row("OCR-sized FP32 [1,3,320,320] in and out (Identity), gRPC raw contents", ocr[0], ocr[2]);
            notes.append(String.format(Locale.ROOT, "%n| OCR-sized messages | REST binary request %.2f MB | gRPC request %.2f MB |%n",
                    ocrBinary.length / 1e6, ocrGrpc.getSerializedSize() / 1e6));
            notes.append(String.format(Locale.ROOT, "| OCR-sized heap allocated per request (all threads) | in-process %.2f MB | REST binary %.2f MB | gRPC %.2f MB |%n",
                    Allocations.perCall(20, () -> registry.infer(BinaryTensorBenchmark.OCR, ocrRequest)) / 1e6,
                    Allocations.perCall(20, () -> http.postBinary(ocrPath, ocrBinary, ocrHeaderLength)) / 1e6,
                    Allocations.perCall(20, () -> grpc.modelInfer(ocrGrpc)) / 1e6));
            notes.append(String.format(Locale.ROOT, "| OCR-sized CPU per request (all JVM threads, median of 5 x 20) | in-process %.3f ms | REST binary %.3f ms | gRPC %.3f ms |%n",
                    BinaryTensorBenchmark.cpuMillis(20, () -> registry.infer(BinaryTensorBenchmark.OCR, ocrRequest)),
                    BinaryTensorBenchmark.cpuMillis(20, () -> http.postBinary(ocrPath, ocrBinary, ocrHeaderLength)),
                    BinaryTensorBenchmark.cpuMillis(20, () -> grpc.modelInfer(ocrGrpc))));

            InferenceRequest miniRequest = GatewayBenchmark.miniLmRequest(32);
            StringBuilder inputs = new StringBuilder();
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            for (Tensor input : miniRequest.inputs()) {
                inputs.append(inputs.length() == 0 ? "" : ",").append(BinaryTensorBenchmark.binaryInput(input));
                raw.writeBytes(BinaryTensorBenchmark.bytes(input));
            }
            String miniHeader = "{\"inputs\":[" + inputs + "],\"parameters\":{\"binary_data_output\":true}}";
            byte[] miniBinary = BinaryTensorBenchmark.concat(miniHeader.getBytes(StandardCharsets.UTF_8), raw.toByteArray());
            int miniHeaderLength = miniHeader.getBytes(StandardCharsets.UTF_8).length;
            String miniPath = "/v2/models/minilm-int8/infer";
            ModelInferRequest miniGrpc = grpcRequest("minilm-int8", miniRequest.inputs().toArray(Tensor[]::new));
            ServerSide restBefore = ServerSide.of(restStatistics, registry);
            ServerSide grpcBefore = ServerSide.of(grpcStatistics, registry);
            LatencySamples[] mini = Interleaved.run(100, rounds, block,
                    () -> registry.infer("minilm-int8", miniRequest),
                    () -> http.postBinary(miniPath, miniBinary, miniHeaderLength),
                    () -> grpc.modelInfer(miniGrpc));
            ServerSide restSide = ServerSide.of(restStatistics, registry).minus(restBefore);
            ServerSide grpcSide = ServerSide.of(grpcStatistics, registry).minus(grpcBefore);
            notes.append(String.format(Locale.ROOT, "| MiniLM per request, the model's run (the statistics extension's compute_infer, mean) | in-process (whole call, mean) %.3f ms | REST binary %.3f ms | gRPC %.3f ms |%n",
                    mini[0].meanMillis(), restSide.inferMillis(), grpcSide.inferMillis()));
            notes.append(String.format(Locale.ROOT, "| MiniLM per request, the server's whole call (success, mean) | - | REST binary %.3f ms | gRPC %.3f ms |%n",
                    restSide.callMillis(), grpcSide.callMillis()));
            table.row("MiniLM int8 seq 32, REST binary tensor data in and out", mini[0], mini[1]);
            table.row("MiniLM int8 seq 32, gRPC raw contents in and out", mini[0], mini[2]);
            double inProcess = BinaryTensorBenchmark.cpuMillis(200, () -> registry.infer("minilm-int8", miniRequest));
            double restCpu = BinaryTensorBenchmark.cpuMillis(200, () -> http.postBinary(miniPath, miniBinary, miniHeaderLength));
            double grpcCpu = BinaryTensorBenchmark.cpuMillis(200, () -> grpc.modelInfer(miniGrpc));
            notes.append(String.format(Locale.ROOT, "| MiniLM heap allocated per request (all threads) | in-process %d kB | REST binary %d kB | gRPC %d kB |%n",
                    Allocations.perCall(200, () -> registry.infer("minilm-int8", miniRequest)) / 1000,
                    Allocations.perCall(200, () -> http.postBinary(miniPath, miniBinary, miniHeaderLength)) / 1000,
                    Allocations.perCall(200, () -> grpc.modelInfer(miniGrpc)) / 1000));
            notes.append(String.format(Locale.ROOT, "| MiniLM CPU per request (all JVM threads, median of 5 x 200) | in-process %.3f ms | REST binary %.3f ms (%+.3f) | gRPC %.3f ms (%+.3f) |%n",
                    inProcess, restCpu, restCpu - inProcess, grpcCpu, grpcCpu - inProcess));
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        return table + notes.toString();
    }

    /** MiniLM's success and compute_infer totals in a transport's statistics table. */
    private record ServerSide(long calls, long callNanos, long infers, long inferNanos) {
        static ServerSide of(InferenceStatistics statistics, ModelRegistryService registry) {
            Map<?, ?> stats = (Map<?, ?>) statistics.modelStats(registry, "minilm-int8", null).get(0).get("inference_stats");
            Map<?, ?> success = (Map<?, ?>) stats.get("success");
            Map<?, ?> infer = (Map<?, ?>) stats.get("compute_infer");
            return new ServerSide(((Number) success.get("count")).longValue(), ((Number) success.get("ns")).longValue(),
                    ((Number) infer.get("count")).longValue(), ((Number) infer.get("ns")).longValue());
        }

        ServerSide minus(ServerSide before) {
            return new ServerSide(calls - before.calls, callNanos - before.callNanos, infers - before.infers, inferNanos - before.inferNanos);
        }

        double callMillis() {
            return calls == 0 ? Double.NaN : callNanos / 1e6 / calls;
        }

        double inferMillis() {
            return infers == 0 ? Double.NaN : inferNanos / 1e6 / infers;
        }
    }

    /** The tensors as raw_input_contents, wrapped (no copy), as a Triton client sends them. */
    private static ModelInferRequest grpcRequest(String model, Tensor[] tensors) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(model);
        for (Tensor tensor : tensors) {
            ModelInferRequest.InferInputTensor.Builder input = request.addInputsBuilder().setName(tensor.name())
                    .setDatatype(tensor.dataType().name());
            for (long dim : tensor.shape()) {
                input.addShape(dim);
            }
            request.addRawInputContents(UnsafeByteOperations.unsafeWrap(tensor.buffer()));
        }
        return request.build();
    }

    private static GrpcConfig config() {
        return new GrpcConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return GrpcConfig.class;
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return 0;
            }

            @Override
            public int maxMessageBytes() {
                return 64 * 1024 * 1024;
            }
        };
    }
}

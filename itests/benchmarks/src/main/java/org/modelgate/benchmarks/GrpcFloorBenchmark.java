package org.modelgate.benchmarks;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.modelgate.grpc.internal.proto.GRPCInferenceServiceGrpc;
import org.modelgate.grpc.internal.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import org.modelgate.grpc.internal.proto.ModelInferRequest;
import org.modelgate.grpc.internal.proto.ModelInferResponse;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * {@code -Dbench=grpc-floor}: what grpc-java itself costs per unary ModelInfer on loopback, without Modelgate or a
 * model: a handler that answers at once with an empty or a MiniLM-sized (49,152 bytes) raw output, and one that first
 * computes for 2 ms (a model's run, as far as the threads are concerned), each on grpc's default executor and on
 * Netty's event loop ({@code directExecutor}). The blocking client of {@code -Dbench=grpc}.
 */
final class GrpcFloorBenchmark {
    private static final int CALLS = 3000;

    String run() throws Exception {
        StringBuilder table = new StringBuilder(
                "| server handler | executor | p50 ms | p90 ms | p50 over the handler's own time |\n|---|---|---|---|---|\n");
        for (boolean direct : new boolean[] {false, true}) {
            for (int[] shape : new int[][] {{0, 0}, {49_152, 0}, {49_152, 2000}}) {
                double[] figures = measure(shape[0], shape[1], direct);
                table.append(String.format(Locale.ROOT, "| %s-byte output, %d µs of work | %s | %.3f | %.3f | +%.3f ms |%n",
                        shape[0], shape[1], direct ? "event loop (directExecutor)" : "grpc's default", figures[0], figures[1],
                        figures[0] - shape[1] / 1000.0));
            }
        }
        return table.toString();
    }

    private static double[] measure(int outputBytes, int workMicros, boolean direct) throws Exception {
        ByteBuffer output = ByteBuffer.allocateDirect(outputBytes);
        GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase service = new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
            @Override
            public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> reply) {
                work(workMicros);
                reply.onNext(ModelInferResponse.newBuilder().setModelName(request.getModelName())
                        .addRawOutputContents(UnsafeByteOperations.unsafeWrap(output.duplicate())).build());
                reply.onCompleted();
            }
        };
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service);
        if (direct) {
            builder.directExecutor();
        }
        Server server = builder.build().start();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024).build();
        try {
            GRPCInferenceServiceBlockingStub stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
            ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("floor")
                    .addRawInputContents(ByteString.copyFrom(new byte[768])).build(); // MiniLM seq 32's three int64 inputs
            long[] nanos = new long[CALLS];
            for (int round = 0; round < 3; round++) { // the first two warm up
                for (int i = 0; i < CALLS; i++) {
                    long start = System.nanoTime();
                    stub.modelInfer(request);
                    nanos[i] = System.nanoTime() - start;
                }
            }
            Arrays.sort(nanos);
            return new double[] {nanos[CALLS / 2] / 1e6, nanos[CALLS * 9 / 10] / 1e6};
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Computes (not sleeps) for the given time, as a model's run keeps its thread busy. */
    private static void work(int micros) {
        long end = System.nanoTime() + micros * 1000L;
        double x = 0;
        while (System.nanoTime() < end) {
            x += Math.sqrt(x + 1);
        }
        if (x < 0) {
            throw new IllegalStateException();
        }
    }
}

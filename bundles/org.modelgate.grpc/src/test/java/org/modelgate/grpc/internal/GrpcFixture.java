package org.modelgate.grpc.internal;

import java.lang.annotation.Annotation;
import java.util.concurrent.TimeUnit;

import org.modelgate.grpc.internal.proto.GRPCInferenceServiceGrpc;
import org.modelgate.oip.InferenceStatistics;
import org.modelgate.grpc.internal.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * The gRPC service on a free loopback port over an {@link EchoGateway}, and grpc-java's own client for it.
 */
final class GrpcFixture implements AutoCloseable {
    final EchoGateway gateway = new EchoGateway();
    /** The table the service counts into, as REST's /stats reads it. */
    final InferenceStatistics statistics = new InferenceStatistics();
    final Server server;
    final ManagedChannel channel;
    final GRPCInferenceServiceBlockingStub client;

    GrpcFixture(int maxMessageBytes) {
        server = GrpcServerFactory.start(config("127.0.0.1", 0, maxMessageBytes),
                new InferenceGrpcService(gateway, gateway, statistics, "0.1.0.test"));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
                .maxInboundMessageSize(256 * 1024 * 1024).build();
        client = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    static GrpcConfig config(String host, int port, int maxMessageBytes) {
        return new GrpcConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return GrpcConfig.class;
            }

            @Override
            public String host() {
                return host;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public int maxMessageBytes() {
                return maxMessageBytes;
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
    }
}

package org.modelgate.grpc.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

/**
 * Builds and starts the gRPC server: the one place that knows the transport (Netty, HTTP/2 in plaintext or TLS 1.3)
 * and where the credential check is put in front of the service. The services it serves know nothing of it. Public for the benchmarks (the package
 * is not exported).
 */
public final class GrpcServerFactory {
    private GrpcServerFactory() {
    }

    /**
     * Starts a server on {@code host:port} serving {@code service}.
     *
     * @param config host, port and the message size limit
     * @param service what it serves
     * @return the started server ({@link Server#getPort()} is the bound port when the configured one is 0)
     * @throws UncheckedIOException when the port cannot be bound, naming it
     */
    public static Server start(GrpcConfig config, BindableService service) {
        return start(config, service, null, null);
    }

    /**
     * Starts a server with TLS and a call interceptor (access control).
     *
     * @param config host, port and the message size limit
     * @param service what it serves
     * @param tls the TLS context, or null for plaintext HTTP/2
     * @param interceptor run before every call, or null
     * @return the started server
     * @throws UncheckedIOException when the port cannot be bound, naming it
     */
    public static Server start(GrpcConfig config, BindableService service, SslContext tls, ServerInterceptor interceptor) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
                .maxInboundMessageSize(config.maxMessageBytes());
        if (tls != null) {
            builder.sslContext(tls);
        }
        Server server = (interceptor == null ? builder.addService(service)
                : builder.addService(ServerInterceptors.intercept(service, interceptor))).build();
        try {
            return server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("gRPC cannot listen on " + config.host() + ":" + config.port()
                    + " (is another server there? set 'port' of PID " + GrpcConfig.PID + "): " + e.getMessage(), e);
        }
    }
}

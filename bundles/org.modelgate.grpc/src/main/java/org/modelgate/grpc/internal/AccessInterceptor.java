package org.modelgate.grpc.internal;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * The same credential check as REST, on every gRPC call before it reaches the service: inference, metadata and
 * readiness are the INFERENCE scope, everything else (repository index/load/unload, statistics, configuration) is
 * MANAGEMENT. The {@code authorization} metadata carries {@code Bearer TOKEN}; a client certificate comes from the TLS
 * session. A denial closes the call with UNAUTHENTICATED (no credential) or PERMISSION_DENIED and the reason; without
 * the access bundle every call goes on, as before.
 */
final class AccessInterceptor implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> INFERENCE = Set.of("ServerLive", "ServerReady", "ModelReady", "ServerMetadata",
            "ModelMetadata", "ModelInfer");
    private final Supplier<GrpcCallerCheck> check;

    AccessInterceptor(Supplier<GrpcCallerCheck> check) {
        this.check = check;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        GrpcCallerCheck now = check.get();
        if (now == null) {
            return next.startCall(call, headers);
        }
        String method = call.getMethodDescriptor().getFullMethodName();
        String bare = call.getMethodDescriptor().getBareMethodName();
        GrpcCallerCheck.Verdict verdict = now.check(!INFERENCE.contains(bare), method, headers.get(AUTHORIZATION),
                certificates(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)),
                String.valueOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
        if (verdict.allowed()) {
            return next.startCall(call, headers);
        }
        call.close((verdict.unauthenticated() ? Status.UNAUTHENTICATED : Status.PERMISSION_DENIED)
                .withDescription(verdict.reason()), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private static List<X509Certificate> certificates(SSLSession session) {
        List<X509Certificate> chain = new ArrayList<>();
        if (session == null) {
            return chain;
        }
        try {
            for (Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // no client certificate on this connection
        }
        return chain;
    }
}

package org.modelgate.grpc.internal;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the gRPC listener asks of access control, so that this bundle loads no access class unless the access bundle
 * is there (the import is optional): {@link GrpcAccessBridge} is the one implementation, a service while
 * {@code org.modelgate.access.AccessControl} runs.
 */
public interface GrpcCallerCheck {
    /**
     * A decision.
     *
     * @param allowed whether the call goes on
     * @param unauthenticated for a denial: no usable credential (gRPC UNAUTHENTICATED), else PERMISSION_DENIED
     * @param reason why not
     */
    record Verdict(boolean allowed, boolean unauthenticated, String reason) {
    }

    /**
     * Decides on a call.
     *
     * @param management whether the method changes state or reads operational data
     * @param method the full gRPC method name
     * @param authorization the {@code authorization} metadata, or null
     * @param certificates the client's certificate chain from the TLS session, leaf first; empty for none
     * @param remote the peer's address
     * @return the decision
     */
    Verdict check(boolean management, String method, String authorization, List<X509Certificate> certificates, String remote);
}

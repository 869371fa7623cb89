package org.modelgate.access;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * One call to decide on: what it does and what the caller presented.
 *
 * @param scope what the call does
 * @param transport the listener, for the audit record: {@code rest}, {@code webconsole}, {@code grpc}
 * @param target what is called, for the reason and the audit record, e.g. {@code POST /v2/repository/models/iris/load}
 * @param authorization the {@code Authorization} header (or gRPC metadata) as sent, or null
 * @param clientCertificates the client's certificate chain the TLS handshake accepted, leaf first; empty for none
 * @param remoteAddress the caller's address, for the audit record
 */
public record AccessRequest(AccessScope scope, String transport, String target, String authorization,
        List<X509Certificate> clientCertificates, String remoteAddress) {
    /** Checks the fields: scope, transport and target are required; no certificates is an empty list. */
    public AccessRequest {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(target, "target");
        clientCertificates = clientCertificates == null ? List.of() : List.copyOf(clientCertificates);
    }
}

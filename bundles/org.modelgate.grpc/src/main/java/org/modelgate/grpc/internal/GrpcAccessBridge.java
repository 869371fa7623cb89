package org.modelgate.grpc.internal;

import java.security.cert.X509Certificate;
import java.util.List;

import org.modelgate.access.AccessControl;
import org.modelgate.access.AccessDecision;
import org.modelgate.access.AccessRequest;
import org.modelgate.access.AccessScope;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The access bundle's {@link AccessControl} as the gRPC listener's {@link GrpcCallerCheck}; the only class here that
 * touches {@code org.modelgate.access}.
 */
@Component(service = GrpcCallerCheck.class)
public class GrpcAccessBridge implements GrpcCallerCheck {
    private final AccessControl access;

    /**
     * Creates it.
     *
     * @param access the access control
     */
    @Activate
    public GrpcAccessBridge(@Reference AccessControl access) {
        this.access = access;
    }

    @Override
    public Verdict check(boolean management, String method, String authorization, List<X509Certificate> certificates,
            String remote) {
        AccessDecision decision = access.check(new AccessRequest(management ? AccessScope.MANAGEMENT : AccessScope.INFERENCE,
                "grpc", method, authorization, certificates, remote));
        return new Verdict(decision.allowed(), decision.httpStatus() == 401, decision.reason());
    }
}

package org.modelgate.webconsole.internal;

import java.security.cert.X509Certificate;
import java.util.List;

import org.modelgate.access.AccessControl;
import org.modelgate.access.AccessDecision;
import org.modelgate.access.AccessRequest;
import org.modelgate.access.AccessScope;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The access bundle's {@link AccessControl} as the console login's {@link GatewayCredentials}: the console is
 * management, so a token or certificate needs role {@code manage}. The only class here that touches
 * {@code org.modelgate.access}.
 */
@Component(service = GatewayCredentials.class)
public class AccessCredentials implements GatewayCredentials {
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    private final AccessControl access;

    /**
     * Creates it.
     *
     * @param access the access control
     */
    @Activate
    public AccessCredentials(@Reference AccessControl access) {
        this.access = access;
    }

    @Override
    public boolean presented(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0;
    }

    @Override
    public Outcome check(HttpServletRequest request) {
        Object chain = request.getAttribute(CERTIFICATES);
        List<X509Certificate> certificates = chain instanceof X509Certificate[] array ? List.of(array) : List.of();
        AccessDecision decision = access.check(new AccessRequest(AccessScope.MANAGEMENT, "webconsole",
                request.getMethod() + " " + request.getRequestURI(), request.getHeader("Authorization"), certificates,
                request.getRemoteAddr()));
        return new Outcome(decision.allowed() ? decision.principal() : null, decision.httpStatus(), decision.reason());
    }
}

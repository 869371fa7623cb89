package org.modelgate.rest.internal;

import java.io.IOException;
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
import jakarta.servlet.http.HttpServletResponse;

/**
 * The access bundle's {@link AccessControl} as the endpoints' {@link CallerCheck}: the bearer token and the client
 * certificate chain the TLS handshake accepted, decided on; a denial answered as {@code {"error": reason}}. The
 * only class here that touches {@code org.modelgate.access}.
 */
@Component(service = CallerCheck.class)
public class AccessBridge implements CallerCheck {
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    private final AccessControl access;

    /**
     * Creates it.
     *
     * @param access the access control
     */
    @Activate
    public AccessBridge(@Reference AccessControl access) {
        this.access = access;
    }

    @Override
    public boolean permits(boolean management, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Object chain = request.getAttribute(CERTIFICATES);
        List<X509Certificate> certificates = chain instanceof X509Certificate[] array ? List.of(array) : List.of();
        AccessDecision decision = access.check(new AccessRequest(management ? AccessScope.MANAGEMENT : AccessScope.INFERENCE,
                "rest", request.getMethod() + " " + request.getRequestURI(), request.getHeader("Authorization"),
                certificates, request.getRemoteAddr()));
        if (decision.allowed()) {
            request.setAttribute(PRINCIPAL, decision.principal());
            return true;
        }
        if (decision.httpStatus() == 401) {
            response.setHeader("WWW-Authenticate", AccessDecision.CHALLENGE);
        }
        Replies.error(response, decision.httpStatus(), decision.reason());
        return false;
    }
}

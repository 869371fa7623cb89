package org.modelgate.webconsole.internal;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The gateway's own credentials (bearer tokens of the token store, client certificates of the client CA) as the
 * console's login sees them, so that this bundle loads no access class unless the access bundle is there (the import
 * is optional): {@link AccessCredentials} is the one implementation, a service while
 * {@code org.modelgate.access.AccessControl} runs.
 */
public interface GatewayCredentials {
    /**
     * Whether the request carries such a credential at all: a Bearer {@code Authorization} or a client certificate.
     *
     * @param request the request
     * @return true when {@link #check} should decide
     */
    boolean presented(HttpServletRequest request);

    /**
     * Decides on the request as a management call.
     *
     * @param request the request
     * @return the decision
     */
    Outcome check(HttpServletRequest request);

    /**
     * A decision.
     *
     * @param principal who, when allowed ({@code token:NAME}, {@code cert:CN}); null when denied
     * @param status 200, or the HTTP status of the denial (401, 403)
     * @param reason why not
     */
    record Outcome(String principal, int status, String reason) {
    }
}

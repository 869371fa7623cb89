package org.modelgate.access;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides whether a call to one of the gateway's listeners may go on: a bearer token from the token store
 * ({@code etc/tokens}, hashed) or a client certificate issued by the configured client CA, with the role the
 * call's scope needs. Every denial is counted by its kind and audited; the caller answers it (401 with
 * {@link AccessDecision#CHALLENGE}, or 403, and the reason).
 *
 * <pre>
 * AccessDecision decision = access.check(new AccessRequest(AccessScope.MANAGEMENT, "rest",
 *         "POST /v2/repository/models/iris/load", request.getHeader("Authorization"), chain, request.getRemoteAddr()));
 * if (!decision.allowed()) {
 *     response.sendError(decision.httpStatus(), decision.reason());
 * }
 * </pre>
 */
@ProviderType
public interface AccessControl {
    /** The role that may call inference (and metadata, readiness) when inference is not open. */
    String ROLE_INFER = "infer";
    /** The role that may call management endpoints; it may call inference too. */
    String ROLE_MANAGE = "manage";

    /**
     * Decides on one call; counts and audits a denial. Never throws for a bad credential: that is a denial.
     *
     * @param request the call
     * @return the decision
     */
    AccessDecision check(AccessRequest request);

    /**
     * Returns the calls denied since the service started, by {@link AccessDecision.Verdict#label()}.
     *
     * @return counts per reason label (only reasons that occurred)
     */
    Map<String, Long> denied();
}

package org.modelgate.access.internal;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.modelgate.access.AccessControl;
import org.modelgate.access.AccessDecision;
import org.modelgate.access.AccessDecision.Verdict;
import org.modelgate.access.AccessRequest;
import org.modelgate.access.AccessScope;
import org.modelgate.audit.AuditLog;
import org.modelgate.security.KeyFileException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link AccessControl} of the gateway: a client certificate that validates to the client CA, else a bearer
 * token from the token store; the credential's roles against the scope's. Inference is open when configured so.
 * Denials are counted and written to the audit log (when the audit bundle runs) with the caller's address, the
 * target and the reason; the caller is never told more than the reason.
 */
@Component(configurationPid = AccessConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AccessConfig.class)
public final class AccessControlService implements AccessControl {
    private static final System.Logger LOG = System.getLogger(AccessControlService.class.getName());
    private static final String BEARER = "Bearer ";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;

    private final DeniedCalls denied = new DeniedCalls();
    private TokenStore tokens;
    private ClientCertificates certificates;
    private boolean inferenceOpen;
    private Set<String> certificateRoles;

    /** For DS. */
    public AccessControlService() {
    }

    /**
     * Outside DS (tests, a plain JVM): the same as a configuration would give.
     *
     * @param tokensFile the token store
     * @param clientCaFile the client CA (PEM), or null for none
     * @param inferenceOpen whether inference needs no credential
     * @param certificateRoles the roles of every client certificate of the CA
     * @throws KeyFileException when the CA file cannot be used
     */
    public AccessControlService(Path tokensFile, Path clientCaFile, boolean inferenceOpen, Set<String> certificateRoles)
            throws KeyFileException {
        configure(tokensFile, clientCaFile, inferenceOpen, certificateRoles);
    }

    @Activate
    void activate(AccessConfig config) throws KeyFileException {
        String ca = config.clientCaFile();
        configure(Path.of(config.tokensFile()), ca == null || ca.isBlank() ? null : Path.of(ca),
                config.inference() == AccessConfig.InferenceAccess.OPEN, Set.of(config.certificateRoles()));
        LOG.log(Level.INFO, "Access control: tokens from " + tokens.file() + ", client certificates "
                + (ca == null || ca.isBlank() ? "not accepted" : "of " + ca) + ", inference "
                + (inferenceOpen ? "open" : "needs a credential"));
    }

    private void configure(Path tokensFile, Path clientCaFile, boolean open, Set<String> roles) throws KeyFileException {
        tokens = new TokenStore(tokensFile);
        certificates = clientCaFile == null ? ClientCertificates.none() : ClientCertificates.of(clientCaFile);
        inferenceOpen = open;
        certificateRoles = Set.copyOf(roles);
    }

    @Override
    public AccessDecision check(AccessRequest request) {
        AccessDecision decision = decide(request);
        if (!decision.allowed()) {
            deny(request, decision);
        }
        return decision;
    }

    private AccessDecision decide(AccessRequest request) {
        if (request.scope() == AccessScope.INFERENCE && inferenceOpen) {
            return new AccessDecision(Verdict.ALLOWED, "anonymous", "");
        }
        String role = request.scope().role();
        if (!request.clientCertificates().isEmpty()) {
            X509Certificate leaf = request.clientCertificates().get(0);
            String principal = "cert:" + ClientCertificates.principal(leaf);
            String untrusted = certificates.whyUntrusted(request.clientCertificates());
            if (untrusted != null) {
                return new AccessDecision(Verdict.UNTRUSTED_CERTIFICATE, principal, untrusted);
            }
            return grants(certificateRoles, role) ? new AccessDecision(Verdict.ALLOWED, principal, "")
                    : insufficient(principal, role, request);
        }
        String authorization = request.authorization();
        if (authorization == null || authorization.isBlank()) {
            return new AccessDecision(Verdict.MISSING_CREDENTIAL, null, request.target() + " needs a credential with role "
                    + role + ": a bearer token (Authorization: Bearer TOKEN) or a client certificate");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.length() == BEARER.length()) {
            return new AccessDecision(Verdict.MALFORMED_CREDENTIAL, null,
                    "the Authorization header must be 'Bearer TOKEN'; other schemes are not accepted here");
        }
        Token token = tokens.match(authorization.substring(BEARER.length()).strip());
        if (token == null) {
            String problem = tokens.problem();
            return new AccessDecision(Verdict.UNKNOWN_TOKEN, null, problem == null
                    ? "the bearer token is not in the token store (revoked, mistyped, or of another gateway)"
                    : "no bearer token is accepted until the token store is fixed (the gateway log says what is wrong)");
        }
        String principal = "token:" + token.name();
        return grants(token.roles(), role) ? new AccessDecision(Verdict.ALLOWED, principal, "")
                : insufficient(principal, role, request);
    }

    private static boolean grants(Set<String> roles, String needed) {
        return roles.contains(needed) || roles.contains(ROLE_MANAGE); // manage may also infer
    }

    private static AccessDecision insufficient(String principal, String role, AccessRequest request) {
        return new AccessDecision(Verdict.INSUFFICIENT_ROLE, principal, principal + " may not call " + request.target()
                + ": it needs role " + role);
    }

    private void deny(AccessRequest request, AccessDecision decision) {
        denied.count(decision.verdict().label());
        AuditLog log = audit;
        if (log == null) {
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reason", decision.verdict().label());
        details.put("transport", request.transport());
        details.put("remote", String.valueOf(request.remoteAddress()));
        details.put("message", decision.reason());
        try {
            log.record(decision.principal() == null ? "anonymous" : decision.principal(), "access.denied",
                    request.target(), details);
        } catch (RuntimeException e) {
            // The denial stands; an audit log that cannot write says why in its own log.
            LOG.log(Level.WARNING, "cannot audit a denied call to " + request.target() + ": " + e);
        }
    }

    @Override
    public Map<String, Long> denied() {
        return denied.snapshot();
    }
}

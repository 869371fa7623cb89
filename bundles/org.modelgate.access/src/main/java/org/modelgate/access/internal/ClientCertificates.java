package org.modelgate.access.internal;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.modelgate.security.KeyFileException;
import org.modelgate.security.TlsKeyMaterial;

/**
 * Client certificates: a chain is trusted when it validates (PKIX, no revocation lists) to a CA of the client CA
 * file. The TLS handshake checks the same when the listener asks for certificates; this check holds also for a
 * listener that does not (and for gRPC). The principal is the leaf's subject CN.
 */
final class ClientCertificates {
    private final Set<TrustAnchor> anchors;

    private ClientCertificates(Set<TrustAnchor> anchors) {
        this.anchors = anchors;
    }

    /** No client CA configured: every certificate is untrusted. */
    static ClientCertificates none() {
        return new ClientCertificates(Set.of());
    }

    static ClientCertificates of(Path caFile) throws KeyFileException {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : TlsKeyMaterial.certificates(caFile)) {
            anchors.add(new TrustAnchor(ca, null));
        }
        return new ClientCertificates(anchors);
    }

    /**
     * Checks a chain.
     *
     * @return null when trusted, else why not
     */
    String whyUntrusted(List<X509Certificate> chain) {
        if (anchors.isEmpty()) {
            return "client certificates are not accepted here: no client CA is configured (clientCaFile)";
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain),
                    parameters);
            return null;
        } catch (GeneralSecurityException e) {
            return "the client certificate " + chain.get(0).getSubjectX500Principal().getName()
                    + " is not issued by the configured client CA (or has expired): " + e.getMessage();
        }
    }

    /** The leaf's subject CN, else its whole subject. */
    static String principal(X509Certificate leaf) {
        String subject = leaf.getSubjectX500Principal().getName();
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // fall back to the whole subject
        }
        return subject;
    }
}

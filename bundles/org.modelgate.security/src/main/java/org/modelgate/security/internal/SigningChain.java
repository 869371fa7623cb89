package org.modelgate.security.internal;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.SignatureProblem;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustedCa;

/**
 * Checks the certificates of a model_signing certificate-method bundle offline: the signing certificate must
 * chain, through the intermediates the bundle carries, to a CA of the trust store's {@code model-ca/}. The path
 * is put in order here (issuer by issuer, refusing loops) and validated by the JDK's PKIX
 * {@link CertPathValidator} at the given time; then revocations and the signing certificate's usage are checked.
 */
final class SigningChain {
    private static final int KEY_USAGE_DIGITAL_SIGNATURE = 0;
    private static final int KEY_USAGE_CERT_SIGN = 5;

    /**
     * A validated chain.
     *
     * @param path the signing certificate first, then the intermediates up to the CA (the CA excluded)
     * @param authority the trust store's CA it chains to
     */
    record Validated(List<X509Certificate> path, TrustedCa authority) {
        X509Certificate signingCertificate() {
            return path.get(0);
        }
    }

    private SigningChain() {
    }

    static Validated validate(List<byte[]> der, TrustStore trust, Date at) throws ModelSignatureException {
        List<X509Certificate> given = parse(der);
        X509Certificate leaf = given.get(0);
        if (!(leaf.getPublicKey() instanceof ECPublicKey)) {
            throw new ModelSignatureException(SignatureProblem.UNSUPPORTED_FORMAT, "the signing certificate '" + name(leaf)
                    + "' has a " + leaf.getPublicKey().getAlgorithm() + " key; model signatures use EC keys (P-256, P-384,"
                    + " P-521)", List.of());
        }
        List<TrustedCa> cas = trust.certificateAuthorities();
        if (cas.isEmpty()) {
            throw new ModelSignatureException(SignatureProblem.UNTRUSTED_CERTIFICATE, "model.sig is signed with the"
                    + " certificate '" + name(leaf) + "' but the trust store holds no CA under " + TrustStore.MODEL_CA_FOLDER
                    + "/; add the CA that issued it (its certificate, NAME.pem) to trust it", List.of());
        }
        for (TrustedCa ca : cas) {
            if (ca.certificate().equals(leaf)) {
                throw notForSigning(leaf, "is the CA '" + ca.id() + "' of the trust store itself; a CA issues signing"
                        + " certificates and signs nothing else");
            }
        }
        List<X509Certificate> path = order(leaf, given.subList(1, given.size()), cas);
        PKIXCertPathValidatorResult result = pkix(path, cas, at);
        TrustedCa authority = cas.stream().filter(ca -> ca.certificate().equals(result.getTrustAnchor().getTrustedCert()))
                .findFirst().orElseThrow(() -> new IllegalStateException("PKIX chose an anchor that is not in the store"));
        checkAuthorityValidity(authority, at);
        checkRevoked(path, authority, trust);
        checkUsage(leaf);
        return new Validated(List.copyOf(path), authority);
    }

    private static List<X509Certificate> parse(List<byte[]> der) throws ModelSignatureException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (int i = 0; i < der.size(); i++) {
            try {
                certificates.add(Certificates.fromDer(der.get(i)));
            } catch (CertificateException e) {
                throw new ModelSignatureException(SignatureProblem.MALFORMED_BUNDLE, "model.sig: certificate " + i
                        + " of verificationMaterial.x509CertificateChain is not an X.509 certificate: " + e.getMessage(),
                        List.of(), e);
            }
        }
        return certificates;
    }

    /**
     * Signing certificate, its issuer, that one's issuer... until a trusted CA issued the last one. An issuer is the
     * certificate named as issuer whose key verifies the signature: names alone repeat (the reference tool's test
     * signing certificate has the subject of its issuer).
     */
    private static List<X509Certificate> order(X509Certificate leaf, List<X509Certificate> intermediates, List<TrustedCa> cas)
            throws ModelSignatureException {
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        X509Certificate current = leaf;
        while (!issuedByAnchor(current, cas)) {
            X500Principal issuer = current.getIssuerX500Principal();
            if (issuedBy(current, current)) {
                throw new ModelSignatureException(SignatureProblem.UNTRUSTED_CERTIFICATE, "the chain of '" + name(leaf)
                        + "' ends at the self-signed '" + issuer.getName() + "', which is not a CA of the trust store's "
                        + TrustStore.MODEL_CA_FOLDER + "/ (" + names(cas) + "); add that CA to trust it", List.of());
            }
            X509Certificate from = current;
            X509Certificate next = intermediates.stream().filter(c -> c != from && issuedBy(from, c)).findFirst().orElse(null);
            if (next == null) {
                throw new ModelSignatureException(SignatureProblem.UNTRUSTED_CERTIFICATE, "'" + name(current)
                        + "' is issued by '" + issuer.getName() + "', which is neither a CA of the trust store's "
                        + TrustStore.MODEL_CA_FOLDER + "/ (" + names(cas) + ") nor in the chain model.sig carries; add"
                        + " the organisation's CA to " + TrustStore.MODEL_CA_FOLDER + "/, or sign with --chain naming"
                        + " the intermediates", List.of());
            }
            if (path.contains(next)) {
                throw new ModelSignatureException(SignatureProblem.UNTRUSTED_CERTIFICATE, "the certificate chain of '"
                        + name(leaf) + "' loops: '" + name(current) + "' is issued by '" + name(next)
                        + "', which comes earlier in the chain; it never reaches a CA of " + TrustStore.MODEL_CA_FOLDER
                        + "/", List.of());
            }
            path.add(next);
            current = next;
        }
        return path;
    }

    private static boolean issuedByAnchor(X509Certificate certificate, List<TrustedCa> cas) {
        return cas.stream().anyMatch(ca -> issuedBy(certificate, ca.certificate()));
    }

    /** Whether {@code issuer} is named as the certificate's issuer and its key verifies the certificate's signature. */
    private static boolean issuedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static PKIXCertPathValidatorResult pkix(List<X509Certificate> path, List<TrustedCa> cas, Date at)
            throws ModelSignatureException {
        Set<TrustAnchor> anchors = new HashSet<>();
        cas.forEach(ca -> anchors.add(new TrustAnchor(ca.certificate(), null)));
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false); // offline: revoked.txt is checked below
            parameters.setDate(at);
            return (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (CertPathValidatorException e) {
            int index = e.getIndex();
            String which = index >= 0 && index < path.size() ? "'" + name(path.get(index)) + "'" : "the chain";
            if (e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID) {
                X509Certificate c = index >= 0 && index < path.size() ? path.get(index) : path.get(0);
                throw new ModelSignatureException(SignatureProblem.EXPIRED_CERTIFICATE, "certificate " + which + " is valid"
                        + " from " + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant() + ", not at "
                        + at.toInstant() + " (certificates are checked at verification time); re-sign with a valid"
                        + " certificate", List.of(), e);
            }
            throw new ModelSignatureException(SignatureProblem.UNTRUSTED_CERTIFICATE, "the certificate chain of '"
                    + name(path.get(0)) + "' does not validate (PKIX) at " + which + ": " + e.getMessage(), List.of(), e);
        } catch (GeneralSecurityException e) {
            throw new ModelSignatureException(SignatureProblem.UNTRUSTED_CERTIFICATE, "the certificate chain of '"
                    + name(path.get(0)) + "' cannot be validated: " + e.getMessage(), List.of(), e);
        }
    }

    private static void checkAuthorityValidity(TrustedCa authority, Date at) throws ModelSignatureException {
        try {
            authority.certificate().checkValidity(at);
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            X509Certificate c = authority.certificate();
            throw new ModelSignatureException(SignatureProblem.EXPIRED_CERTIFICATE, "the CA '" + authority.id() + "' ("
                    + authority.subject() + ") is valid from " + c.getNotBefore().toInstant() + " to "
                    + c.getNotAfter().toInstant() + ", not at " + at.toInstant(), List.of(), e);
        }
    }

    private static void checkRevoked(List<X509Certificate> path, TrustedCa authority, TrustStore trust)
            throws ModelSignatureException {
        for (X509Certificate certificate : path) {
            if (trust.isRevoked(certificate)) {
                throw new ModelSignatureException(SignatureProblem.REVOKED_CERTIFICATE, "certificate '" + name(certificate)
                        + "' (serial " + Certificates.serial(certificate) + ", sha256 " + Certificates.fingerprint(certificate)
                        + ") is revoked in the trust store's revoked.txt", List.of());
            }
        }
        if (authority.revoked()) {
            throw new ModelSignatureException(SignatureProblem.REVOKED_CERTIFICATE, "the CA '" + authority.id() + "' ("
                    + authority.subject() + ") that issued the chain is revoked in the trust store's revoked.txt", List.of());
        }
    }

    /** Code signing, digital signature, and not a CA: what a model signer's certificate must say of itself. */
    private static void checkUsage(X509Certificate leaf) throws ModelSignatureException {
        boolean[] keyUsage = leaf.getKeyUsage();
        if (keyUsage != null && keyUsage.length > KEY_USAGE_CERT_SIGN && keyUsage[KEY_USAGE_CERT_SIGN]) {
            throw notForSigning(leaf, "is a CA certificate (key usage keyCertSign); sign models with a certificate the CA"
                    + " issued for code signing, not with the CA's own");
        }
        if (keyUsage != null && (keyUsage.length == 0 || !keyUsage[KEY_USAGE_DIGITAL_SIGNATURE])) {
            throw notForSigning(leaf, "has a key usage without digitalSignature");
        }
        List<String> extended;
        try {
            extended = leaf.getExtendedKeyUsage();
        } catch (java.security.cert.CertificateParsingException e) {
            throw notForSigning(leaf, "has an unreadable extended key usage: " + e.getMessage());
        }
        if (extended == null || !extended.contains(Certificates.CODE_SIGNING)) {
            throw notForSigning(leaf, "is not for code signing (its extended key usage "
                    + (extended == null ? "is absent" : "is " + extended) + "; it needs codeSigning, "
                    + Certificates.CODE_SIGNING + "); ask the CA for a code-signing certificate");
        }
    }

    private static ModelSignatureException notForSigning(X509Certificate leaf, String why) {
        return new ModelSignatureException(SignatureProblem.CERTIFICATE_NOT_FOR_SIGNING, "the signing certificate '"
                + name(leaf) + "' " + why, List.of());
    }

    private static String name(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    private static String names(List<TrustedCa> cas) {
        return String.join(", ", cas.stream().map(TrustedCa::id).toList());
    }
}

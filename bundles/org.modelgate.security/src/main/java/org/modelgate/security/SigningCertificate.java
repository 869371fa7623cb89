package org.modelgate.security;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.modelgate.security.internal.Certificates;

/**
 * The certificate a model signer signs with, and the certificates between it and the organisation's CA
 * (the intermediates), which go into {@code model.sig} so that a gateway trusting only the CA can verify offline.
 *
 * <pre>
 * SigningCertificate cert = SigningCertificate.fromPemFiles(Path.of("signer.pem"), Path.of("chain.pem"));
 * ModelSignatures.signer(SigningKey.fromPemFile(Path.of("signer.key.pem")), cert).sign(folder);
 * </pre>
 *
 * @param certificate the signing certificate (its public key is the signing key's)
 * @param chain the intermediates, issuer of {@code certificate} first; may be empty, may end with the root
 * @since 1.4
 */
public record SigningCertificate(X509Certificate certificate, List<X509Certificate> chain) {
    /** Copies the chain. */
    public SigningCertificate {
        Objects.requireNonNull(certificate, "certificate");
        chain = List.copyOf(chain);
    }

    /**
     * Reads the signing certificate and, optionally, the chain from PEM files ({@code BEGIN CERTIFICATE}).
     *
     * @param certificateFile one certificate
     * @param chainFile certificates of the chain, in order; null for none
     * @return the certificate and its chain
     * @throws KeyFileException when a file cannot be read or holds something else than X.509 certificates
     */
    public static SigningCertificate fromPemFiles(Path certificateFile, Path chainFile) throws KeyFileException {
        List<X509Certificate> leaf = Certificates.read(certificateFile);
        if (leaf.size() != 1) {
            throw new KeyFileException(certificateFile, "holds " + leaf.size() + " certificates; give the signing "
                    + "certificate alone here and the others with the chain", null);
        }
        List<X509Certificate> chain = chainFile == null ? List.of() : Certificates.read(chainFile);
        return new SigningCertificate(leaf.get(0), new ArrayList<>(chain));
    }

    /**
     * Returns the signer's subject, e.g. {@code EMAILADDRESS=models@acme.example,CN=Acme Model Release,O=Acme}.
     *
     * @return the subject distinguished name (RFC 2253, the e-mail attribute by name)
     */
    public String subject() {
        return certificate.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253,
                java.util.Map.of("1.2.840.113549.1.9.1", "EMAILADDRESS"));
    }
}

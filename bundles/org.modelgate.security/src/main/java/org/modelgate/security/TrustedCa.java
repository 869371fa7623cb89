package org.modelgate.security;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A certificate authority of the trust store ({@code model-ca/NAME.pem}): a model signed with a certificate
 * verifies when that certificate chains to one of these, offline.
 *
 * @param id the CA's name: its file name without {@code .pem}, e.g. {@code acme-root}
 * @param certificate the CA certificate (basic constraints CA)
 * @param fingerprint lowercase hex sha256 of the certificate's DER encoding, as {@code openssl x509 -fingerprint -sha256}
 *        prints it without colons
 * @param revoked true when {@code revoked.txt} lists the CA (its fingerprint, serial or name): nothing it issued verifies
 * @since 1.4
 */
public record TrustedCa(String id, X509Certificate certificate, String fingerprint, boolean revoked) {
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Checks the components. */
    public TrustedCa {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (!HEX_SHA256.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("fingerprint must be 64 lowercase hex digits, got '" + fingerprint + "'");
        }
    }

    /**
     * Returns the CA's subject, e.g. {@code CN=Acme Models CA,O=Acme}.
     *
     * @return the subject distinguished name (RFC 2253)
     */
    public String subject() {
        return certificate.getSubjectX500Principal().getName();
    }
}

package org.modelgate.security.internal;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.modelgate.security.KeyFileException;

/** X.509 certificates: reading PEM and DER, fingerprints, and the words a person recognises a signer by. */
public final class Certificates {
    private static final String CERTIFICATE = "CERTIFICATE";
    /** id-kp-codeSigning (RFC 5280, 4.2.1.12). */
    static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

    private Certificates() {
    }

    /**
     * Reads the certificates of a PEM file, in file order.
     *
     * @throws KeyFileException when the file holds another PEM block or a certificate the JDK cannot parse
     */
    public static List<X509Certificate> read(Path file) throws KeyFileException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (PemFile.Block block : PemFile.read(file)) {
            if (!block.type().equals(CERTIFICATE)) {
                throw new KeyFileException(file, "holds a '" + block.type() + "' block; expected -----BEGIN CERTIFICATE-----"
                        + " blocks only", null);
            }
            try {
                certificates.add(fromDer(block.der()));
            } catch (CertificateException e) {
                throw new KeyFileException(file, "holds a certificate that cannot be parsed: " + e.getMessage(), e);
            }
        }
        return certificates;
    }

    /** Parses one DER certificate. */
    static X509Certificate fromDer(byte[] der) throws CertificateException {
        Collection<? extends java.security.cert.Certificate> parsed = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(der));
        if (parsed.size() != 1) {
            throw new CertificateException("expected one certificate, found " + parsed.size());
        }
        return (X509Certificate) parsed.iterator().next();
    }

    /** sha256 of the DER encoding, lowercase hex. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            MessageDigest sha256 = Digests.newSha256();
            return HexFormat.of().formatHex(sha256.digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate has no encoding: " + e, e);
        }
    }

    /** The serial number in lowercase hex without leading zeros, as {@code openssl x509 -serial} prints it (lowercased). */
    public static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16).toLowerCase(Locale.ROOT);
    }

    /** The subject (RFC 2253) and its e-mail addresses from the subject alternative names, e.g. {@code CN=A,O=B <a@b>}. */
    public static String signerName(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253,
                java.util.Map.of("1.2.840.113549.1.9.1", "EMAILADDRESS"));
        List<String> emails = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() == 2 && Integer.valueOf(1).equals(name.get(0))) {
                        emails.add(String.valueOf(name.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // A signer is still named by its subject; the extension was checked when the chain validated.
        }
        return emails.isEmpty() ? subject : subject + " <" + String.join(", ", emails) + ">";
    }

    /** Whether the certificate is a CA: basic constraints cA true. */
    static boolean isCa(X509Certificate certificate) {
        return certificate.getBasicConstraints() >= 0;
    }
}

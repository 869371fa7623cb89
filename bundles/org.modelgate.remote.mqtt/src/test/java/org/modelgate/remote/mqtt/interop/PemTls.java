package org.modelgate.remote.mqtt.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS 1.3 for the tests' own Paho clients (controller, devices) from the PEM files of {@link TestCertificates},
 * with the JDK only: the trusted CA, the client's certificate and its PKCS#8 key.
 */
final class PemTls {
    private PemTls() {
    }

    /**
     * A TLS 1.3 socket factory that trusts one CA and presents one client certificate.
     *
     * @param caFile the trusted CA's certificate
     * @param identity the client's certificate and key
     * @return the factory
     */
    static SSLSocketFactory socketFactory(Path caFile, TestCertificates.Identity identity) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate(caFile));
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);

            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers(identity), trustManagers.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a TLS context from " + caFile + " and " + identity, e);
        }
    }

    /**
     * Key managers that present one identity's certificate.
     *
     * @param identity the certificate and key
     * @return the key managers
     * @throws GeneralSecurityException when the files are not a certificate and its key
     */
    static KeyManager[] keyManagers(TestCertificates.Identity identity) throws GeneralSecurityException {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = Keytool.STORE_PASSWORD.toCharArray();
            keys.setKeyEntry("identity", privateKey(identity.keyFile()), password,
                    new Certificate[] {certificate(identity.certFile())});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            return keyManagers.getKeyManagers();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey privateKey(Path pem) throws GeneralSecurityException {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String base64 = text.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        try {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        } catch (GeneralSecurityException notEc) {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        }
    }
}

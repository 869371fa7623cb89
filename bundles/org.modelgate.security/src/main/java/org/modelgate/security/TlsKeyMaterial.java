package org.modelgate.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;

import org.modelgate.security.internal.Certificates;
import org.modelgate.security.internal.PemFile;

/**
 * A TLS server's or client's key material from PEM files, as servers and clients built on the JDK want it: a
 * PKCS#12 key store with the key and its certificate chain, a trust store of CA certificates.
 *
 * <p>Used by the gateway's HTTPS listener (bundle org.modelgate.access), whose Jetty takes key stores only.
 *
 * <pre>
 * KeyStore keys = TlsKeyMaterial.keyStore(Path.of("etc/tls/server.crt.pem"), Path.of("etc/tls/server.key.pem"), password);
 * </pre>
 */
public final class TlsKeyMaterial {
    /** The alias of the key entry in {@link #keyStore}. */
    public static final String KEY_ALIAS = "server";

    private TlsKeyMaterial() {
    }

    /**
     * Reads the certificates of a PEM file, in file order.
     *
     * @param pemFile the file ({@code -----BEGIN CERTIFICATE-----} blocks only)
     * @return the certificates, at least one
     * @throws KeyFileException naming the file and what is wrong with it
     */
    public static List<X509Certificate> certificates(Path pemFile) throws KeyFileException {
        return Certificates.read(pemFile);
    }

    /**
     * Reads an unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}): EC, RSA or Ed25519.
     *
     * @param pemFile the file
     * @return the key
     * @throws KeyFileException naming the file and how to convert it when it holds another kind of block
     */
    public static PrivateKey privateKey(Path pemFile) throws KeyFileException {
        for (PemFile.Block block : PemFile.read(pemFile)) {
            if (!block.type().equals("PRIVATE KEY")) {
                continue;
            }
            for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(block.der()));
                } catch (GeneralSecurityException e) {
                    // try the next kind
                }
            }
            throw new KeyFileException(pemFile, "is not an EC, RSA or Ed25519 PKCS#8 private key", null);
        }
        throw new KeyFileException(pemFile, "holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert it:"
                + " openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem", null);
    }

    /**
     * Builds a PKCS#12 key store holding the private key under {@value #KEY_ALIAS} with its certificate chain.
     *
     * @param certFile the certificate, then any intermediates (PEM)
     * @param keyFile the PKCS#8 private key (PEM)
     * @param password the store's and the key's password
     * @return the key store, in memory
     * @throws KeyFileException when a file cannot be used, or the key does not belong to the certificate
     */
    public static KeyStore keyStore(Path certFile, Path keyFile, char[] password) throws KeyFileException {
        List<X509Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!key.getAlgorithm().equals(chain.get(0).getPublicKey().getAlgorithm())) {
            throw new KeyFileException(keyFile, "is a " + key.getAlgorithm() + " key but " + certFile + " certifies a "
                    + chain.get(0).getPublicKey().getAlgorithm() + " key: they do not belong together", null);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(KEY_ALIAS, key, password, chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyFileException(keyFile, "cannot be stored with " + certFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds a PKCS#12 trust store of the CA certificates in a PEM file.
     *
     * @param caFile the CA certificates (PEM)
     * @return the trust store, in memory (no password needed to read certificates)
     * @throws KeyFileException when the file cannot be used
     */
    public static KeyStore trustStore(Path caFile) throws KeyFileException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : certificates(caFile)) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyFileException(caFile, "cannot be made a trust store: " + e.getMessage(), e);
        }
    }
}

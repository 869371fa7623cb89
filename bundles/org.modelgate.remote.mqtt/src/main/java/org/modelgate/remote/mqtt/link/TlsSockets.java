package org.modelgate.remote.mqtt.link;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
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
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS 1.3 socket factory for {@code ssl://} brokers: the broker's certificate checked against the CA file (or the
 * JVM's default trust), a client certificate and key from PEM files when configured. Shared by the agent and the
 * fleet controller, which copies this package into its bundle (never exported).
 */
public final class TlsSockets {
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private TlsSockets() {
    }

    /**
     * Builds the factory.
     *
     * @param caFile the CA certificates (PEM) the broker's certificate must chain to, or null for the JVM's default trust
     * @param certFile the client certificate chain (PEM), or null for none
     * @param keyFile the client's PKCS#8 private key (PEM), or null for none
     * @return a factory whose sockets speak TLS 1.3 only
     * @throws IllegalArgumentException naming the file that cannot be used and why
     */
    public static SSLSocketFactory of(Path caFile, Path certFile, Path keyFile) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile != null) {
                KeyStore cas = KeyStore.getInstance("PKCS12");
                cas.load(null, null);
                int i = 0;
                for (Certificate cert : certificates(caFile, "caFile")) {
                    cas.setCertificateEntry("ca-" + i++, cert);
                }
                trust.init(cas);
            } else {
                trust.init((KeyStore) null);
            }
            KeyManagerFactory keys = null;
            if (certFile != null) {
                KeyStore client = KeyStore.getInstance("PKCS12");
                client.load(null, null);
                Collection<? extends Certificate> chain = certificates(certFile, "certFile");
                client.setKeyEntry("client", privateKey(keyFile), new char[0], chain.toArray(new Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(client, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new Tls13Only(context.getSocketFactory());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("TLS settings cannot be used: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(Path file, String property)
            throws IOException, GeneralSecurityException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(property + " " + file + " does not exist");
        }
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(property + " " + file + " holds no PEM certificate");
            }
            return certs;
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("keyFile " + file + " does not exist");
        }
        Matcher m = PRIVATE_KEY.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new IllegalArgumentException("keyFile " + file + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE"
                    + " KEY-----); convert it: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next kind
            }
        }
        throw new IllegalArgumentException("keyFile " + file + " is not an EC, RSA or Ed25519 private key");
    }

    /** Sockets with TLS 1.3 enabled and nothing older. */
    private static final class Tls13Only extends SSLSocketFactory {
        private static final String[] PROTOCOLS = {"TLSv1.3"};
        private final SSLSocketFactory delegate;

        Tls13Only(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private Socket only13(Socket socket) {
            if (socket instanceof SSLSocket ssl) {
                ssl.setEnabledProtocols(PROTOCOLS);
            }
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return only13(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return only13(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return only13(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return only13(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return only13(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return only13(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}

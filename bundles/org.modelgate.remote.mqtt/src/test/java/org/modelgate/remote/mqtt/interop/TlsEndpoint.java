package org.modelgate.remote.mqtt.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS endpoint of the JDK's with the test broker's certificate, for the TLS failures mosquitto cannot stage: an
 * old broker that speaks TLS 1.2 and nothing newer (mosquitto's {@code tls_version tlsv1.2} is a minimum, it still
 * offers 1.3), a broker reached at an address its certificate does not name, or one whose certificate expired. It
 * only shakes hands.
 */
final class TlsEndpoint implements AutoCloseable {
    private final SSLServerSocket server;
    private final String host;

    private TlsEndpoint(SSLServerSocket server, String host) {
        this.server = server;
        this.host = host;
        Thread acceptor = new Thread(this::acceptLoop, "tls-endpoint");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * A TLS 1.2-only endpoint on localhost.
     *
     * @param certificates the test PKI: its server certificate and key
     * @return the running endpoint
     */
    static TlsEndpoint tls12Only(TestCertificates certificates) {
        return start(certificates.server(), "TLSv1.2", "localhost", InetAddress.getLoopbackAddress());
    }

    /**
     * A TLS 1.3 endpoint on localhost whose certificate (signed by the test CA) has expired.
     *
     * @param certificates the test PKI: its expired server certificate and key
     * @return the running endpoint
     */
    static TlsEndpoint expired(TestCertificates certificates) {
        return start(certificates.expiredServer(), "TLSv1.3", "localhost", InetAddress.getLoopbackAddress());
    }

    /**
     * A TLS 1.3 endpoint on 127.0.0.2, an address the server certificate (localhost, 127.0.0.1) does not name.
     *
     * @param certificates the test PKI: its server certificate and key
     * @return the running endpoint
     */
    static TlsEndpoint unnamedAddress(TestCertificates certificates) {
        try {
            return start(certificates.server(), "TLSv1.3", "127.0.0.2", InetAddress.getByName("127.0.0.2"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TlsEndpoint start(TestCertificates.Identity identity, String protocol, String host,
            InetAddress bind) {
        try {
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(PemTls.keyManagers(identity), null, null);
            SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, bind);
            socket.setEnabledProtocols(new String[] {protocol});
            return new TlsEndpoint(socket, host);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a " + protocol + " endpoint", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind, e);
        }
    }

    /** The endpoint as a Paho URI. */
    String uri() {
        return "ssl://" + host + ":" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                ((SSLSocket) socket).startHandshake();
            } catch (IOException e) {
                // The handshake failed (the point) or the server socket closed: the loop condition decides.
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing is all we wanted.
        }
    }
}

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
 * A TLS endpoint that speaks TLS 1.2 and nothing newer, with the test broker's certificate: an old broker, to show
 * that the agent insists on TLS 1.3. (mosquitto's {@code tls_version tlsv1.2} is a minimum, it still offers 1.3.)
 */
final class Tls12Server implements AutoCloseable {
    private final SSLServerSocket server;

    private Tls12Server(SSLServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::acceptLoop, "tls12-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts on a free loopback port.
     *
     * @param certificates the test PKI: its server certificate and key
     * @return the running endpoint
     */
    static Tls12Server start(TestCertificates certificates) {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.2");
            context.init(PemTls.keyManagers(certificates.server()), null, null);
            SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress());
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            return new Tls12Server(socket);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS 1.2 endpoint", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The endpoint as a Paho URI, by the name its certificate carries. */
    String uri() {
        return "ssl://localhost:" + server.getLocalPort();
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

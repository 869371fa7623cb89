package org.modelgate.remote.mqtt.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The sockets of one connection attempt, kept so that a dropped connection really closes them.
 *
 * <p>Why: Paho 1.2.5's {@code TCPNetworkModule.stop()} calls {@code socket.shutdownInput()} and then
 * {@code socket.close()}. On a JDK {@code SSLSocket}, {@code shutdownInput()} throws {@code SSLException("closing
 * inbound before receiving peer's close_notify")} whenever the broker has not closed first (always, on a forced
 * drop), so {@code close()} is never reached; Paho swallows the exception in {@code shutdownConnection}. The TCP
 * connection then stays open until the broker's keep-alive runs out, and the broker sends the Last Will only then.
 * {@link #closeAll()} closes every socket this factory made, whatever Paho did.
 */
final class TrackedSockets {
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final SocketFactory factory;

    private TrackedSockets(SocketFactory base) {
        this.factory = base instanceof SSLSocketFactory ssl ? new Ssl(ssl, this) : new Plain(base, this);
    }

    /**
     * @param base the factory that makes the sockets (an {@code SSLSocketFactory} for {@code ssl://}), or null for
     *     plain TCP
     * @return a tracker whose {@link #factory()} makes sockets with {@code base}
     */
    static TrackedSockets over(SocketFactory base) {
        return new TrackedSockets(base == null ? SocketFactory.getDefault() : base);
    }

    /** @return the factory to give Paho: an {@code SSLSocketFactory} when the base was one (Paho checks) */
    SocketFactory factory() {
        return factory;
    }

    /** Closes every socket made so far (a closed one is left alone). */
    void closeAll() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException | RuntimeException e) {
                // closing anyway: nothing else to do with it
            }
            sockets.remove(socket);
        }
    }

    /** @return how many sockets made here are not closed yet */
    int open() {
        return (int) sockets.stream().filter(s -> !s.isClosed()).count();
    }

    private Socket keep(Socket socket) {
        sockets.add(socket);
        return socket;
    }

    private static final class Plain extends SocketFactory {
        private final SocketFactory delegate;
        private final TrackedSockets tracker;

        Plain(SocketFactory delegate, TrackedSockets tracker) {
            this.delegate = delegate;
            this.tracker = tracker;
        }

        @Override
        public Socket createSocket() throws IOException {
            return tracker.keep(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return tracker.keep(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return tracker.keep(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return tracker.keep(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return tracker.keep(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    private static final class Ssl extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final TrackedSockets tracker;

        Ssl(SSLSocketFactory delegate, TrackedSockets tracker) {
            this.delegate = delegate;
            this.tracker = tracker;
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
            return tracker.keep(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return tracker.keep(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return tracker.keep(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return tracker.keep(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return tracker.keep(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return tracker.keep(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}

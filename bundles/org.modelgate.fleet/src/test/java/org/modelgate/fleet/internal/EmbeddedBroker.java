package org.modelgate.fleet.internal;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real MQTT v5 broker in the test JVM (HiveMQ CE embedded) on a free port, with its own folders under target/.
 * Stop and start it again on the same port to test reconnects.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final Path home;
    private final int port;
    private final String tls;
    private EmbeddedHiveMQ hivemq;

    private EmbeddedBroker(Path home, int port, String tls) {
        this.home = home;
        this.port = port;
        this.tls = tls;
    }

    /**
     * Starts a broker with a TLS 1.3 listener only.
     *
     * @param name a folder name under target/brokers
     * @param keystore the broker's key and certificate (PKCS#12)
     * @param password its password
     * @return the running broker; {@link #uri()} is ssl://127.0.0.1:port
     */
    public static EmbeddedBroker startTls(String name, Path keystore, String password) {
        return startTls(name, keystore, password, null);
    }

    /**
     * Starts a broker with a TLS 1.3 listener that requires a client certificate from the given trust store.
     *
     * @param name a folder name under target/brokers
     * @param keystore the broker's key and certificate (PKCS#12)
     * @param password the password of both stores
     * @param truststore the client certificates trusted (PKCS#12), or null for no client authentication
     * @return the running broker
     */
    public static EmbeddedBroker startTls(String name, Path keystore, String password, Path truststore) {
        try {
            Path home = Files.createDirectories(Path.of("target", "brokers", name + "-" + System.nanoTime()))
                    .toAbsolutePath();
            EmbeddedBroker broker = new EmbeddedBroker(home, freePort(), """
                    <tls><keystore><path>%s</path><password>%s</password><private-key-password>%s</private-key-password></keystore>
                    %s<protocols><protocol>TLSv1.3</protocol></protocols></tls>""".formatted(keystore, password, password,
                    truststore == null ? "" : "<truststore><path>" + truststore + "</path><password>" + password
                            + "</password></truststore><client-authentication-mode>REQUIRED</client-authentication-mode>"));
            broker.startAgain();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a broker on a free port.
     *
     * @param name a folder name under target/brokers
     * @return the running broker
     */
    public static EmbeddedBroker start(String name) {
        try {
            Path home = Files.createDirectories(Path.of("target", "brokers", name + "-" + System.nanoTime()))
                    .toAbsolutePath();
            EmbeddedBroker broker = new EmbeddedBroker(home, freePort(), null);
            broker.startAgain();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Starts the (stopped) broker again on the same port. */
    public void startAgain() {
        try {
            Path conf = Files.createDirectories(home.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                      <listeners>%s</listeners>
                      <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(tls == null
                    ? "<tcp-listener><port>" + port + "</port><bind-address>127.0.0.1</bind-address></tcp-listener>"
                    : "<tls-tcp-listener><port>" + port + "</port><bind-address>127.0.0.1</bind-address>" + tls
                            + "</tls-tcp-listener>"));
            hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(home.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                    .build();
            hivemq.start().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("HiveMQ embedded did not start on port " + port + ": " + e, e);
        }
    }

    /** Stops the broker; clients lose their connection. */
    public void stop() {
        if (hivemq != null) {
            try {
                hivemq.stop().get(60, TimeUnit.SECONDS);
                hivemq.close();
            } catch (Exception e) {
                throw new IllegalStateException("HiveMQ embedded did not stop: " + e, e);
            }
            hivemq = null;
        }
    }

    /** @return tcp://127.0.0.1:port, or ssl://127.0.0.1:port for a TLS broker */
    public String uri() {
        return (tls == null ? "tcp" : "ssl") + "://127.0.0.1:" + port;
    }

    /** @return the port */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}

package org.modelgate.remote.mqtt.internal;

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
    private EmbeddedHiveMQ hivemq;

    private EmbeddedBroker(Path home, int port) {
        this.home = home;
        this.port = port;
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
            EmbeddedBroker broker = new EmbeddedBroker(home, freePort());
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
                      <listeners><tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>
                      <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(port));
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

    /** @return tcp://127.0.0.1:port */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
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

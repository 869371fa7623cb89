package org.modelgate.benchmarks.fleet;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Metric;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An MQTT v5 broker for a fleet simulation: HiveMQ CE embedded in this JVM on a free loopback port, with its own
 * folders, counting the PUBLISH packets it received and sent (its metrics {@code com.hivemq.messages.incoming.publish.count}
 * and {@code ...outgoing.publish.count}).
 */
public final class FleetBroker implements AutoCloseable {
    private final EmbeddedHiveMQ hivemq;
    private final int port;

    private FleetBroker(EmbeddedHiveMQ hivemq, int port) {
        this.hivemq = hivemq;
        this.port = port;
    }

    /**
     * Starts a broker.
     *
     * @param home a folder of its own (conf, data, extensions are made under it)
     * @return the running broker
     */
    public static FleetBroker start(Path home) throws IOException {
        int port = freePort();
        Path conf = Files.createDirectories(home.resolve("conf"));
        // a fleet's devices each keep a few subscriptions and queue little: HiveMQ's defaults fit 1000 clients
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners><tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port));
        // warnings only: a thousand connects would otherwise be a thousand INFO lines among the benchmark's rows
        Files.writeString(conf.resolve("logback.xml"), """
                <configuration>
                  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>%d %-5level %logger{20} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="ERR"/></root>
                </configuration>
                """);
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(home.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                .build();
        try {
            hivemq.start().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("HiveMQ CE embedded did not start on port " + port + ": " + e, e);
        }
        return new FleetBroker(hivemq, port);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** @return tcp://127.0.0.1:port */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** @return PUBLISH packets the broker received from clients and sent to them, since it started */
    public long messages() {
        return count("incoming.publish") + count("outgoing.publish");
    }

    private long count(String what) {
        long total = 0;
        for (Map.Entry<String, Metric> m : hivemq.getMetricRegistry().getMetrics().entrySet()) {
            if (m.getKey().contains("messages." + what) && m.getKey().endsWith(".count") && m.getValue() instanceof Counter c) {
                total += c.getCount();
            }
        }
        return total;
    }

    /** @return the names of the broker's message metrics (to see what {@link #messages()} adds up) */
    public java.util.List<String> messageMetrics() {
        return hivemq.getMetricRegistry().getMetrics().keySet().stream().filter(k -> k.contains("messages")).sorted().toList();
    }

    @Override
    public void close() throws Exception {
        hivemq.stop().get(120, TimeUnit.SECONDS);
        hivemq.close();
    }
}

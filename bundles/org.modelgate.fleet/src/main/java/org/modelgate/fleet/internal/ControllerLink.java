package org.modelgate.fleet.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.modelgate.fleet.FleetSettings;
import org.modelgate.remote.mqtt.link.TlsSockets;

/**
 * The controller's connection, kept up by a thread of its own as the agent keeps its own (org.modelgate.remote.mqtt
 * BrokerLink): a new Paho client per attempt, clean start (paho#1048), subscriptions made on this thread and never in
 * Paho's connectComplete (paho#999), the connect wait bounded (paho#1013), a jittered backoff (1 s doubling to 30 s)
 * over the broker list. Retained {@code online}/{@code offline} on {@code modelgate/{fleet}/controller/status}.
 */
final class ControllerLink implements MqttCallback {
    private static final Logger LOG = Logger.getLogger(ControllerLink.class.getName());
    private static final int CONNECT_TIMEOUT_SECONDS = 20;

    /** What the engine does with the link. */
    interface Listener {
        /** After each connection is set up (on the link's thread). */
        void connected();

        /** A message (on Paho's thread: hand it off, never block). */
        void message(String topic, MqttMessage message);
    }

    private final FleetSettings settings;
    private final FleetTopics topics;
    private final SocketFactory tls;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile MqttAsyncClient client;
    private volatile CountDownLatch lost = new CountDownLatch(1);
    private volatile String broker = "";
    private volatile String lastError = "";

    ControllerLink(FleetSettings settings, FleetTopics topics, Listener listener) {
        this.settings = settings;
        this.topics = topics;
        this.listener = listener;
        boolean anyTls = settings.brokerUris().stream().anyMatch(u -> u.startsWith("ssl://"));
        this.tls = anyTls ? TlsSockets.of(settings.caFile(), settings.certFile(), settings.keyFile()) : null;
        for (String uri : settings.brokerUris()) {
            checkUri(uri, settings.allowPlaintext());
        }
        this.thread = new Thread(this::keepConnected, "modelgate-fleet-link");
        this.thread.setDaemon(true);
    }

    /** Refuses plain TCP to a host that is not a loopback address (as the agent does), and unknown schemes. */
    static void checkUri(String uri, boolean allowPlaintext) {
        if (uri.startsWith("ssl://")) {
            return;
        }
        if (!uri.startsWith("tcp://")) {
            throw new IllegalArgumentException("brokerUri '" + uri + "': use ssl://host:8883 (or tcp:// to a loopback host)");
        }
        String host = uri.substring(6).replaceFirst(":\\d+$", "").replace("[", "").replace("]", "");
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
        if (!loopback && !allowPlaintext) {
            throw new IllegalArgumentException("brokerUri '" + uri + "': plain TCP to a host that is not a loopback address"
                    + " is refused; use ssl:// or set allowPlaintext=true");
        }
    }

    void start() {
        thread.start();
    }

    private void keepConnected() {
        int attempt = 0;
        long backoff = 1000;
        while (running) {
            String uri = settings.brokerUris().get(attempt++ % settings.brokerUris().size());
            broker = uri;
            try {
                connect(uri);
                backoff = 1000;
                lastError = "";
                listener.connected();
                lost.await();
            } catch (InterruptedException e) {
                break;
            } catch (MqttException | RuntimeException e) {
                lastError = "cannot connect to " + uri + ": " + describe(e);
                LOG.log(Level.WARNING, "fleet controller: {0}", lastError);
            }
            drop();
            if (!running) {
                break;
            }
            try {
                Thread.sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
            } catch (InterruptedException e) {
                break;
            }
            backoff = Math.min(30_000, backoff * 2);
        }
    }

    private void connect(String uri) throws MqttException {
        MqttAsyncClient next = new MqttAsyncClient(uri, settings.clientId(), new MemoryPersistence());
        next.setCallback(this);
        lost = new CountDownLatch(1);
        client = next;
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
        options.setAutomaticReconnect(false);
        // Many devices answer at once: let the broker send as many QoS 1 messages as it likes before our PUBACKs.
        options.setReceiveMaximum(65535);
        options.setWill(topics.controllerStatus(), new MqttMessage("offline".getBytes(StandardCharsets.US_ASCII), 1, true, null));
        if (uri.startsWith("ssl://")) {
            options.setSocketFactory(tls);
        }
        IMqttToken token = next.connect(options);
        token.waitForCompletion(TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS + 5L));
        if (!token.isComplete() || !next.isConnected()) {
            throw new IllegalStateException("no CONNACK within " + (CONNECT_TIMEOUT_SECONDS + 5) + " s");
        }
        List<String> filters = topics.filters();
        IMqttToken subscribed = next.subscribe(filters.stream().map(f -> new MqttSubscription(f, 1))
                .toArray(MqttSubscription[]::new));
        subscribed.waitForCompletion(TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS));
        int[] codes = subscribed.getReasonCodes();
        for (int i = 0; codes != null && i < codes.length; i++) {
            if (codes[i] >= 0x80) {
                throw new IllegalStateException("the broker refused the subscription to "
                        + filters.get(Math.min(i, filters.size() - 1)) + " (reason code " + codes[i]
                        + "); grant this controller modelgate/" + settings.fleet() + "/# in the broker's ACL");
            }
        }
        String refused = publish(topics.controllerStatus(), "online".getBytes(StandardCharsets.US_ASCII), true, null);
        if (refused != null) {
            throw new IllegalStateException("connected, but 'online' was not published: " + refused);
        }
    }

    /**
     * Publishes at QoS 1 and waits for the PUBACK.
     *
     * @return null when the broker took it, else why not
     */
    String publish(String topic, byte[] payload, boolean retained, MqttProperties properties) {
        MqttAsyncClient current = client;
        if (current == null || !current.isConnected()) {
            return "not connected";
        }
        try {
            IMqttToken token = current.publish(topic, new MqttMessage(payload, 1, retained, properties));
            token.waitForCompletion(10_000);
            if (!token.isComplete()) {
                return "no acknowledgement from the broker";
            }
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                return "the broker refused the publish to " + topic + " (reason code " + codes[0] + ")";
            }
            return null;
        } catch (MqttException | RuntimeException e) {
            return describe(e);
        }
    }

    boolean isConnected() {
        MqttAsyncClient current = client;
        return current != null && current.isConnected();
    }

    String broker() {
        return broker;
    }

    String lastError() {
        return lastError;
    }

    /** Publishes {@code offline} and disconnects; ends the thread. */
    void stop() {
        running = false;
        MqttAsyncClient current = client;
        if (current != null && current.isConnected()) {
            publish(topics.controllerStatus(), "offline".getBytes(StandardCharsets.US_ASCII), true, null);
            try {
                current.disconnect(2000).waitForCompletion(3000);
            } catch (MqttException e) {
                LOG.log(Level.FINE, "disconnect: " + e);
            }
        }
        thread.interrupt();
        drop();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drop() {
        MqttAsyncClient current = client;
        client = null;
        if (current != null) {
            try {
                current.disconnectForcibly(0, 1, false);
            } catch (MqttException | RuntimeException e) {
                // already gone
            }
            try {
                current.close(true);
            } catch (MqttException | RuntimeException e) {
                // already closed
            }
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        return (message == null ? e.getClass().getSimpleName() : message)
                + (cause != null && cause != e ? " (" + cause + ")" : "");
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        lastError = "disconnected from " + broker + ": " + (response.getException() != null
                ? describe(response.getException()) : "reason code " + response.getReturnCode());
        lost.countDown();
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        lastError = describe(exception);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        listener.message(topic, message);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // publish() waits on its token
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        // subscribing here deadlocks Paho (paho#999): the link's thread does it
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }
}

package org.modelgate.remote.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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

/**
 * The connection to the broker, kept up by a thread of its own: connect (bounded by a timeout, paho#1013), subscribe
 * to the command topics and publish {@code online} from that thread (never inside Paho's connectComplete, paho#999),
 * then wait until the connection drops and try again after a jittered exponential backoff, over the broker list in
 * turn. Paho's own automatic reconnect is off. Each attempt gets a new client, so a wedged one is simply dropped.
 *
 * <p>Clean start on every connection (paho#1048: with cleanStart=false Paho 1.2.5 does not deliver what the broker
 * queued while away); the agent subscribes again each time, and a controller re-sends a request that got no answer
 * with the same id (a replay gets the first answer).
 */
final class BrokerLink implements MqttCallback {
    private static final Logger LOG = Logger.getLogger(BrokerLink.class.getName());
    static final byte[] ONLINE = "online".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.US_ASCII);

    /** What the agent does with the link. */
    interface Listener {
        /** Called on the link's thread after each connection is set up (subscribed, online published). */
        void connected();

        /** Called on Paho's thread: hand the message off, never block. */
        void message(String topic, MqttMessage message);
    }

    /** Connection states, as mg:remote shows them. */
    enum State { STARTING, CONNECTING, CONNECTED, WAITING, REFUSED_CONFIG, STOPPED }

    private final AgentSettings settings;
    private final Topics topics;
    private final SocketFactory sockets;
    private final Listener listener;
    private final Backoff backoff;
    private final String clientId;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile MqttAsyncClient client;
    private volatile TrackedSockets clientSockets;
    private volatile CountDownLatch lost = new CountDownLatch(1);
    private volatile State state = State.STARTING;
    private volatile String broker;
    private volatile String lastError;
    private volatile long connections;

    BrokerLink(AgentSettings settings, Topics topics, SocketFactory sockets, Listener listener, Backoff backoff) {
        this.settings = settings;
        this.topics = topics;
        this.sockets = sockets;
        this.listener = listener;
        this.backoff = backoff;
        this.clientId = "modelgate-" + settings.fleet() + "-" + settings.device();
        this.thread = new Thread(this::keepConnected, "modelgate-remote-link");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void keepConnected() {
        int attempt = 0;
        while (running) {
            String uri = settings.brokerUris().get(attempt++ % settings.brokerUris().size());
            broker = uri;
            state = State.CONNECTING;
            try {
                connect(uri);
                backoff.reset();
                connections++;
                state = State.CONNECTED;
                listener.connected();
                lost.await();
                drop();
            } catch (InterruptedException e) {
                break;
            } catch (MqttException | RuntimeException e) {
                lastError = "cannot connect to " + uri + ": " + TlsFailures.explain(e, uri, settings)
                        .orElseGet(() -> describe(e));
                LOG.log(Level.WARNING, "remote agent: {0}", lastError);
                drop();
            }
            if (!running) {
                break;
            }
            state = State.WAITING;
            try {
                Thread.sleep(backoff.next());
            } catch (InterruptedException e) {
                break;
            }
        }
        state = State.STOPPED;
    }

    private void connect(String uri) throws MqttException {
        MqttAsyncClient next = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        next.setCallback(this);
        lost = new CountDownLatch(1);
        // Sockets of this attempt, closed for real when it is dropped (see TrackedSockets for Paho's leak).
        TrackedSockets tracked = TrackedSockets.over(uri.startsWith("ssl://") ? sockets : null);
        clientSockets = tracked;
        client = next;
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(settings.sessionExpirySeconds());
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setConnectionTimeout(settings.connectTimeoutSeconds());
        options.setAutomaticReconnect(false);
        MqttMessage will = new MqttMessage(OFFLINE, 1, true, null);
        options.setWill(topics.status(), will);
        options.setSocketFactory(tracked.factory());
        IMqttToken token = next.connect(options);
        // Paho's own timeout does not always fire (paho#1013): bound the wait here too.
        token.waitForCompletion(TimeUnit.SECONDS.toMillis(settings.connectTimeoutSeconds() + 5L));
        if (!token.isComplete() || !next.isConnected()) {
            throw new IllegalStateException("no CONNACK within " + (settings.connectTimeoutSeconds() + 5) + " s");
        }
        List<String> filters = topics.commandFilters();
        MqttSubscription[] subscriptions = filters.stream().map(f -> new MqttSubscription(f, 1))
                .toArray(MqttSubscription[]::new);
        IMqttToken subscribed = next.subscribe(subscriptions);
        subscribed.waitForCompletion(TimeUnit.SECONDS.toMillis(settings.connectTimeoutSeconds()));
        int[] codes = subscribed.getReasonCodes();
        for (int i = 0; codes != null && i < codes.length; i++) {
            if (codes[i] >= 0x80) {
                throw new IllegalStateException("the broker refused the subscription to " + filters.get(Math.min(i,
                        filters.size() - 1)) + " (reason code " + codes[i] + "); check its ACL for this client");
            }
        }
        String refused = publish(topics.status(), ONLINE, 1, true, null);
        if (refused != null) {
            throw new IllegalStateException(onlineRefused(refused));
        }
    }

    /** Why an {@code online} that did not get through makes the connection useless, and what to fix. */
    private String onlineRefused(String why) {
        if (!why.startsWith("the broker refused")) {
            return "connected, but 'online' was not published to " + topics.status() + ": " + why;
        }
        return "connected, but " + why + " for 'online': the broker does not"
                + " let this client write under device '" + settings.device() + "'. Set device to the name the"
                + " broker's ACL grants this identity (with client certificates usually the certificate's CN), or"
                + " grant " + topics.status().replace("/status", "/#") + " to this identity in the broker's ACL";
    }

    /**
     * Publishes a message and waits for the broker's acknowledgement (QoS 1).
     *
     * @return null when the broker took it, else why not
     */
    String publish(String topic, byte[] payload, int qos, boolean retained, MqttProperties properties) {
        MqttAsyncClient current = client;
        if (current == null || !current.isConnected()) {
            return "not connected";
        }
        try {
            MqttMessage message = new MqttMessage(payload, qos, retained, properties);
            IMqttToken token = current.publish(topic, message);
            token.waitForCompletion(TimeUnit.SECONDS.toMillis(Math.max(10, settings.connectTimeoutSeconds())));
            if (!token.isComplete()) {
                return "no acknowledgement from the broker";
            }
            int[] codes = token.getReasonCodes();
            // Paho reports a refused publish as a reason code >= 0x80 without throwing.
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                String why = "the broker refused the publish to " + topic + " (reason code " + codes[0] + ")";
                lastError = why;
                return why;
            }
            return null;
        } catch (MqttException e) {
            return describe(e);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        return (message == null ? e.getClass().getSimpleName() : message)
                + (cause != null && cause != e ? " (" + cause + ")" : "");
    }

    /** Publishes {@code offline} (a clean disconnect sends no Last Will) and disconnects; ends the thread. */
    void stop() {
        running = false;
        MqttAsyncClient current = client;
        if (current != null && current.isConnected()) {
            publish(topics.status(), OFFLINE, 1, true, null);
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
        state = State.STOPPED;
    }

    /** Drops the connection without a DISCONNECT packet, as a crash would: the broker then sends the Last Will. */
    void crash() {
        running = false;
        thread.interrupt();
        drop();
    }

    private void drop() {
        MqttAsyncClient current = client;
        TrackedSockets tracked = clientSockets;
        client = null;
        clientSockets = null;
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
        if (tracked != null) {
            // Paho leaves a TLS socket open here (TrackedSockets): without this the broker would send the Last
            // Will only when the keep-alive runs out.
            tracked.closeAll();
        }
    }

    boolean isConnected() {
        MqttAsyncClient current = client;
        return current != null && current.isConnected() && state == State.CONNECTED;
    }

    State state() {
        return state;
    }

    String broker() {
        return broker;
    }

    String clientId() {
        return clientId;
    }

    String lastError() {
        return lastError;
    }

    long connections() {
        return connections;
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        lastError = "disconnected from " + broker + ": " + (response.getException() != null
                ? describe(response.getException()) : "reason code " + response.getReturnCode()
                + (response.getReasonString() == null ? "" : " " + response.getReasonString()));
        LOG.log(Level.WARNING, "remote agent: {0}", lastError);
        state = State.WAITING;
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
        // nothing here: subscribing inside this callback deadlocks Paho (paho#999); the link's thread does it
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }
}

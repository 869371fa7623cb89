package org.modelgate.remote.mqtt.interop;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A plain Paho MQTT v5 client for the tests' side of the wire (a controller, or a device without the agent): it
 * reports the broker's reason codes (a refused PUBLISH is a PUBACK reason >= 0x80, not an exception) and queues
 * what it receives.
 */
final class PahoTestClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * One received message.
     *
     * @param topic its topic
     * @param payload its payload as UTF-8
     * @param retained whether the broker sent it as a retained message
     * @param properties its MQTT 5 properties
     */
    record Received(String topic, String payload, boolean retained, MqttProperties properties) {
    }

    private final MqttAsyncClient client;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<Received> seen = new ArrayList<>();

    private PahoTestClient(MqttAsyncClient client) {
        this.client = client;
    }

    private void queue(String topic, MqttMessage message) {
        received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.isRetained(),
                message.getProperties()));
    }

    /**
     * Connects with a clean start.
     *
     * @param uri the broker, tcp:// or ssl://
     * @param clientId the client id
     * @param tls the TLS socket factory for ssl://, or null
     * @return the connected client
     * @throws MqttException when the broker or TLS refuses the connection
     */
    static PahoTestClient connect(String uri, String clientId, SSLSocketFactory tls) throws MqttException {
        return connect(uri, clientId, tls, null, null);
    }

    /**
     * Connects with a clean start and a retained Last Will.
     *
     * @param uri the broker, tcp:// or ssl://
     * @param clientId the client id
     * @param tls the TLS socket factory for ssl://, or null
     * @param willTopic where the broker publishes the will (retained, QoS 1) when the client vanishes, or null
     * @param willPayload the will's payload
     * @return the connected client
     * @throws MqttException when the broker or TLS refuses the connection
     */
    static PahoTestClient connect(String uri, String clientId, SSLSocketFactory tls, String willTopic,
            String willPayload) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        PahoTestClient testClient = new PahoTestClient(client);
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                testClient.queue(topic, message);
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) TIMEOUT.toSeconds());
        if (tls != null) {
            options.setSocketFactory(tls);
        }
        if (willTopic != null) {
            options.setWill(willTopic, new MqttMessage(willPayload.getBytes(StandardCharsets.UTF_8), 1, true, null));
        }
        try {
            client.connect(options).waitForCompletion(TIMEOUT.toMillis());
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return testClient;
    }

    /**
     * Publishes at QoS 1 and waits for the broker's PUBACK.
     *
     * @param topic the topic
     * @param payload the payload
     * @param retained whether the broker keeps it
     * @param properties MQTT 5 properties, or null
     * @return the PUBACK's reason code: below 0x80 accepted, 0x87 not authorized
     * @throws MqttException when the connection fails
     */
    int publish(String topic, String payload, boolean retained, MqttProperties properties) throws MqttException {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, retained, properties);
        IMqttToken token = client.publish(topic, message);
        token.waitForCompletion(TIMEOUT.toMillis());
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    /**
     * Subscribes at QoS 1; what arrives is queued for {@link #await}.
     *
     * @param filter the topic filter
     * @return the SUBACK's reason code (granted QoS below 0x80; 0x87 not authorized), no proof of authorization
     * @throws MqttException when the connection fails
     */
    int subscribe(String filter) throws MqttException {
        // Not subscribe(subscription, listener): Paho 1.2.5 throws IndexOutOfBounds there without a subscription
        // identifier; the client's callback (see connect) queues every message instead.
        IMqttToken token = client.subscribe(new MqttSubscription(filter, 1));
        token.waitForCompletion(TIMEOUT.toMillis());
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    /**
     * Waits for the first message (received since the last match) that matches.
     *
     * @param match what the test waits for
     * @param timeout how long at most
     * @return the message, or null when none came in time
     */
    Received await(Predicate<Received> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Received r : seen) {
                if (match.test(r)) {
                    seen.remove(r);
                    return r;
                }
            }
            while (true) {
                long left = deadline - System.nanoTime();
                Received next = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (next == null) {
                    return null;
                }
                if (match.test(next)) {
                    return next;
                }
                seen.add(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Sends a request the MQTT 5 way: a response topic and correlation data.
     *
     * @param topic the request topic
     * @param payload the request
     * @param responseTopic where the answer must go (subscribe to it first)
     * @param correlation the correlation data the answer must repeat
     * @return the PUBACK's reason code
     * @throws MqttException when the connection fails
     */
    int request(String topic, String payload, String responseTopic, byte[] correlation) throws MqttException {
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic);
        properties.setCorrelationData(correlation);
        return publish(topic, payload, false, properties);
    }

    /** Whether the client is connected now. */
    boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(TIMEOUT.toMillis());
            }
        } catch (MqttException ignored) {
            // The broker may be gone already; closing below frees the client either way.
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // Nothing left to free.
        }
    }
}

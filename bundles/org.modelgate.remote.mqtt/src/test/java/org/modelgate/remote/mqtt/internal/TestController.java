package org.modelgate.remote.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.modelgate.json.StrictJson;

/** A controller as a test sees it: a plain Paho client that sends requests and reads what the agent publishes. */
final class TestController implements AutoCloseable, MqttCallback {
    /** A message received. */
    record Received(String topic, byte[] payload, MqttProperties properties) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            try {
                return (Map<String, Object>) StrictJson.read(payload);
            } catch (org.modelgate.json.JsonDocumentException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        String userProperty(String key) {
            return properties.getUserProperties().stream().filter(p -> p.getKey().equals(key)).map(UserProperty::getValue)
                    .findFirst().orElse(null);
        }
    }

    private final MqttClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final String replyTopic;

    TestController(String brokerUri) throws MqttException {
        this(brokerUri, null);
    }

    /** A controller trusting the given CA (PEM) for an ssl:// broker. */
    TestController(String brokerUri, java.nio.file.Path caFile) throws MqttException {
        String id = "controller-" + UUID.randomUUID();
        client = new MqttClient(brokerUri, id, new MemoryPersistence());
        client.setCallback(this);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (caFile != null) {
            options.setSocketFactory(org.modelgate.remote.mqtt.link.TlsSockets.of(caFile, null, null));
        }
        client.connect(options);
        replyTopic = "controllers/" + id + "/answers";
        subscribe(replyTopic);
    }

    void subscribe(String filter) throws MqttException {
        // subscribe(String, int) recurses in Paho 1.2.5's MqttClient: the array form works.
        client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)});
    }

    /** Publishes a request with a response topic and correlation data; returns the correlation data. */
    String send(String topic, byte[] payload, List<UserProperty> userProperties) throws MqttException {
        String correlation = UUID.randomUUID().toString();
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(replyTopic);
        properties.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        if (!userProperties.isEmpty()) {
            properties.setUserProperties(new ArrayList<>(userProperties));
        }
        client.publish(topic, new MqttMessage(payload, 1, false, properties));
        return correlation;
    }

    void publish(String topic, byte[] payload, MqttProperties properties) throws MqttException {
        client.publish(topic, new MqttMessage(payload, 1, false, properties));
    }

    /** Sends and waits for the answer with the same correlation data. */
    Received request(String topic, String payload, List<UserProperty> userProperties) throws Exception {
        String correlation = send(topic, payload.getBytes(StandardCharsets.UTF_8), userProperties);
        return awaitAnswer(correlation);
    }

    Received awaitAnswer(String correlation) throws InterruptedException {
        return await(r -> r.topic().equals(replyTopic) && r.properties().getCorrelationData() != null
                && new String(r.properties().getCorrelationData(), StandardCharsets.UTF_8).equals(correlation),
                "an answer with correlation data " + correlation);
    }

    /** Waits (generously) for a message that matches. */
    Received await(java.util.function.Predicate<Received> match, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        List<Received> others = new ArrayList<>();
        try {
            while (System.nanoTime() < end) {
                Received r = received.poll(1, TimeUnit.SECONDS);
                if (r != null && match.test(r)) {
                    return r;
                }
                if (r != null) {
                    others.add(r);
                }
            }
        } finally {
            received.addAll(others);
        }
        throw new AssertionError("no " + what + " within 90 s; received meanwhile: "
                + others.stream().map(r -> r.topic() + "=" + r.text()).toList());
    }

    Received awaitOn(String topic, String text) throws InterruptedException {
        return await(r -> r.topic().equals(topic) && (text == null || r.text().equals(text)),
                "message " + (text == null ? "" : "'" + text + "' ") + "on " + topic);
    }

    List<Received> drainReceived() {
        List<Received> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.add(new Received(topic, message.getPayload(),
                message.getProperties() == null ? new MqttProperties() : message.getProperties()));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}

package org.modelgate.benchmarks.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.modelgate.remote.CommandSignatures;

/**
 * A controller on the wire for the simulation's tests: a Paho v5 client that sends commands with a response topic
 * and correlation data, signs the ones that change a gateway, and collects what arrives on topics it listens to
 * (raw payloads, retained flag and user properties).
 */
final class WireController implements MqttCallback, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MqttClient client;
    private final String responseTopic = "modelgate/sim/controller/answers/" + System.nanoTime();
    private final Map<String, CompletableFuture<MqttMessage>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicLong correlations = new AtomicLong();
    private final PrivateKey key;
    private final String keyName;

    /** A message on a listened topic. */
    record Received(String topic, byte[] payload, boolean retained, MqttProperties properties) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        JsonNode json() throws Exception {
            return JSON.readTree(payload);
        }

        String userProperty(String name) {
            return properties == null || properties.getUserProperties() == null ? null
                    : properties.getUserProperties().stream().filter(p -> p.getKey().equals(name))
                            .map(UserProperty::getValue).findFirst().orElse(null);
        }
    }

    WireController(String brokerUri, PrivateKey key, String keyName) throws MqttException {
        this.key = key;
        this.keyName = keyName;
        client = new MqttClient(brokerUri, "sim-controller-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(this);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options);
        client.subscribe(responseTopic, 1);
    }

    void listen(String filter) throws MqttException {
        client.subscribe(filter, 1);
    }

    /** The next message on a listened topic matching the prefix, or null within the timeout. */
    Received next(String topicPrefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Received> others = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Received r = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
                if (r == null || r.topic().startsWith(topicPrefix)) {
                    return r;
                }
                others.add(r);
            }
        } finally {
            received.addAll(others);
        }
    }

    static byte[] envelope(String id, Instant expires, Map<String, Object> body) throws Exception {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", id);
        if (expires != null) {
            envelope.put("expires", expires.toString());
        }
        envelope.put("body", body);
        return JSON.writeValueAsBytes(envelope);
    }

    /** A signed command that expires in ten minutes; the answer or null within the timeout. */
    JsonNode order(String topic, String command, String id, Map<String, Object> body, Duration timeout) throws Exception {
        return send(topic, command, envelope(id, Instant.now().plus(Duration.ofMinutes(10)), body), true, timeout);
    }

    /** Publishes a payload on {@code topic + "cmd/" + command}, signed or not; the answer or null within the timeout. */
    JsonNode send(String topic, String command, byte[] payload, boolean signed, Duration timeout) throws Exception {
        MqttMessage answer = sendRaw(topic, command, payload, signed, timeout);
        return answer == null ? null : JSON.readTree(answer.getPayload());
    }

    MqttMessage sendRaw(String topic, String command, byte[] payload, boolean signed, Duration timeout) throws Exception {
        String correlation = "c-" + correlations.incrementAndGet();
        CompletableFuture<MqttMessage> answer = new CompletableFuture<>();
        pending.put(correlation, answer);
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic);
        properties.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        if (signed) {
            properties.setUserProperties(List.of(
                    new UserProperty(CommandSignatures.SIGNATURE_PROPERTY, CommandSignatures.signBase64(command, payload, key)),
                    new UserProperty(CommandSignatures.KEY_PROPERTY, keyName)));
        }
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        message.setProperties(properties);
        try {
            client.publish(topic + "cmd/" + command, message);
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException none) {
            return null;
        } finally {
            pending.remove(correlation);
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        if (topic.equals(responseTopic)) {
            byte[] correlation = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
            CompletableFuture<MqttMessage> f = correlation == null ? null
                    : pending.get(new String(correlation, StandardCharsets.UTF_8));
            if (f != null) {
                f.complete(message);
            }
            return;
        }
        received.add(new Received(topic, message.getPayload(), message.isRetained(), message.getProperties()));
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(5_000);
        }
        client.close(true);
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
    public void connectComplete(boolean reconnect, String serverURI) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}

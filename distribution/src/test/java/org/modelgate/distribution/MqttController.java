package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A fleet controller as an operator would run one: a Paho MQTT v5 client in the test JVM that sends commands to one
 * gateway ({@code modelgate/{fleet}/{device}/cmd/{command}}) with a response topic and correlation data of its own,
 * signs the ones that change the gateway with {@link CommandSignatures} (user properties {@code signature} and
 * {@code key}), and collects what the gateway publishes on the topics it subscribes to (telemetry).
 */
final class MqttController implements AutoCloseable {
    /** How long an answer may take: a deploy chunk runs an install and an activation on a shared machine. */
    static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttClient client;
    private final String device;
    private final String responseTopic;
    private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<JsonNode>> received = new ConcurrentHashMap<>();
    private final AtomicLong correlations = new AtomicLong();

    /** A key that signs commands: its private half and what the {@code key} user property names it by. */
    record Signer(PrivateKey privateKey, String keyName) {
    }

    /** An answer: the envelope {@code {"id", "ok", "result"|"error"}} and its raw text for assertion messages. */
    record Answer(JsonNode json, String text) {
        boolean ok() {
            return json.path("ok").asBoolean(false);
        }

        JsonNode result() {
            assertThat(ok()).as("an ok answer: %s", text).isTrue();
            return json.get("result");
        }

        String error() {
            assertThat(ok()).as("a refusal: %s", text).isFalse();
            return json.path("error").asText();
        }
    }

    private MqttController(MqttClient client, String device, String responseTopic) {
        this.client = client;
        this.device = device;
        this.responseTopic = responseTopic;
    }

    /**
     * Connects to the broker on 127.0.0.1 and listens on a response topic of its own.
     *
     * @param device the gateway's topic prefix, {@code modelgate/{fleet}/{device}/}
     */
    static MqttController connect(int brokerPort, String device) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + brokerPort, "it-controller-" + System.nanoTime(),
                new MemoryPersistence());
        String responseTopic = "modelgate/it/controller/answers/" + System.nanoTime();
        MqttController controller = new MqttController(client, device, responseTopic);
        client.setCallback(controller.new Receiver());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(30);
        client.connect(options);
        client.subscribe(responseTopic, 1);
        return controller;
    }

    /** Subscribes to one of the gateway's topics (e.g. {@code telemetry}); its JSON messages wait for {@link #next}. */
    void listen(String leaf) throws MqttException {
        received.computeIfAbsent(device + leaf, t -> new LinkedBlockingQueue<>());
        client.subscribe(device + leaf, 1);
    }

    /** The next JSON message on a topic {@link #listen}ed to, or null when none came within the timeout. */
    JsonNode next(String leaf, Duration timeout) throws InterruptedException {
        return received.get(device + leaf).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The payload {@code {"id", "expires"?, "body"}} as bytes, exactly as it will be published and signed. */
    static byte[] envelope(String id, Instant expires, Map<String, Object> body) throws Exception {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", id);
        if (expires != null) {
            envelope.put("expires", expires.toString());
        }
        envelope.put("body", body);
        return JSON.writeValueAsBytes(envelope);
    }

    /** A read-only command, unsigned and without expiry. */
    Answer ask(String command, String id, Map<String, Object> body) throws Exception {
        return send(command, envelope(id, null, body), null);
    }

    /** A command that changes the gateway: expires in ten minutes, signed by the signer. */
    Answer order(String command, String id, Map<String, Object> body, Signer signer) throws Exception {
        return send(command, envelope(id, Instant.now().plus(Duration.ofMinutes(10)), body), signer);
    }

    /**
     * Publishes the payload on {@code cmd/{command}} (QoS 1) with this controller's response topic and fresh
     * correlation data, signed when a signer is given, and waits for the answer.
     */
    Answer send(String command, byte[] payload, Signer signer) throws Exception {
        Answer answer = publish(command, payload, signer, ANSWER_TIMEOUT);
        if (answer == null) {
            throw new AssertionError("no answer to " + command + " " + new String(payload, StandardCharsets.UTF_8)
                    + " within " + ANSWER_TIMEOUT);
        }
        return answer;
    }

    /**
     * Asks a read-only command (a fresh id each time) until an answer comes: the gateway may still be starting, or
     * its agent reconnecting.
     */
    Answer askUntilAnswered(String command, Map<String, Object> body, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Answer answer = publish(command, envelope("probe-" + System.nanoTime(), null, body), null, Duration.ofSeconds(5));
            if (answer != null) {
                return answer;
            }
            assertThat(System.nanoTime()).as("an answer to %s within %s", command, timeout).isLessThan(deadline);
        }
    }

    private Answer publish(String command, byte[] payload, Signer signer, Duration timeout) throws Exception {
        String correlation = "c-" + correlations.incrementAndGet();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        pending.put(correlation, answer);
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic);
        properties.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        if (signer != null) {
            List<UserProperty> user = new ArrayList<>();
            user.add(new UserProperty(CommandSignatures.SIGNATURE_PROPERTY,
                    CommandSignatures.signBase64(command, payload, signer.privateKey())));
            user.add(new UserProperty(CommandSignatures.KEY_PROPERTY, signer.keyName()));
            properties.setUserProperties(user);
        }
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        message.setProperties(properties);
        try {
            client.publish(device + "cmd/" + command, message);
            String text = new String(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
            return new Answer(JSON.readTree(text), text);
        } catch (TimeoutException noAnswer) {
            return null;
        } finally {
            pending.remove(correlation);
        }
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect(5_000);
            }
        } finally {
            client.close(true);
        }
    }

    /** Paho's callbacks: only hands messages over, never blocks its thread. */
    private final class Receiver implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            if (topic.equals(responseTopic)) {
                byte[] correlation = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
                if (correlation != null) {
                    CompletableFuture<byte[]> future = pending.get(new String(correlation, StandardCharsets.UTF_8));
                    if (future != null) {
                        future.complete(message.getPayload());
                    }
                }
                return;
            }
            BlockingQueue<JsonNode> queue = received.get(topic);
            if (queue != null) {
                queue.add(JSON.readTree(message.getPayload()));
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            // the test fails on the next answer it does not get
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // as above
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
}

package org.modelgate.fleet.internal.federated;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.modelgate.learn.UpdateCodec;
import org.modelgate.learn.client.internal.ClientSettings;
import org.modelgate.learn.client.internal.LearnClient;
import org.modelgate.remote.CommandException;
import org.modelgate.remote.CommandSignatures;
import org.modelgate.remote.mqtt.link.Json;

/**
 * In-test gateways for federated rounds: each device is the gateway's real {@link LearnClient} over its own data
 * folder, behind a small responder on one MQTT connection that does what the agent does for the {@code learn}
 * command (retained online status and state, the controller's signature checked, an id run once and its first answer
 * sent again). Behaviours inject the faults a round must survive.
 */
final class TestLearnClients implements AutoCloseable, MqttCallback {
    /** How a device behaves. */
    enum Behaviour { OK, SILENT, NAN_UPDATE, WRONG_SIZE_UPDATE, DROP_AFTER_SHARE }

    static final class Device {
        final String id;
        final LearnClient client;
        volatile Behaviour behaviour = Behaviour.OK;
        final Map<String, byte[]> answers = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> actions = new ConcurrentHashMap<>();
        /** Answers that carried (a chunk of) the plain update. */
        final AtomicInteger plainUpdateChunks = new AtomicInteger();

        Device(String id, LearnClient client) {
            this.id = id;
            this.client = client;
        }

        int count(String action) {
            return actions.getOrDefault(action, new AtomicInteger()).get();
        }
    }

    private final String fleet;
    private final PublicKey controllerKey;
    private final MqttClient mqtt;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool();

    TestLearnClients(String brokerUri, String fleet, PublicKey controllerKey) throws MqttException {
        this.fleet = fleet;
        this.controllerKey = controllerKey;
        mqtt = new MqttClient(brokerUri, "learners-" + UUID.randomUUID(), new MemoryPersistence());
        mqtt.setCallback(this);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        mqtt.connect(options);
        mqtt.subscribe(new MqttSubscription[] {new MqttSubscription("modelgate/" + fleet + "/+/cmd/learn", 1)});
    }

    Device add(String id, Path dataDir, String... groups) throws MqttException {
        Device d = new Device(id, new LearnClient(ClientSettings.of(dataDir, id, "digits")));
        devices.put(id, d);
        mqtt.publish("modelgate/" + fleet + "/" + id + "/status", "online".getBytes(StandardCharsets.US_ASCII), 1, true);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("fleet", fleet);
        state.put("device", id);
        state.put("groups", List.of(groups));
        state.put("models", List.of());
        state.put("facts", Map.of("cpu", "x86_64", "os", "Linux", "memory_mb", 1024));
        mqtt.publish("modelgate/" + fleet + "/" + id + "/state", Json.write(state), 1, true);
        return d;
    }

    Device device(String id) {
        return devices.get(id);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        Device d = devices.get(topic.split("/")[2]);
        if (d == null || d.behaviour == Behaviour.SILENT) {
            return;
        }
        if (d.behaviour == Behaviour.DROP_AFTER_SHARE) {
            Object body = Json.object(message.getPayload()).get("body");
            String action = body instanceof Map<?, ?> b ? String.valueOf(b.get("action")) : "";
            if (action.equals("secagg-input") || action.equals("secagg-unmask")) {
                return; // gone after it shared its keys
            }
        }
        workers.execute(() -> {
            try {
                MqttProperties out = new MqttProperties();
                out.setCorrelationData(message.getProperties().getCorrelationData());
                out.setUserProperties(List.of(new UserProperty("device", d.id)));
                mqtt.publish(message.getProperties().getResponseTopic(), new MqttMessage(answer(d, message), 1, false, out));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private byte[] answer(Device d, MqttMessage message) {
        byte[] payload = message.getPayload();
        Map<String, Object> request = Json.object(payload);
        String id = String.valueOf(request.get("id"));
        String signature = message.getProperties().getUserProperties().stream()
                .filter(p -> p.getKey().equals(CommandSignatures.SIGNATURE_PROPERTY)).map(UserProperty::getValue)
                .findFirst().orElse("");
        if (!CommandSignatures.verify("learn", payload, Base64.getDecoder().decode(signature), controllerKey)) {
            return Json.write(Map.of("id", id, "ok", false, "error", "bad signature"));
        }
        synchronized (d) {
            byte[] first = d.answers.get(id);
            if (first != null) {
                return first;
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) request.get("body");
        d.actions.computeIfAbsent(String.valueOf(body.get("action")), a -> new AtomicInteger()).incrementAndGet();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        try {
            Object result = d.client.handle(body);
            if (result instanceof Map<?, ?> r && "update".equals(body.get("action")) && r.containsKey("data")) {
                d.plainUpdateChunks.incrementAndGet();
            }
            answer.put("result", tamper(d, result));
            answer.put("ok", true);
        } catch (CommandException e) {
            answer.put("ok", false);
            answer.put("error", e.getMessage());
        }
        byte[] bytes = Json.write(answer);
        synchronized (d) {
            d.answers.putIfAbsent(id, bytes);
            return d.answers.get(id);
        }
    }

    /** A faulty device sends a bad update (its hash made to match, so only the validator can refuse it). */
    @SuppressWarnings("unchecked")
    private static Object tamper(Device d, Object result) {
        if (d.behaviour == Behaviour.OK || d.behaviour == Behaviour.DROP_AFTER_SHARE || !(result instanceof Map<?, ?> m) || !"update_ready".equals(m.get("state"))) {
            return result;
        }
        Map<String, Object> r = new LinkedHashMap<>((Map<String, Object>) m);
        float[] delta = UpdateCodec.decode(Base64.getDecoder().decode((String) r.get("data")),
                ((Number) r.get("size")).intValue() / 4);
        if (d.behaviour == Behaviour.NAN_UPDATE) {
            delta[17] = Float.NaN;
        } else {
            delta = java.util.Arrays.copyOf(delta, delta.length - 6);
        }
        byte[] bytes = UpdateCodec.encode(delta);
        r.put("data", Base64.getEncoder().encodeToString(bytes));
        r.put("size", bytes.length);
        r.put("sha256", UpdateCodec.sha256(bytes));
        return r;
    }

    @Override
    public void close() throws Exception {
        workers.shutdownNow();
        for (Device d : devices.values()) {
            d.client.close();
        }
        mqtt.disconnect();
        mqtt.close();
    }

    @Override public void disconnected(MqttDisconnectResponse r) { }
    @Override public void mqttErrorOccurred(MqttException e) { }
    @Override public void deliveryComplete(IMqttToken t) { }
    @Override public void connectComplete(boolean reconnect, String uri) { }
    @Override public void authPacketArrived(int code, MqttProperties p) { }
}

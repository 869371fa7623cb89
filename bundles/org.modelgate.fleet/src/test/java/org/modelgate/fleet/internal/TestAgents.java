package org.modelgate.fleet.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
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
import org.modelgate.remote.CommandSignatures;
import org.modelgate.remote.mqtt.link.Json;

/**
 * Tiny in-test responders for many devices over one MQTT connection: each device's retained status and state (with
 * facts), and answers to deploy (chunks checked in order and by SHA-256), activate and rollback as the agent gives
 * them (signature checked with the controller's public key, an id runs once and a repeat gets the first answer).
 * Behaviours per device inject failures. The full simulated agent is wt/fleetsim's; these only answer what the
 * controller sends.
 */
final class TestAgents implements AutoCloseable, MqttCallback {
    /** How a device behaves. */
    enum Behaviour { OK, FAIL_ACTIVATION, SILENT, HOLD, DUPLICATE_ANSWERS, LATE }

    /** How late a LATE device answers. */
    static final long LATE_MILLIS = 12_000;

    /** A device's state. */
    static final class Agent {
        final String id;
        final Map<String, Object> facts = new LinkedHashMap<>();
        final List<String> groups = new ArrayList<>();
        volatile Behaviour behaviour = Behaviour.OK;
        volatile String active;
        final List<String> versions = new ArrayList<>();
        final List<String> alerts = new ArrayList<>();
        final List<String> history = new ArrayList<>();
        final Map<String, byte[]> answers = new ConcurrentHashMap<>();
        final Set<String> ran = ConcurrentHashMap.newKeySet();
        final Map<String, ByteArrayOutputStream> transfers = new ConcurrentHashMap<>();
        final AtomicLong activations = new AtomicLong();
        final AtomicLong seq = new AtomicLong();

        Agent(String id, String active) {
            this.id = id;
            this.active = active;
            versions.add(active);
            facts.put("cpu", "x86_64");
            facts.put("os", "Linux 6.1");
            facts.put("memory_mb", 2048);
            facts.put("gateway_version", "0.1.0.SNAPSHOT");
            facts.put("device_type", "rpi5");
            facts.put("accelerators", List.of("cpu"));
            facts.put("drivers", Map.of("cpu", true));
            facts.put("formats", List.of("onnx"));
        }
    }

    private final String fleet;
    private final String model;
    private final PublicKey controllerKey;
    private final MqttClient client;
    private final Map<String, Agent> agents = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final java.util.concurrent.ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private final CountDownLatch released = new CountDownLatch(1);

    TestAgents(String brokerUri, String fleet, String model, PublicKey controllerKey) throws MqttException {
        this.fleet = fleet;
        this.model = model;
        this.controllerKey = controllerKey;
        client = new MqttClient(brokerUri, "agents-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(this);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options);
        client.subscribe(new MqttSubscription[] {new MqttSubscription("modelgate/" + fleet + "/+/cmd/+", 1)});
    }

    /** Adds a device serving {@code model} at {@code active}, publishes its retained status and state. */
    Agent add(String id, String active, String... groups) throws MqttException {
        Agent a = new Agent(id, active);
        a.groups.addAll(List.of(groups));
        agents.put(id, a);
        publishStatus(id, "online");
        publishState(a);
        return a;
    }

    int count() {
        return agents.size();
    }

    Agent agent(String id) {
        return agents.get(id);
    }

    void publishStatus(String id, String status) throws MqttException {
        client.publish("modelgate/" + fleet + "/" + id + "/status", status.getBytes(StandardCharsets.US_ASCII), 1, true);
    }

    void publishState(Agent a) throws MqttException {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("fleet", fleet);
        state.put("device", a.id);
        state.put("groups", a.groups);
        state.put("models", List.of(Map.of("name", model, "version", a.active, "versions", List.copyOf(a.versions),
                "state", "READY", "backend", "onnxruntime")));
        state.put("facts", a.facts);
        state.put("health", List.of(Map.of("model", model, "version", a.active, "alerts", List.copyOf(a.alerts))));
        client.publish("modelgate/" + fleet + "/" + a.id + "/state", Json.write(state), 1, true);
    }

    /** Publishes a telemetry summary with one row for the model at the given version, with {@code seq}. */
    void publishTelemetry(String id, String version, long requests, long errors, double p95Ms, long seq)
            throws MqttException {
        publishTelemetry(id, version, requests, errors, p95Ms, seq, Map.of());
    }

    /** The same with more fields in the row (accuracy, labelled, ...). */
    void publishTelemetry(String id, String version, long requests, long errors, double p95Ms, long seq,
            Map<String, Object> more) throws MqttException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("model", model);
        row.put("version", version);
        row.put("active", true);
        row.put("requests", requests);
        row.put("errors", errors);
        row.put("p95Ms", p95Ms);
        row.putAll(more);
        Map<String, Object> telemetry = Map.of("type", "telemetry", "device", id, "models", List.of(row));
        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(List.of(new UserProperty("seq", String.valueOf(seq))));
        client.publish("modelgate/" + fleet + "/" + id + "/telemetry", new MqttMessage(Json.write(telemetry), 1, false,
                properties));
    }

    /** Lets HOLD devices answer from now on. */
    void release() {
        released.countDown();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        String[] parts = topic.split("/");
        Agent a = agents.get(parts[2]);
        if (a == null || a.behaviour == Behaviour.SILENT) {
            return;
        }
        byte[] payload = message.getPayload();
        MqttProperties in = message.getProperties();
        if (a.behaviour == Behaviour.LATE) {
            later.schedule(() -> {
                try {
                    reply(in, answer(a, parts[4], payload, in), a.id);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, LATE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            return;
        }
        worker.execute(() -> {
            try {
                if (a.behaviour == Behaviour.HOLD) {
                    released.await();
                }
                byte[] answer = answer(a, parts[4], payload, in);
                reply(in, answer, a.id);
                if (a.behaviour == Behaviour.DUPLICATE_ANSWERS) {
                    reply(in, answer, a.id);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void reply(MqttProperties in, byte[] answer, String device) throws MqttException {
        MqttProperties out = new MqttProperties();
        out.setCorrelationData(in.getCorrelationData());
        out.setUserProperties(List.of(new UserProperty("device", device)));
        client.publish(in.getResponseTopic(), new MqttMessage(answer, 1, false, out));
    }

    private byte[] answer(Agent a, String command, byte[] payload, MqttProperties in) throws Exception {
        Map<?, ?> request = (Map<?, ?>) StrictJson.read(payload);
        String id = String.valueOf(request.get("id"));
        String signature = in.getUserProperties().stream().filter(p -> p.getKey().equals("signature"))
                .map(UserProperty::getValue).findFirst().orElse("");
        if (!CommandSignatures.verify(command, payload, Base64.getDecoder().decode(signature), controllerKey)) {
            return Json.write(Map.of("id", id, "ok", false, "error", "bad signature"));
        }
        byte[] first = a.answers.get(id);
        if (first != null) {
            return first;
        }
        a.ran.add(id);
        Map<?, ?> body = (Map<?, ?>) request.get("body");
        byte[] bytes = AgentCommands.answer(id, () -> run(a, command, body));
        a.answers.put(id, bytes);
        return bytes;
    }

    private Object run(Agent a, String command, Map<?, ?> body) throws Exception {
        switch (command) {
            case "deploy" -> {
                Map<String, Object> result = new LinkedHashMap<>();
                if (AgentCommands.deployChunk(a.transfers, body, result) == null) {
                    return result;
                }
                String file = String.valueOf(body.get("file"));
                String version = file.substring(model.length() + 1, file.length() - 4);
                if (a.behaviour == Behaviour.FAIL_ACTIVATION) {
                    throw new IllegalStateException("activating " + model + " " + version
                            + " (it stays installed): trial failed: 40 % errors");
                }
                activate(a, version);
                result.put("installed", Map.of("model", model, "version", version));
                result.put("activated", true);
                result.put("model", Map.of("name", model, "active", a.active));
                return result;
            }
            case "activate" -> {
                String version = String.valueOf(body.get("version"));
                if (a.active != null && org.osgi.framework.Version.parseVersion(version)
                        .compareTo(org.osgi.framework.Version.parseVersion(a.active)) < 0) {
                    // as a real gateway: a version below the committed one comes back only by an explicit rollback
                    throw new IllegalStateException("activating " + model + " " + version + ": " + a.active
                            + " is committed; going back needs an explicit rollback");
                }
                activate(a, version);
                return Map.of("name", model, "active", a.active);
            }
            case "rollback" -> {
                a.history.remove(a.history.size() - 1);
                a.active = a.history.isEmpty() ? a.versions.get(0) : a.history.get(a.history.size() - 1);
                publishState(a);
                return Map.of("name", model, "active", a.active);
            }
            default -> throw new IllegalStateException("unknown command '" + command + "'");
        }
    }

    private void activate(Agent a, String version) throws MqttException {
        if (!a.versions.contains(version)) {
            a.versions.add(version);
        }
        a.history.add(version);
        a.active = version;
        a.activations.incrementAndGet();
        publishState(a);
    }

    @Override
    public void close() throws MqttException {
        released.countDown();
        worker.shutdownNow();
        later.shutdownNow();
        client.disconnect();
        client.close();
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

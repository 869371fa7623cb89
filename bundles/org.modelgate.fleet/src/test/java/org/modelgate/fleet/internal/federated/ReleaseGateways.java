package org.modelgate.fleet.internal.federated;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
import org.modelgate.fleet.internal.AgentCommands;
import org.modelgate.json.StrictJson;
import org.modelgate.packaging.ModelPackages;
import org.modelgate.packaging.UnpackedModel;
import org.modelgate.remote.CommandSignatures;
import org.modelgate.remote.mqtt.link.Json;
import org.modelgate.security.TrustStore;

/**
 * In-test gateways that receive a released model and serve it: each device answers the controller's {@code deploy}
 * (chunks in order, SHA-256, then the package unpacked against the gateway's model-signer trust store, so the
 * signature is checked as on a gateway), {@code activate} and {@code rollback} (signature of the controller checked,
 * an id run once), loads the active version's {@code model.onnx} in ONNX Runtime and serves its labelled field data
 * with it; every serving tick it publishes a telemetry summary in the agent's format (one row per model version that
 * served: requests, errors, accuracy from the labels) with an increasing {@code seq}. That telemetry is what the fleet
 * controller's accuracy gate reads, as from a real agent.
 */
final class ReleaseGateways implements AutoCloseable, MqttCallback {
    /** Rows served per tick and device. */
    static final int BATCH = 40;

    /** Requests and correct answers of one version on one device, since the gateway started. */
    static final class Counts {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong correct = new AtomicLong();

        double accuracy() {
            long n = requests.get();
            return n == 0 ? Double.NaN : correct.get() / (double) n;
        }
    }

    static final class Device {
        final String id;
        final String group;
        final Map<String, UnpackedModel> installed = new ConcurrentHashMap<>();
        final List<String> history = new CopyOnWriteArrayList<>();
        final List<String> commands = new CopyOnWriteArrayList<>();
        final Map<String, Counts> served = new ConcurrentHashMap<>();
        final Map<String, byte[]> answers = new ConcurrentHashMap<>();
        final Map<String, ByteArrayOutputStream> transfers = new ConcurrentHashMap<>();
        final AtomicLong seq = new AtomicLong();
        volatile String active;
        volatile OrtSession session;
        int cursor;

        Device(String id, String group) {
            this.id = id;
            this.group = group;
        }

        Counts counts(String version) {
            return served.computeIfAbsent(version, v -> new Counts());
        }
    }

    private final String fleet;
    private final String model;
    private final PublicKey controllerKey;
    private final TrustStore modelSigners;
    private final Path home;
    private final List<float[]> rows;
    private final List<Integer> labels;
    private final MqttClient mqtt;
    private final OrtEnvironment ort = OrtEnvironment.getEnvironment();
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService serving = Executors.newSingleThreadScheduledExecutor();

    /**
     * @param fieldData labelled rows (features..., label) every device serves and knows the truth of
     */
    ReleaseGateways(String brokerUri, String fleet, String model, PublicKey controllerKey, TrustStore modelSigners,
            Path home, List<String> fieldData) throws MqttException {
        this.fleet = fleet;
        this.model = model;
        this.controllerKey = controllerKey;
        this.modelSigners = modelSigners;
        this.home = home;
        this.rows = new ArrayList<>();
        this.labels = new ArrayList<>();
        for (String line : fieldData) {
            String[] cells = line.split(",");
            float[] row = new float[cells.length - 1];
            for (int i = 0; i < row.length; i++) {
                row[i] = Float.parseFloat(cells[i].trim());
            }
            rows.add(row);
            labels.add(Integer.parseInt(cells[cells.length - 1].trim()));
        }
        mqtt = new MqttClient(brokerUri, "release-gateways-" + UUID.randomUUID(), new MemoryPersistence());
        mqtt.setCallback(this);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        mqtt.connect(options);
        for (String command : List.of("deploy", "activate", "rollback")) {
            mqtt.subscribe(new MqttSubscription[] {new MqttSubscription("modelgate/" + fleet + "/+/cmd/" + command, 1)});
        }
        serving.scheduleWithFixedDelay(this::serveAll, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** Adds a device in {@code group} that has {@code installedMgp} installed and active (checked like a deploy). */
    Device add(String id, String group, Path installedMgp) throws Exception {
        Device d = new Device(id, group);
        String version = install(d, installedMgp);
        activate(d, version);
        devices.put(id, d);
        mqtt.publish("modelgate/" + fleet + "/" + id + "/status", "online".getBytes(StandardCharsets.US_ASCII), 1, true);
        publishState(d);
        return d;
    }

    Device device(String id) {
        return devices.get(id);
    }

    private String install(Device d, Path mgp) throws Exception {
        Path staging = Files.createDirectories(home.resolve(d.id)).resolve("staging-" + UUID.randomUUID());
        UnpackedModel unpacked = ModelPackages.unpack(mgp, staging, modelSigners);
        if (!unpacked.name().equals(model)) {
            throw new IllegalStateException("package holds model " + unpacked.name() + ", this gateway serves " + model);
        }
        d.installed.put(unpacked.version(), unpacked);
        return unpacked.version();
    }

    private synchronized void activate(Device d, String version) throws OrtException {
        UnpackedModel unpacked = d.installed.get(version);
        if (unpacked == null) {
            throw new IllegalStateException(model + " " + version + " is not installed");
        }
        OrtSession next = ort.createSession(unpacked.folder().resolve("model.onnx").toString(), new OrtSession.SessionOptions());
        OrtSession before = d.session;
        d.session = next;
        d.active = version;
        d.history.add(version);
        if (before != null) {
            before.close();
        }
    }

    private void publishState(Device d) throws MqttException {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("cpu", "x86_64");
        facts.put("os", "Linux 6.1");
        facts.put("memory_mb", 2048);
        facts.put("gateway_version", "0.1.0.SNAPSHOT");
        facts.put("device_type", "shop-pc");
        facts.put("accelerators", List.of("cpu"));
        facts.put("drivers", Map.of("cpu", true));
        facts.put("formats", List.of("onnx"));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("fleet", fleet);
        state.put("device", d.id);
        state.put("groups", List.of(d.group));
        state.put("models", List.of(Map.of("name", model, "version", d.active, "versions", List.copyOf(d.installed.keySet()),
                "state", "READY", "backend", "onnxruntime")));
        state.put("facts", facts);
        state.put("health", List.of(Map.of("model", model, "version", d.active, "alerts", List.of())));
        mqtt.publish("modelgate/" + fleet + "/" + d.id + "/state", Json.write(state), 1, true);
    }

    /** One serving tick: each device answers a batch of its field rows with its active version and reports. */
    private void serveAll() {
        for (Device d : devices.values()) {
            try {
                serve(d);
                publishTelemetry(d);
            } catch (Exception e) {
                // the next tick tries again; a test waiting for telemetry names what it missed
            }
        }
    }

    private synchronized void serve(Device d) throws OrtException {
        OrtSession session = d.session;
        float[][] batch = new float[BATCH][];
        int[] truth = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            int k = d.cursor++ % rows.size();
            batch[i] = rows.get(k);
            truth[i] = labels.get(k);
        }
        try (OnnxTensor input = OnnxTensor.createTensor(ort, batch);
                OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
            float[][] probabilities = (float[][]) result.get(0).getValue();
            Counts counts = d.counts(d.active);
            for (int i = 0; i < BATCH; i++) {
                int best = 0;
                for (int c = 1; c < probabilities[i].length; c++) {
                    if (probabilities[i][c] > probabilities[i][best]) {
                        best = c;
                    }
                }
                counts.requests.incrementAndGet();
                if (best == truth[i]) {
                    counts.correct.incrementAndGet();
                }
            }
        }
    }

    /** The agent's telemetry summary: {@code type telemetry}, one {@code models} row per version that served. */
    private void publishTelemetry(Device d) throws MqttException {
        List<Map<String, Object>> models = new ArrayList<>();
        d.served.forEach((version, counts) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", model);
            row.put("version", version);
            row.put("active", version.equals(d.active));
            row.put("requests", counts.requests.get());
            row.put("errors", 0);
            row.put("rejected", 0);
            row.put("accuracy", counts.accuracy());
            row.put("labelled", counts.requests.get()); // every request of these gateways carries its true label
            models.add(row);
        });
        Map<String, Object> telemetry = new LinkedHashMap<>();
        telemetry.put("type", "telemetry");
        telemetry.put("device", d.id);
        telemetry.put("models", models);
        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(List.of(new UserProperty("seq", String.valueOf(d.seq.incrementAndGet()))));
        mqtt.publish("modelgate/" + fleet + "/" + d.id + "/telemetry", new MqttMessage(Json.write(telemetry), 1, false,
                properties));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        String[] parts = topic.split("/");
        Device d = devices.get(parts[2]);
        if (d == null) {
            return;
        }
        byte[] payload = message.getPayload();
        MqttProperties in = message.getProperties();
        worker.execute(() -> {
            try {
                byte[] answer = answer(d, parts[4], payload, in);
                MqttProperties out = new MqttProperties();
                out.setCorrelationData(in.getCorrelationData());
                out.setUserProperties(List.of(new UserProperty("device", d.id)));
                mqtt.publish(in.getResponseTopic(), new MqttMessage(answer, 1, false, out));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private byte[] answer(Device d, String command, byte[] payload, MqttProperties in) throws Exception {
        Map<?, ?> request = (Map<?, ?>) StrictJson.read(payload);
        String id = String.valueOf(request.get("id"));
        String signature = in.getUserProperties().stream().filter(p -> p.getKey().equals("signature"))
                .map(UserProperty::getValue).findFirst().orElse("");
        if (!CommandSignatures.verify(command, payload, Base64.getDecoder().decode(signature), controllerKey)) {
            return Json.write(Map.of("id", id, "ok", false, "error", "bad signature"));
        }
        byte[] first = d.answers.get(id);
        if (first != null) {
            return first;
        }
        d.commands.add(command);
        byte[] bytes = AgentCommands.answer(id, () -> run(d, command, (Map<?, ?>) request.get("body")));
        d.answers.put(id, bytes);
        return bytes;
    }

    private Object run(Device d, String command, Map<?, ?> body) throws Exception {
        switch (command) {
            case "deploy" -> {
                Map<String, Object> result = new LinkedHashMap<>();
                byte[] mgp = AgentCommands.deployChunk(d.transfers, body, result);
                if (mgp == null) {
                    return result;
                }
                Path file = Files.createDirectories(home.resolve(d.id + "/incoming"))
                        .resolve(Path.of(String.valueOf(body.get("file"))).getFileName().toString());
                Files.write(file, mgp);
                String version = install(d, file);
                activate(d, version);
                publishState(d);
                result.put("installed", Map.of("model", model, "version", version));
                result.put("activated", true);
                result.put("model", Map.of("name", model, "active", d.active));
                return result;
            }
            case "activate" -> {
                activate(d, String.valueOf(body.get("version")));
                publishState(d);
                return Map.of("name", model, "active", d.active);
            }
            case "rollback" -> {
                if (d.history.size() < 2) {
                    throw new IllegalStateException(model + " has no previous version to roll back to");
                }
                d.history.remove(d.history.size() - 1);
                String previous = d.history.remove(d.history.size() - 1);
                activate(d, previous);
                publishState(d);
                return Map.of("name", model, "active", d.active);
            }
            default -> throw new IllegalStateException("unknown command '" + command + "'");
        }
    }

    @Override
    public void close() throws Exception {
        serving.shutdownNow();
        worker.shutdownNow();
        serving.awaitTermination(10, TimeUnit.SECONDS);
        mqtt.disconnect();
        mqtt.close();
        for (Device d : devices.values()) {
            if (d.session != null) {
                d.session.close();
            }
        }
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

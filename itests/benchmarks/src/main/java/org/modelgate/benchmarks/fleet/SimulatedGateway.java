package org.modelgate.benchmarks.fleet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
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
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.modelgate.remote.CommandSignatures;

/**
 * A lightweight gateway that speaks the real agent protocol over its own MQTT v5 connection (Paho), for fleet
 * simulations with many of them in one JVM. What it does as the agent does (org.modelgate.remote.mqtt's README):
 * retained {@code status} {@code online} after connecting and {@code offline} as its Last Will and on a clean stop;
 * retained {@code state} ({@code fleet, device, groups, facts, bundles, models, backends, drivers, health}) republished
 * on every change; commands on {@code cmd/+} (and its groups' {@code cmd/+}) answered on the request's response topic
 * with its correlation data, content type, message expiry and the user property {@code device}, as
 * {@code {"id","ok","result"|"error"}}; the agent's checks in its order (size, JSON with duplicate keys refused, id,
 * unknown command, signature of a mutating command with {@link CommandSignatures} against {@link ControllerTrust},
 * replay by id answered with the first answer, expiry); {@code status}, {@code models}, {@code health},
 * {@code deploy} (chunks reassembled and sha256-checked, see {@link ChunkAssembly}), {@code activate},
 * {@code rollback}, {@code remove}; telemetry with the agent's fields and {@code seq}/{@code created}.
 *
 * <p>What it does not do: unpack or verify the package's own signature (the real registry does; the distribution's
 * FleetRolloutIT runs real gateways), run models (telemetry figures come from a fixed profile, worse after an update
 * for a gateway that {@link Faults#regresses()}).
 */
public final class SimulatedGateway implements MqttCallback, AutoCloseable {
    /** Bytes over which a payload is refused unread (the agent's default {@code maxPayloadBytes}). */
    static final int MAX_PAYLOAD_BYTES = 262_144;
    private static final long ANSWER_EXPIRY_SECONDS = 3600;
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final List<String> COMMANDS = List.of("activate", "deploy", "health", "models", "remove", "rollback",
            "status");
    private static final List<String> MUTATING = List.of("activate", "deploy", "remove", "rollback");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final GatewayProfile profile;
    private final ControllerTrust trust;
    private final FleetRuntime runtime;
    private final String prefix;
    private final String groupPrefix;
    private final Map<String, SimulatedModel> models = new TreeMap<>();
    private final ChunkAssembly transfers = new ChunkAssembly();
    private final Map<String, byte[]> answers = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > 1000;
        }
    };
    private final long startedMillis = System.currentTimeMillis();
    private volatile MqttAsyncClient client;
    private long seq;

    /**
     * @param profile what the gateway is
     * @param trust the controller keys it accepts
     * @param runtime the threads and counters it shares with the rest of its fleet
     */
    public SimulatedGateway(GatewayProfile profile, ControllerTrust trust, FleetRuntime runtime) {
        this.profile = profile;
        this.trust = trust;
        this.runtime = runtime;
        this.prefix = "modelgate/" + profile.fleet() + "/" + profile.device() + "/";
        this.groupPrefix = "modelgate/" + profile.fleet() + "/group/";
        profile.models().forEach((name, version) -> models.put(name, new SimulatedModel(name, version)));
    }

    public GatewayProfile profile() {
        return profile;
    }

    /** @return the version of the model it serves now, or null */
    public synchronized String activeVersion(String model) {
        SimulatedModel m = models.get(model);
        return m == null ? null : m.active();
    }

    /** @return the versions of the model installed here */
    public synchronized List<String> versions(String model) {
        SimulatedModel m = models.get(model);
        return m == null ? List.of() : m.versions();
    }

    /** Connects (Last Will {@code offline}, retained), subscribes to its command topics, reports online and its state. */
    public void connect(String brokerUri) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(brokerUri, "modelgate-" + profile.fleet() + "-" + profile.device(),
                new MemoryPersistence());
        c.setCallback(this);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(60);
        options.setConnectionTimeout(120);
        MqttMessage will = new MqttMessage("offline".getBytes(StandardCharsets.UTF_8));
        will.setQos(1);
        will.setRetained(true);
        options.setWill(prefix + "status", will);
        c.connect(options).waitForCompletion(TimeUnit.SECONDS.toMillis(150));
        List<MqttSubscription> filters = new ArrayList<>();
        filters.add(new MqttSubscription(prefix + "cmd/+", 1));
        for (String group : profile.groups()) {
            filters.add(new MqttSubscription(groupPrefix + group + "/cmd/+", 1));
        }
        c.subscribe(filters.toArray(MqttSubscription[]::new)).waitForCompletion(TimeUnit.SECONDS.toMillis(60));
        client = c;
        report("status", "online".getBytes(StandardCharsets.UTF_8));
        publishState();
    }

    /** Starts publishing telemetry every period (the agent's {@code telemetrySeconds}). */
    public void startTelemetry(long periodMillis) {
        long first = Math.floorMod(profile.device().hashCode(), (int) Math.max(1, periodMillis));
        runtime.scheduler().scheduleAtFixedRate(this::publishTelemetry, first, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops cleanly: {@code offline} (retained), then DISCONNECT. */
    @Override
    public void close() {
        MqttAsyncClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                publish(c, prefix + "status", "offline".getBytes(StandardCharsets.UTF_8), true, null);
                c.disconnect(5_000).waitForCompletion(10_000);
            }
        } catch (MqttException e) {
            // the broker went first: nothing left to tell it
        } finally {
            closeQuietly(c);
        }
    }

    /** Drops the connection as a crash would: no DISCONNECT, so the broker sends the Last Will. */
    public void crash() {
        MqttAsyncClient c = client;
        client = null;
        if (c != null) {
            try {
                c.disconnectForcibly(0, 1, false);
            } catch (MqttException e) {
                // gone already
            }
            closeQuietly(c);
        }
    }

    private static void closeQuietly(MqttAsyncClient c) {
        try {
            c.close(true);
        } catch (MqttException e) {
            // nothing more to release
        }
    }

    // ---- commands ----

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        runtime.received();
        if (!topic.startsWith(prefix + "cmd/") && !topic.startsWith(groupPrefix)) {
            return;
        }
        if (profile.faults().silent()) {
            return;
        }
        String command = topic.substring(topic.lastIndexOf('/') + 1);
        String group = topic.startsWith(groupPrefix)
                ? topic.substring(groupPrefix.length(), topic.indexOf("/cmd/", groupPrefix.length())) : null;
        MqttProperties in = message.getProperties();
        String responseTopic = in == null || in.getResponseTopic() == null ? prefix + "reply" : in.getResponseTopic();
        byte[] correlation = in == null ? null : in.getCorrelationData();
        String signature = userProperty(in, CommandSignatures.SIGNATURE_PROPERTY);
        String key = userProperty(in, CommandSignatures.KEY_PROPERTY);
        byte[] payload = message.getPayload();
        // never on Paho's callback thread: an answer waits for its PUBACK
        runtime.workers().execute(() -> {
            byte[] answer = answer(command, group, payload, signature, key);
            MqttProperties out = new MqttProperties();
            if (correlation != null) {
                out.setCorrelationData(correlation);
            }
            out.setContentType("application/json");
            out.setMessageExpiryInterval(ANSWER_EXPIRY_SECONDS);
            out.setUserProperties(List.of(new UserProperty("device", profile.device())));
            MqttAsyncClient c = client;
            if (c != null) {
                publish(c, responseTopic, answer, false, out);
            }
        });
    }

    /** The agent's checks in its order, then the command; the answer's bytes. */
    synchronized byte[] answer(String command, String group, byte[] payload, String signature, String key) {
        Object id = null;
        try {
            if (payload.length > MAX_PAYLOAD_BYTES) {
                throw new CommandError("payload of " + payload.length + " bytes is over the limit of " + MAX_PAYLOAD_BYTES
                        + " bytes (maxPayloadBytes); send large content in chunks");
            }
            Map<String, Object> envelope = envelope(payload);
            id = envelope.get("id");
            if (id == null) {
                throw new CommandError("the request has no \"id\" (a string unique per controller)");
            }
            if (!(id instanceof String s) || !ID.matcher(s).matches()) {
                id = null;
                throw new CommandError("\"id\" must be 1 to 128 printable ASCII characters without spaces");
            }
            if (!COMMANDS.contains(command)) {
                throw new CommandError("unknown command '" + command + "'; known: " + String.join(", ", new TreeSet<>(COMMANDS)));
            }
            boolean mutating = MUTATING.contains(command);
            if (mutating) {
                trust.check(command, payload, signature, key);
            }
            byte[] first = answers.get((String) id);
            if (first != null) {
                return first;
            }
            byte[] answer;
            try {
                checkExpiry(command, envelope.get("expires"), mutating);
                Object body = envelope.get("body");
                if (body != null && !(body instanceof Map)) {
                    throw new CommandError("\"body\" must be a JSON object, not " + body.getClass().getSimpleName());
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = body == null ? Map.of() : (Map<String, Object>) body;
                Map<String, Object> ok = head(id, group);
                ok.put("ok", true);
                ok.put("result", run(command, fields));
                answer = JSON.writeValueAsBytes(ok);
            } catch (CommandError e) {
                answer = error(id, group, e.getMessage());
            }
            answers.put((String) id, answer);
            return answer;
        } catch (CommandError e) {
            return error(id, group, e.getMessage());
        } catch (IOException e) {
            return error(id, group, "command '" + command + "' failed: " + e);
        }
    }

    private static Map<String, Object> envelope(byte[] payload) throws CommandError {
        Object parsed;
        try {
            parsed = JSON.readValue(payload, Object.class);
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage();
            throw new CommandError("malformed JSON: " + why);
        }
        if (!(parsed instanceof Map)) {
            throw new CommandError("the request must be a JSON object {\"id\": ..., \"expires\": ..., \"body\": {...}}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) parsed;
        return map;
    }

    private static void checkExpiry(String command, Object value, boolean mutating) throws CommandError {
        if (value == null) {
            if (mutating) {
                throw new CommandError("command '" + command + "' changes the gateway and needs \"expires\""
                        + " (ISO-8601, e.g. 2026-12-07T06:00:00Z)");
            }
            return;
        }
        Instant expires;
        try {
            expires = Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            throw new CommandError("\"expires\" is not an ISO-8601 instant such as 2026-12-07T06:00:00Z: " + value);
        }
        Instant now = Instant.now();
        if (!now.isBefore(expires)) {
            throw new CommandError("expired at " + expires + " (now " + now + "); send a new request");
        }
    }

    private Object run(String command, Map<String, Object> body) throws CommandError, IOException {
        return switch (command) {
            case "status" -> status();
            case "models" -> models(body);
            case "health" -> health();
            case "deploy" -> deploy(body);
            case "activate" -> activate(body);
            case "rollback" -> rollback(body);
            case "remove" -> remove(body);
            default -> throw new CommandError("unknown command '" + command + "'");
        };
    }

    private Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("version", profile.gatewayVersion());
        status.put("framework", "simulated");
        status.put("uptime_seconds", (System.currentTimeMillis() - startedMillis) / 1000);
        status.put("bundles", Map.of("count", 1, "by_state", Map.of("active", 1), "vendor", 0));
        status.put("safe_mode", Map.of("active", false));
        status.put("backends", List.of("onnxruntime"));
        status.put("drivers", profile.accelerators());
        status.put("models", Map.of("count", models.size(), "ready", models.size()));
        return status;
    }

    private Object models(Map<String, Object> body) throws CommandError {
        Object name = body.get("model");
        if (name != null) {
            return known(String.valueOf(name)).toJson();
        }
        return models.values().stream().map(SimulatedModel::toJson).toList();
    }

    private Map<String, Object> health() {
        List<Object> reports = new ArrayList<>();
        for (SimulatedModel m : models.values()) {
            TelemetryProfile t = TelemetryProfile.of(profile.faults().regressesOn(m.name()) && m.isUpdate(m.active()));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("model", m.name());
            r.put("version", m.active());
            r.put("at", Instant.now().toString());
            r.put("latency", Map.of("count", m.totals(m.active())[0], "p50_ms", t.p50Ms(), "p95_ms", t.p95Ms(),
                    "regressed", t.p95Ms() > 20));
            r.put("drift", Map.of("ready", true, "share", t.driftShare()));
            r.put("accuracy", Map.of("accuracy", t.accuracy()));
            r.put("alerts", List.of());
            reports.add(r);
        }
        return Map.of("installed", true, "models", reports);
    }

    private Map<String, Object> deploy(Map<String, Object> body) throws CommandError, IOException {
        boolean activate = Boolean.TRUE.equals(body.get("activate"));
        ChunkAssembly.Progress progress = transfers.receive(body);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("transfer", progress.json());
        if (!progress.complete()) {
            return answer;
        }
        String[] nameVersion = modelJson(progress.file(), progress.fileName());
        SimulatedModel model = models.computeIfAbsent(nameVersion[0], n -> new SimulatedModel(n, nameVersion[1]));
        model.install(nameVersion[1]);
        answer.put("installed", Map.of("model", nameVersion[0], "version", nameVersion[1]));
        if (activate) {
            activate(model, nameVersion[1], " (it stays installed)");
        }
        answer.put("activated", activate);
        answer.put("model", model.toJson());
        publishState();
        return answer;
    }

    private Map<String, Object> activate(Map<String, Object> body) throws CommandError {
        SimulatedModel model = known(ChunkAssembly.text(body, "model"));
        String version = ChunkAssembly.text(body, "version");
        if (!model.versions().contains(version)) {
            throw new CommandError("activating " + model.name() + " " + version + ": version " + version
                    + " is not installed; installed: " + model.versions());
        }
        activate(model, version, "");
        publishState();
        return model.toJson();
    }

    private void activate(SimulatedModel model, String version, String note) throws CommandError {
        if (SimulatedModel.compareVersions(version, model.active()) < 0) {
            // the registry's rule: only rollback goes below the committed version
            throw new CommandError("activating " + model.name() + " " + version + note + ": model '" + model.name() + "' "
                    + version + " is below the committed version " + model.active()
                    + "; going back needs an explicit rollback (mg:rollback " + model.name() + ")");
        }
        if (profile.faults().failsTrialOf(model.name()) && model.isUpdate(version)) {
            String reason = "trial failed: the smoke test of " + model.name() + " " + version
                    + " answered an error (simulated); " + model.active() + " keeps serving";
            model.trialFailed(version, reason);
            publishState();
            throw new CommandError("activating " + model.name() + " " + version + note + ": " + reason);
        }
        model.activate(version);
    }

    private Map<String, Object> rollback(Map<String, Object> body) throws CommandError {
        SimulatedModel model = known(ChunkAssembly.text(body, "model"));
        if (model.rollback() == null) {
            throw new CommandError("rolling back " + model.name() + ": no earlier version to go back to");
        }
        publishState();
        return model.toJson();
    }

    private Map<String, Object> remove(Map<String, Object> body) throws CommandError {
        SimulatedModel model = known(ChunkAssembly.text(body, "model"));
        String version = ChunkAssembly.text(body, "version");
        if (version.equals(model.active())) {
            throw new CommandError("removing " + model.name() + " " + version + ": it is the active version");
        }
        model.remove(version);
        publishState();
        return model.toJson();
    }

    private SimulatedModel known(String name) throws CommandError {
        SimulatedModel m = models.get(name);
        if (m == null) {
            throw new CommandError("no model named " + name + "; models: " + models.keySet());
        }
        return m;
    }

    /** {name, version} from the package's model.json (a zip entry at the top level). */
    private static String[] modelJson(byte[] mgp, String file) throws CommandError {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(mgp))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals("model.json")) {
                    Map<String, Object> json = JSON.readValue(zip.readAllBytes(), new TypeReference<Map<String, Object>>() {
                    });
                    Object name = json.get("name");
                    Object version = json.get("version");
                    if (name == null || version == null) {
                        break;
                    }
                    return new String[] {String.valueOf(name), String.valueOf(version)};
                }
            }
        } catch (IOException e) {
            throw new CommandError("installing " + file + " (nothing was installed): not a model package: " + e.getMessage());
        }
        throw new CommandError("installing " + file + " (nothing was installed): model.json with name and version is missing");
    }

    /** {@code id}, and to a group command {@code device} too (every gateway of the group answers on one topic). */
    private Map<String, Object> head(Object id, String group) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        if (group != null) {
            answer.put("device", profile.device());
        }
        return answer;
    }

    private byte[] error(Object id, String group, String message) {
        Map<String, Object> answer = head(id, group);
        answer.put("ok", false);
        answer.put("error", message);
        try {
            return JSON.writeValueAsBytes(answer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- reports ----

    /** The retained state as the agent writes it (fleet, device, groups, facts, then the sections). */
    synchronized Map<String, Object> stateDocument() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("fleet", profile.fleet());
        state.put("device", profile.device());
        state.put("groups", profile.groups());
        state.put("facts", DeviceFacts.of(profile));
        state.put("bundles", List.of(List.of("org.modelgate.core", profile.gatewayVersion(), "ACTIVE")));
        state.put("models", models.values().stream().map(SimulatedModel::toState).toList());
        state.put("backends", List.of(Map.of("name", "onnxruntime", "version", "1.23.2", "loadedModels", models.size())));
        state.put("drivers", profile.accelerators().stream().map(a -> Map.of("name", a, "available", true, "device", a))
                .toList());
        state.put("health", models.values().stream().map(m -> Map.of("model", m.name(), "version", m.active(),
                "alerts", List.of())).toList());
        return state;
    }

    private void publishState() {
        try {
            report("state", JSON.writeValueAsBytes(stateDocument()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A retained report, late and twice when the faults say so. */
    private void report(String leaf, byte[] payload) {
        Runnable send = () -> {
            MqttAsyncClient c = client;
            if (c != null) {
                publish(c, prefix + leaf, payload, true, null);
                if (profile.faults().duplicatesReports()) {
                    publish(c, prefix + leaf, payload, true, null);
                }
            }
        };
        long delay = profile.faults().reportDelay().toMillis();
        if (delay > 0) {
            runtime.scheduler().schedule(() -> runtime.workers().execute(send), delay, TimeUnit.MILLISECONDS);
        } else {
            runtime.workers().execute(send);
        }
    }

    private void publishTelemetry() {
        MqttAsyncClient c = client;
        if (c == null) {
            return;
        }
        byte[] payload;
        long number;
        synchronized (this) {
            payload = TelemetryProfile.summary(profile, models.values(), System.currentTimeMillis() - startedMillis);
            number = ++seq;
        }
        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(List.of(new UserProperty("seq", Long.toString(number)),
                new UserProperty("created", Long.toString(System.currentTimeMillis()))));
        runtime.workers().execute(() -> publish(c, prefix + "telemetry", payload, false, properties));
    }

    /** QoS 1, waiting for the PUBACK (Paho allows only a few publishes in flight per client). */
    private void publish(MqttAsyncClient c, String topic, byte[] payload, boolean retained, MqttProperties properties) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        message.setRetained(retained);
        if (properties != null) {
            message.setProperties(properties);
        }
        try {
            IMqttToken token = c.publish(topic, message);
            token.waitForCompletion(TimeUnit.SECONDS.toMillis(60));
            runtime.sent();
        } catch (MqttException e) {
            runtime.failedPublish(profile.device() + " " + topic + ": " + e);
        }
    }

    private static String userProperty(MqttProperties properties, String name) {
        if (properties == null || properties.getUserProperties() == null) {
            return null;
        }
        return properties.getUserProperties().stream().filter(p -> p.getKey().equals(name)).map(UserProperty::getValue)
                .findFirst().orElse(null);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        runtime.disconnected(profile.device());
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        runtime.failedPublish(profile.device() + ": " + exception);
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

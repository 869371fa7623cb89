package org.modelgate.fleet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.fleet.internal.FleetFixture.await;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.LinkedHashMap;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.fleet.RolloutState;
import org.modelgate.remote.CommandSignatures;
import org.modelgate.remote.mqtt.link.Json;

/** A remote operator manages rollouts over MQTT with signed commands; the rollout's state is retained on MQTT. */
class OperatorCommandsTest {
    private FleetFixture fixture;
    private MqttClient operator;
    private final BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();

    @AfterEach
    void close() throws Exception {
        if (operator != null) {
            operator.disconnect();
            operator.close();
        }
        fixture.close();
    }

    @Test
    void aRemoteOperatorCreatesApprovesAndStartsAProductionRollout() throws Exception {
        // given
        fixture = new FleetFixture("operator");
        fixture.agents.add("line-1", "1.0.0");
        FleetEngine controller = fixture.controller();
        FleetFixture.awaitDevicesKnown(controller, fixture.agents);
        givenAnOperator();
        String mgp = fixture.mgp("1.2.0", null).toString();

        // when: ops-a creates (a production rollout), ops-a's own approval is refused, ops-b approves, ops-a starts
        Map<?, ?> created = send("c-1", Map.of("action", "create", "package", mgp, "stages", "100%", "production", true),
                "ops-a", fixture.opsA.getPrivate());
        assertThat(created.get("ok")).as(String.valueOf(created.get("error"))).isEqualTo(true);
        String id = String.valueOf(((Map<?, ?>) created.get("result")).get("id"));
        Map<?, ?> own = send("c-2", Map.of("action", "approve", "rollout", id), "ops-a", fixture.opsA.getPrivate());
        Map<?, ?> early = send("c-3", Map.of("action", "start", "rollout", id), "ops-a", fixture.opsA.getPrivate());
        Map<?, ?> approved = send("c-4", Map.of("action", "approve", "rollout", id), "ops-b", fixture.opsB.getPrivate());
        Map<?, ?> started = send("c-5", Map.of("action", "start", "rollout", id), "ops-a", fixture.opsA.getPrivate());
        Map<?, ?> replay = send("c-5", Map.of("action", "start", "rollout", id), "ops-a", fixture.opsA.getPrivate());
        Map<?, ?> unsigned = sendUnsigned("c-6", Map.of("action", "list"));

        // then
        assertThat(own.get("ok")).isEqualTo(false);
        assertThat(String.valueOf(own.get("error"))).contains("not the creator's");
        assertThat(early.get("ok")).isEqualTo(false);
        assertThat(String.valueOf(early.get("error"))).contains("cannot start unapproved");
        assertThat(approved.get("ok")).isEqualTo(true);
        assertThat(((Map<?, ?>) approved.get("result")).get("approver")).isEqualTo("ops-b");
        assertThat(started.get("ok")).isEqualTo(true);
        assertThat(replay).as("a repeated id gets the first answer").isEqualTo(started);
        assertThat(unsigned.get("ok")).isEqualTo(false);
        assertThat(String.valueOf(unsigned.get("error"))).contains("must be signed");
        await("completed", () -> controller.rollout(id).orElseThrow().state() == RolloutState.COMPLETED);
        assertThat(fixture.agents.agent("line-1").active).isEqualTo("1.2.0");
        assertThat(retainedSummary(id)).containsEntry("state", "COMPLETED").containsEntry("approver", "ops-b");
    }

    private void givenAnOperator() throws MqttException {
        operator = new MqttClient(fixture.broker.uri(), "operator-" + UUID.randomUUID(), new MemoryPersistence());
        operator.setCallback(new MqttCallback() {
            @Override public void messageArrived(String topic, MqttMessage message) { received.add(message); }
            @Override public void disconnected(MqttDisconnectResponse response) { }
            @Override public void mqttErrorOccurred(MqttException exception) { }
            @Override public void deliveryComplete(IMqttToken token) { }
            @Override public void connectComplete(boolean reconnect, String serverURI) { }
            @Override public void authPacketArrived(int reasonCode, MqttProperties properties) { }
        });
        operator.connect(new MqttConnectionOptions());
        operator.subscribe(new MqttSubscription[] {new MqttSubscription("operator/answers", 1)});
    }

    private Map<?, ?> send(String id, Map<String, Object> body, String keyId, PrivateKey key) throws Exception {
        byte[] payload = envelope(id, body);
        return exchange(payload, List.of(new UserProperty(CommandSignatures.SIGNATURE_PROPERTY,
                CommandSignatures.signBase64("rollout", payload, key)), new UserProperty(CommandSignatures.KEY_PROPERTY, keyId)));
    }

    private Map<?, ?> sendUnsigned(String id, Map<String, Object> body) throws Exception {
        return exchange(envelope(id, body), List.of());
    }

    private static byte[] envelope(String id, Map<String, Object> body) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", id);
        envelope.put("expires", Instant.now().plusSeconds(600).toString());
        envelope.put("body", body);
        return Json.write(envelope);
    }

    private Map<?, ?> exchange(byte[] payload, List<UserProperty> properties) throws Exception {
        MqttProperties out = new MqttProperties();
        out.setResponseTopic("operator/answers");
        out.setCorrelationData("x".getBytes(StandardCharsets.UTF_8));
        out.setUserProperties(properties);
        operator.publish("modelgate/" + FleetFixture.FLEET + "/controller/cmd/rollout", new MqttMessage(payload, 1, false, out));
        MqttMessage answer = received.poll(60, TimeUnit.SECONDS);
        assertThat(answer).as("an answer").isNotNull();
        assertThat(answer.getProperties().getCorrelationData()).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        return Json.object(answer.getPayload());
    }

    private Map<String, Object> retainedSummary(String id) throws Exception {
        BlockingQueue<MqttMessage> retained = new LinkedBlockingQueue<>();
        MqttClient reader = new MqttClient(fixture.broker.uri(), "reader-" + UUID.randomUUID(), new MemoryPersistence());
        try {
            reader.setCallback(new MqttCallback() {
                @Override public void messageArrived(String topic, MqttMessage message) { retained.add(message); }
                @Override public void disconnected(MqttDisconnectResponse response) { }
                @Override public void mqttErrorOccurred(MqttException exception) { }
                @Override public void deliveryComplete(IMqttToken token) { }
                @Override public void connectComplete(boolean reconnect, String serverURI) { }
                @Override public void authPacketArrived(int reasonCode, MqttProperties properties) { }
            });
            reader.connect(new MqttConnectionOptions());
            reader.subscribe(new MqttSubscription[] {new MqttSubscription("modelgate/" + FleetFixture.FLEET
                    + "/controller/rollouts/" + id, 1)});
            while (true) {
                MqttMessage m = retained.poll(60, TimeUnit.SECONDS);
                assertThat(m).as("the retained rollout").isNotNull();
                Map<String, Object> json = Json.object(m.getPayload());
                if ("COMPLETED".equals(json.get("state"))) {
                    return json;
                }
            }
        } finally {
            reader.disconnect();
            reader.close();
        }
    }
}

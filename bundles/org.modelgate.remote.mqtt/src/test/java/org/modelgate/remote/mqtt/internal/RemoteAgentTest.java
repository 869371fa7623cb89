package org.modelgate.remote.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.remote.mqtt.spool.Spool;

/** The agent against a real MQTT v5 broker (HiveMQ CE embedded): status, commands, replays, reconnects, the spool. */
class RemoteAgentTest {
    private EmbeddedBroker broker;
    private AgentFixture fixture;
    private TestController controller;
    private LinkGate gate;
    private TestController.Received answer;

    @AfterEach
    void tearDown() throws Exception {
        if (controller != null) {
            controller.close();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (gate != null) {
            gate.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void statusIsOnlineRetainedAndTheLastWillSaysOfflineWhenTheAgentDies() throws Exception {
        givenABrokerAndAnAgent("status");
        thenTheRetainedStatusIs("online");
        thenTheRetainedStateNames("iris");

        whenTheAgentDiesWithoutDisconnecting();

        thenTheRetainedStatusIs("offline");
    }

    @Test
    void aReadOnlyCommandIsAnsweredOnTheResponseTopicWithTheCorrelationData() throws Exception {
        givenABrokerAndAnAgent("readonly");

        whenRequesting("echo", "{\"id\":\"r-1\",\"body\":{\"say\":\"hi\"}}", List.of());

        thenTheAnswerIs(Map.of("id", "r-1", "ok", true));
        assertThat(answer.json()).as("a direct answer names no device in its JSON").doesNotContainKey("device");
        assertThat(answer.userProperty("device")).as("user property device").isEqualTo("dev1");
        assertThat(answer.properties().getMessageExpiryInterval()).as("message expiry of the answer, seconds")
                .isPositive().isLessThanOrEqualTo(Agent.ANSWER_EXPIRY_SECONDS);
        assertThat(result()).containsEntry("say", "hi").containsEntry("signer", null);
    }

    @Test
    void aGroupCommandIsAnsweredNamingItsGroupAndTheDeviceThatAnswered() throws Exception {
        givenABrokerAndAnAgent("group");

        answer = controller.request("modelgate/test/group/lab/cmd/echo", "{\"id\":\"g-1\"}", List.of());

        thenTheAnswerIs(Map.of("id", "g-1", "device", "dev1", "ok", true));
        assertThat(answer.userProperty("device")).as("user property device").isEqualTo("dev1");
        assertThat(result()).containsEntry("group", "lab");
    }

    @Test
    void aSignedMutatingCommandRunsOnceAndItsReplayGetsTheFirstAnswer() throws Exception {
        givenABrokerAndAnAgent("signed");
        ControllerKey key = ControllerKey.make(fixture.trustStore, "fleet-ctl");
        String payload = "{\"id\":\"m-1\",\"expires\":\"" + Instant.now().plusSeconds(600) + "\",\"body\":{}}";

        whenRequesting("count", payload, key.sign("count", payload));
        thenTheAnswerIs(Map.of("id", "m-1", "ok", true));
        assertThat(result()).containsEntry("runs", 1).containsEntry("signer", "fleet-ctl");
        String first = answer.text();

        whenRequesting("count", payload, key.sign("count", payload));

        assertThat(answer.text()).isEqualTo(first);
        assertThat(fixture.commands.countRuns.get()).isEqualTo(1);
    }

    @Test
    void anUnsignedMutatingCommandIsRefusedAndDoesNotRun() throws Exception {
        givenABrokerAndAnAgent("unsigned");

        whenRequesting("count", "{\"id\":\"u-1\",\"expires\":\"" + Instant.now().plusSeconds(600) + "\"}", List.of());

        thenTheErrorSays("must be signed");
        assertThat(fixture.commands.countRuns.get()).isZero();
    }

    @Test
    void malformedJsonIsRefusedAndTheAgentKeepsAnswering() throws Exception {
        givenABrokerAndAnAgent("malformed");

        whenRequesting("echo", "{\"id\": \"x\",", List.of());
        thenTheErrorSays("malformed JSON");

        whenRequesting("echo", "{\"id\":\"after\"}", List.of());
        thenTheAnswerIs(Map.of("id", "after", "ok", true));
    }

    @Test
    void theAgentReconnectsAfterTheBrokerRestartsAndDeliversWhatWasSpooledMeanwhile() throws Exception {
        // The agent reaches the broker through a gate that opens again only once the test's subscriber listens: the
        // telemetry and alert are not retained, and an agent back before the subscriber would deliver them to nobody.
        broker = EmbeddedBroker.start("reconnect");
        gate = new LinkGate(broker.port());
        gate.open();
        givenAnAgentOn("reconnect", gate.uri());
        thenTheRetainedStatusIs("online");
        controller.close();
        controller = null;

        gate.shut();
        broker.stop();
        long first = fixture.spool.offer(Spool.Kind.TELEMETRY, "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        long second = fixture.spool.offer(Spool.Kind.ALERT, "{\"alert\":\"drift\"}".getBytes(StandardCharsets.UTF_8));
        broker.startAgain();

        controller = new TestController(broker.uri());
        controller.subscribe("modelgate/test/dev1/#");
        gate.open();
        TestController.Received telemetry = controller.awaitOn("modelgate/test/dev1/telemetry", "{\"n\":1}");
        TestController.Received alert = controller.awaitOn("modelgate/test/dev1/alerts", "{\"alert\":\"drift\"}");
        assertThat(telemetry.userProperty(SpoolDrain.SEQ)).isEqualTo(Long.toString(first));
        assertThat(alert.userProperty(SpoolDrain.SEQ)).isEqualTo(Long.toString(second));
        awaitSpoolEmpty();
        whenRequesting("echo", "{\"id\":\"back\"}", List.of());
        thenTheAnswerIs(Map.of("id", "back", "ok", true));
    }

    @Test
    void aBrokerThatIsDownIsSkippedForTheNextInTheList() throws Exception {
        broker = EmbeddedBroker.start("failover");
        String down = "tcp://127.0.0.1:" + EmbeddedBroker.freePort();
        fixture = new AgentFixture("failover", List.of(down, broker.uri()), 4096);

        fixture.start();

        thenTheRetainedStatusIs("online");
        assertThat(fixture.agent.status().broker()).isEqualTo(broker.uri());
        assertThat(fixture.agent.status().lastError()).contains("cannot connect to " + down);
    }

    private void givenABrokerAndAnAgent(String name) throws Exception {
        broker = EmbeddedBroker.start(name);
        givenAnAgentOn(name, broker.uri());
    }

    private void givenAnAgentOn(String name, String brokerUri) throws Exception {
        fixture = new AgentFixture(name, List.of(brokerUri), 4096);
        fixture.start();
        controller = new TestController(broker.uri());
        controller.subscribe("modelgate/test/dev1/status");
        controller.awaitOn("modelgate/test/dev1/status", "online");
    }

    private void whenRequesting(String command, String payload, List<org.eclipse.paho.mqttv5.common.packet.UserProperty> properties)
            throws Exception {
        answer = controller.request("modelgate/test/dev1/cmd/" + command, payload, properties);
    }

    private void whenTheAgentDiesWithoutDisconnecting() {
        fixture.agent.crash();
        fixture.agent = null;
    }

    private void thenTheRetainedStatusIs(String status) throws Exception {
        // A fresh subscriber sees only the retained message.
        try (TestController reader = new TestController(broker.uri())) {
            reader.subscribe("modelgate/test/dev1/status");
            reader.awaitOn("modelgate/test/dev1/status", status);
        }
    }

    private void thenTheRetainedStateNames(String model) throws Exception {
        try (TestController reader = new TestController(broker.uri())) {
            reader.subscribe("modelgate/test/dev1/state");
            TestController.Received state = reader.awaitOn("modelgate/test/dev1/state", null);
            assertThat(state.text()).contains("\"device\":\"dev1\"").contains("\"name\":\"" + model + "\"");
        }
    }

    private void thenTheAnswerIs(Map<String, Object> fields) {
        assertThat(answer.json()).containsAllEntriesOf(fields);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> result() {
        return (Map<String, Object>) answer.json().get("result");
    }

    private void thenTheErrorSays(String text) {
        assertThat(answer.json()).containsEntry("ok", false);
        assertThat((String) answer.json().get("error")).contains(text);
    }

    private void awaitSpoolEmpty() throws InterruptedException {
        long end = System.nanoTime() + 90_000_000_000L;
        while (fixture.spool.counts().entries() > 0 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(fixture.spool.counts().entries()).as("entries left in the spool").isZero();
    }
}

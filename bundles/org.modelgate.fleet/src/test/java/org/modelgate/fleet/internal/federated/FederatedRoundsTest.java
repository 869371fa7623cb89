package org.modelgate.fleet.internal.federated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.fleet.internal.federated.RoundResult.DeviceResult;
import org.modelgate.fleet.internal.federated.TestLearnClients.Behaviour;
import org.modelgate.packaging.ModelPackages;
import org.modelgate.packaging.UnpackedModel;
import org.modelgate.security.SigningKey;
import org.modelgate.security.TrustStore;

/**
 * Federated rounds over a real MQTT broker (HiveMQ CE embedded) between the controller's aggregator and in-test
 * gateways running the gateway's own LearnClient on shards of digits.
 */
class FederatedRoundsTest {
    private FederatedFixture fixture;

    @AfterEach
    void close() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void twoRoundsOverThreeGatewaysConvergeOnTheHeldOutSet() throws Exception {
        fixture = new FederatedFixture("converge");
        fixture.gateways(3);
        Aggregator aggregator = fixture.start(3);

        Training t = fixture.awaitEnd(aggregator.begin(fixture.plan(2, 3, 3, Duration.ofMinutes(2))));

        assertEquals(Training.State.COMPLETED, t.state(), t.reason());
        List<RoundResult> rounds = t.rounds();
        assertEquals(2, rounds.size());
        for (RoundResult r : rounds) {
            assertEquals("aggregated", r.outcome());
            assertEquals(3, r.accepted(), "every gateway's update counted: " + r.devices());
        }
        assertTrue(rounds.get(0).deviceAccuracy() < 0.4, "round 1 starts from the random model: " + rounds.get(0).deviceAccuracy());
        assertTrue(rounds.get(1).accuracy() > 0.85, "two rounds reach 85 % on the held-out set: " + rounds.get(1).accuracy());
        assertTrue(rounds.get(1).deviceAccuracy() > rounds.get(0).deviceAccuracy() + 0.3,
                "the devices see the aggregated model improve");
        for (String gw : List.of("gw-1", "gw-2", "gw-3")) {
            assertEquals(2, fixture.gateways.device(gw).count("fit"), gw + " trained once per round");
        }
        thenTheGlobalModelPacksAsASignedPackageTheGatewaysTrust(t);
    }

    private void thenTheGlobalModelPacksAsASignedPackageTheGatewaysTrust(Training t) throws Exception {
        SigningKey signer = SigningKey.generate();
        Path trust = Files.createDirectories(fixture.home.resolve("gateway-trust/model-signer"));
        Files.writeString(trust.resolve("federated.pem"), "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64,
                "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(signer.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        Path mgp = ModelResult.pack(t, "digits-fl", "1.1.0", signer, fixture.home.resolve("releases"));
        assertEquals("digits-fl-1.1.0.mgp", mgp.getFileName().toString());
        UnpackedModel unpacked = ModelPackages.unpack(mgp, fixture.home.resolve("staging"), TrustStore.load(trust.getParent()));
        assertEquals("digits-fl", unpacked.name());
        assertEquals("1.1.0", unpacked.version());
        java.util.Map<String, Object> json = org.modelgate.remote.mqtt.link.Json.object(
                Files.readAllBytes(unpacked.folder().resolve("model.json")));
        java.util.Map<?, ?> input = (java.util.Map<?, ?>) ((List<?>) json.get("inputs")).get(0);
        assertEquals("[-1, 64]", String.valueOf(input.get("shape")), "the input spec: " + json);
        assertTrue(String.valueOf(json.get("description")).contains(t.id()), "provenance: " + json);
        assertTrue(Files.size(unpacked.folder().resolve("model.onnx")) > 4 * 2410, "the ONNX graph holds the weights");
    }

    @Test
    void aGatewayThatNeverAnswersDoesNotStallTheRound() throws Exception {
        fixture = new FederatedFixture("silent");
        fixture.gateways(3);
        fixture.gateways.device("gw-2").behaviour = Behaviour.SILENT;
        Aggregator aggregator = fixture.start(3);

        Training t = fixture.awaitEnd(aggregator.begin(fixture.plan(1, 3, 2, Duration.ofSeconds(20))));

        RoundResult round = t.rounds().get(0);
        assertEquals("aggregated", round.outcome(), "the two that answered are enough (minFit 2)");
        assertEquals(2, round.accepted());
        DeviceResult silent = round.devices().stream().filter(d -> d.device().equals("gw-2")).findFirst().orElseThrow();
        assertTrue(!silent.accepted() && silent.reason().contains("no answer before the round's deadline"), silent.reason());
    }

    @Test
    void updatesWithNanOrTheWrongSizeAreRefusedWithTheReason() throws Exception {
        fixture = new FederatedFixture("invalid");
        fixture.gateways(4);
        fixture.gateways.device("gw-1").behaviour = Behaviour.NAN_UPDATE;
        fixture.gateways.device("gw-2").behaviour = Behaviour.WRONG_SIZE_UPDATE;
        Aggregator aggregator = fixture.start(4);

        Training t = fixture.awaitEnd(aggregator.begin(fixture.plan(1, 4, 2, Duration.ofMinutes(2))));

        RoundResult round = t.rounds().get(0);
        assertEquals("aggregated", round.outcome());
        assertEquals(2, round.accepted(), round.devices().toString());
        DeviceResult nan = device(round, "gw-1");
        DeviceResult shortUpdate = device(round, "gw-2");
        assertTrue(!nan.accepted() && nan.reason().startsWith("update refused:") && nan.reason().contains("NaN"), nan.reason());
        assertTrue(!shortUpdate.accepted() && shortUpdate.reason().startsWith("update refused:")
                && shortUpdate.reason().contains("2404") && shortUpdate.reason().contains("2410"), shortUpdate.reason());
        assertTrue(round.accuracy() > 0.5, "the refused updates did not spoil the model: " + round.accuracy());
    }

    @Test
    void tooFewUpdatesFailTheRoundAndKeepTheModel() throws Exception {
        fixture = new FederatedFixture("too-few");
        fixture.gateways(2);
        fixture.gateways.device("gw-1").behaviour = Behaviour.NAN_UPDATE;
        Aggregator aggregator = fixture.start(2);
        Training begun = aggregator.begin(fixture.plan(1, 2, 2, Duration.ofMinutes(2)));
        float[] before = begun.global();

        Training t = fixture.awaitEnd(begun);

        RoundResult round = t.rounds().get(0);
        assertEquals("failed: 1 update(s) accepted, the plan needs minFit 2", round.outcome());
        assertTrue(java.util.Arrays.equals(before, t.global()), "the global model did not move");
    }

    @Test
    void anAggregatorRestartedMidRoundResumesItWithoutTrainingTwice() throws Exception {
        fixture = new FederatedFixture("restart");
        fixture.gateways(3);
        Aggregator first = fixture.start(3);
        Training begun = first.begin(fixture.plan(2, 3, 3, Duration.ofMinutes(2)));
        FederatedFixture.await("round 2 has started", () -> begun.rounds().size() == 2);

        fixture.stop();
        assertEquals(Training.State.RUNNING, begun.state(), "closing leaves the training running on disk");
        Aggregator second = fixture.start(3);
        Training resumed = second.training(begun.id()).orElseThrow();
        Training t = fixture.awaitEnd(resumed);

        assertEquals(Training.State.COMPLETED, t.state(), t.reason());
        assertEquals(2, t.rounds().size(), "round 2 was resumed, not started again as round 3");
        assertEquals(3, t.rounds().get(1).accepted(), t.rounds().get(1).devices().toString());
        for (String gw : List.of("gw-1", "gw-2", "gw-3")) {
            assertEquals(2, fixture.gateways.device(gw).count("fit"), gw + " trained once per round");
            assertEquals(2, fixture.gateways.device(gw).count("round"), gw + " saw each announcement once");
        }
        assertTrue(t.rounds().get(1).accuracy() > 0.85, "accuracy " + t.rounds().get(1).accuracy());
    }

    private static DeviceResult device(RoundResult round, String id) {
        return round.devices().stream().filter(d -> d.device().equals(id)).findFirst().orElseThrow();
    }
}

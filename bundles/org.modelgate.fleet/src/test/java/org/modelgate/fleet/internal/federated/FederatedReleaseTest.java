package org.modelgate.fleet.internal.federated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modelgate.fleet.DeviceOutcome;
import org.modelgate.fleet.DeviceOutcome.Outcome;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.GateMetric;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutState;
import org.modelgate.fleet.StageStatus.GateReading;
import org.modelgate.security.SigningKey;
import org.modelgate.security.TrustStore;

/**
 * A federated training's global model released to a fleet through {@link ModelResult#pack} and
 * {@link ModelResult#canary}, over a real MQTT broker (HiveMQ CE embedded): in-test gateways ({@link ReleaseGateways})
 * verify the signed package, serve it with ONNX Runtime on labelled field data and report accuracy in their telemetry,
 * which the controller's accuracy gate reads. A better model passes the canary and reaches the whole target; a worse
 * one is stopped at the canary, which is rolled back and serves the previous version again.
 */
class FederatedReleaseTest {
    private static final double MIN_ACCURACY = 0.8;
    private static final long MIN_SAMPLES = 200;
    private static final List<String> SHOPS = List.of("shop-1", "shop-2", "shop-3");

    private static FederatedFixture fixture;
    private static Training good;
    private static Training poor;
    private static SigningKey signer;
    private static TrustStore gatewayTrust;
    private ReleaseGateways shops;
    private String group;

    @BeforeAll
    static void givenAWellTrainedAndABarelyTrainedGlobalModel() throws Exception {
        fixture = new FederatedFixture("release");
        fixture.gateways(3);
        Aggregator aggregator = fixture.start(3);
        good = fixture.awaitEnd(aggregator.begin(fixture.plan(2, 3, 3, Duration.ofMinutes(2))));
        assertEquals(Training.State.COMPLETED, good.state(), good.reason());
        assertTrue(last(good) > 0.85, "two rounds reach 85 % on the held-out set: " + last(good));
        // one round at a learning rate that barely moves the weights: the random initial model, about 10 %
        poor = fixture.awaitEnd(aggregator.begin(fixture.plan(1, 3, 3, Duration.ofMinutes(2)).withTraining(1, 32, 1e-7, 60)));
        assertEquals(Training.State.COMPLETED, poor.state(), poor.reason());
        assertTrue(last(poor) < 0.5, "the barely trained model is poor: " + last(poor));
        signer = SigningKey.generate();
        Path trust = Files.createDirectories(fixture.home.resolve("gateway-trust/model-signer"));
        Files.writeString(trust.resolve("federated.pem"), "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64,
                "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(signer.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        gatewayTrust = TrustStore.load(trust.getParent());
    }

    @AfterEach
    void closeShops() throws Exception {
        if (shops != null) {
            shops.close();
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aBetterModelPassesTheCanaryAccuracyGateAndReachesTheWholeTarget() throws Exception {
        givenShopsServing(ModelResult.pack(poor, "digits", "1.0.0", signer, folder("better/installed")), "better");

        Rollout rollout = ModelResult.canary(fixture.engine,
                ModelResult.pack(good, "digits", "1.1.0", signer, folder("better/release")), DeviceQuery.group("better"),
                "ops-a", MIN_ACCURACY, MIN_SAMPLES, Duration.ofSeconds(1), Duration.ofMinutes(2), true);

        Rollout done = awaitEnd(rollout);
        assertEquals(RolloutState.COMPLETED, done.state(), done.reason());
        assertEquals(1, done.stages().get(0).devices().size(), "the canary stage is one device");
        assertEquals(3, done.count(Outcome.UPDATED), done.toString());
        for (int stage = 0; stage < 2; stage++) {
            GateReading gate = done.stages().get(stage).readings().get(0);
            assertEquals(GateMetric.ACCURACY, gate.metric());
            assertEquals("passed", gate.verdict(), "stage " + (stage + 1) + ": " + gate);
            assertTrue(gate.samples() >= MIN_SAMPLES && gate.value() >= MIN_ACCURACY, gate.toString());
        }
        for (String id : SHOPS) {
            ReleaseGateways.Device shop = shop(id);
            assertEquals("1.1.0", shop.active, id + " serves the release");
            assertTrue(!shop.commands.contains("rollback"), id + " was not rolled back: " + shop.commands);
        }
    }

    @Test
    void aWorseModelIsStoppedAtTheCanaryWhichIsRolledBackToThePreviousVersion() throws Exception {
        givenShopsServing(ModelResult.pack(good, "digits", "1.0.0", signer, folder("worse/installed")), "worse");
        FederatedFixture.await("every shop's 1.0.0 has served " + MIN_SAMPLES + " labelled requests", () -> SHOPS.stream()
                .allMatch(id -> shop(id).counts("1.0.0").requests.get() >= MIN_SAMPLES));
        double accuracyBefore = shop("shop-1").counts("1.0.0").accuracy();
        assertTrue(accuracyBefore >= MIN_ACCURACY, "the previous version is good: " + accuracyBefore);

        Rollout rollout = ModelResult.canary(fixture.engine,
                ModelResult.pack(poor, "digits", "1.1.0", signer, folder("worse/release")), DeviceQuery.group("worse"),
                "ops-a", MIN_ACCURACY, MIN_SAMPLES, Duration.ofSeconds(1), Duration.ofMinutes(2), true);

        Rollout done = awaitEnd(rollout);
        assertEquals(RolloutState.ABORTED, done.state(), done.reason());
        assertTrue(done.reason().startsWith("stage 1: gate accuracy breached: ")
                && done.reason().contains("against threshold 0.8000"), done.reason());
        DeviceOutcome canary = done.stages().get(0).devices().get(0);
        assertEquals(Outcome.ROLLED_BACK, canary.outcome(), canary.toString());
        assertEquals("1.0.0", canary.previousVersion());
        GateReading gate = done.stages().get(0).readings().get(0);
        assertEquals("breached", gate.verdict());
        assertTrue(gate.samples() >= MIN_SAMPLES && gate.value() < MIN_ACCURACY, gate.toString());

        ReleaseGateways.Device shop = shops.device(canary.device());
        assertEquals(List.of("deploy", "rollback"), shop.commands.stream().distinct().toList(),
                "the canary got the release, then rollback");
        assertEquals("1.0.0", shop.active, "the canary serves the previous version again");
        assertTrue(shop.counts("1.1.0").accuracy() < MIN_ACCURACY, "the release served worse: " + shop.counts("1.1.0").accuracy());
        long servedBefore = shop.counts("1.0.0").requests.get();
        FederatedFixture.await("the canary serves 1.0.0 again", () -> shop.counts("1.0.0").requests.get()
                >= servedBefore + MIN_SAMPLES);
        assertTrue(shop.counts("1.0.0").accuracy() >= MIN_ACCURACY, "back at " + shop.counts("1.0.0").accuracy());
        for (String id : SHOPS) {
            ReleaseGateways.Device other = shop(id);
            if (other != shop) {
                assertTrue(other.commands.isEmpty(), other.id + " never got the release: " + other.commands);
                assertEquals("1.0.0", other.active);
            }
        }
    }

    /** Devices {@code GROUP-shop-N}: each test has its own, the broker keeps the retained state of the others. */
    private ReleaseGateways.Device shop(String id) {
        return shops.device(group + "-" + id);
    }

    private void givenShopsServing(Path installed, String group) throws Exception {
        this.group = group;
        shops = new ReleaseGateways(fixture.broker.uri(), FederatedFixture.FLEET, "digits", fixture.opsA.getPublic(),
                gatewayTrust, folder(group + "/gateways"), Files.readAllLines(fixture.heldOut));
        for (String id : SHOPS) {
            shops.add(group + "-" + id, group, installed);
        }
        FederatedFixture.await("the controller sees the three shops of " + group + " online",
                () -> fixture.engine.devices(DeviceQuery.group(group)).stream().filter(d -> d.online()).count() == 3);
    }

    /** Completed, or aborted with no device left on the release (an abort rolls the updated devices back after it). */
    private static Rollout awaitEnd(Rollout rollout) {
        FederatedFixture.await("rollout " + rollout.id() + " ends", () -> {
            Rollout r = fixture.engine.rollout(rollout.id()).orElseThrow();
            return r.state() == RolloutState.COMPLETED
                    || (r.state() == RolloutState.ABORTED && r.count(Outcome.UPDATED) == 0);
        });
        return fixture.engine.rollout(rollout.id()).orElseThrow();
    }

    private static Path folder(String name) throws Exception {
        return Files.createDirectories(fixture.home.resolve(name));
    }

    private static double last(Training t) {
        return t.rounds().get(t.rounds().size() - 1).accuracy();
    }
}

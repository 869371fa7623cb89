package org.modelgate.fleet.internal.federated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.fleet.internal.federated.RoundResult.DeviceResult;
import org.modelgate.fleet.internal.federated.TestLearnClients.Behaviour;
import org.modelgate.learn.secagg.FixedPoint;

/**
 * Secure aggregation inside the federated rounds, over a real MQTT broker (HiveMQ CE embedded) and the gateway's own
 * LearnClient: the aggregator learns only the sum of the masked updates, and the model it makes is the plain
 * (unweighted) FedAvg model within the fixed-point resolution. The shards are cut to equal sizes so that the plain
 * round's sample-weighted FedAvg is the unweighted mean the secure round computes.
 */
class SecureRoundsTest {
    /** The L2 bound the gateways clip to (above the norm of these updates: the secure round does not clip them). */
    private static final double BOUND = 50;

    private FederatedFixture fixture;

    @AfterEach
    void close() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aSecureRoundOverFourGatewaysMakesThePlainFedAvgModelWithinTheFixedPointResolution() throws Exception {
        // given four gateways with equal shards
        fixture = new FederatedFixture("secure-same");
        fixture.gateways(4, true);
        Aggregator aggregator = fixture.start(4);
        FederatedPlan plain = fixture.plan(1, 4, 4, Duration.ofMinutes(2)).withValidation(BOUND);

        // when one round runs securely, then the same round runs plainly
        Training secure = fixture.awaitEnd(aggregator.begin(plain.withSecureAggregation(true)));
        int unmaskedDuringSecure = plainUpdateChunks();
        Training reference = fixture.awaitEnd(aggregator.begin(plain));

        // then the secure round aggregated all four, never saw an update unmasked, and made the plain model
        RoundResult round = secure.rounds().get(0);
        assertEquals("aggregated", round.outcome(), round.devices().toString());
        assertEquals(4, round.accepted(), round.devices().toString());
        assertEquals(0, unmaskedDuringSecure, "no gateway sent its update unmasked in the secure round");
        assertTrue(plainUpdateChunks() > 0, "the plain round did fetch the updates (the counter counts)");
        String snapshot = snapshotOf(secure);
        assertTrue(snapshot.contains("\"secure\":true") || snapshot.contains("\"secure\" : true"), snapshot.substring(0,
                Math.min(400, snapshot.length())));
        assertEquals("aggregated", reference.rounds().get(0).outcome());
        double resolution = FixedPoint.forClients(4, (float) BOUND, SecureRound.MODULUS_BITS).resolution();
        thenTheModelsAgree(reference.global(), secure.global(), resolution);
        assertEquals(reference.rounds().get(0).accuracy(), round.accuracy(), 0.005, "the same held-out accuracy");
    }

    @Test
    void aGatewayThatDropsAfterSharingKeysDoesNotStallTheSecureRound() throws Exception {
        // given four gateways with equal shards, gw-2 gone after it shares its keys
        fixture = new FederatedFixture("secure-drop");
        fixture.gateways(4, true);
        fixture.gateways.device("gw-2").behaviour = Behaviour.DROP_AFTER_SHARE;
        Aggregator aggregator = fixture.start(4);
        FederatedPlan plain = fixture.plan(1, 4, 3, Duration.ofSeconds(40)).withValidation(BOUND);

        // when a secure round runs
        Training secure = fixture.awaitEnd(aggregator.begin(plain.withSecureAggregation(true)));

        // then the three others are aggregated, exactly as a plain round without gw-2 does
        RoundResult round = secure.rounds().get(0);
        assertEquals("aggregated", round.outcome(), round.devices().toString());
        assertEquals(3, round.accepted(), round.devices().toString());
        DeviceResult dropped = round.devices().stream().filter(d -> d.device().equals("gw-2")).findFirst().orElseThrow();
        assertFalse(dropped.accepted());
        assertTrue(dropped.reason().startsWith("dropped while sending the masked input"), dropped.reason());
        assertEquals(1, fixture.gateways.device("gw-2").count("secagg-share"), "gw-2 did share its keys");

        fixture.gateways.device("gw-2").behaviour = Behaviour.SILENT;
        Training reference = fixture.awaitEnd(aggregator.begin(plain));
        assertEquals(3, reference.rounds().get(0).accepted(), reference.rounds().get(0).devices().toString());
        double resolution = FixedPoint.forClients(4, (float) BOUND, SecureRound.MODULUS_BITS).resolution();
        thenTheModelsAgree(reference.global(), secure.global(), resolution);
    }

    @Test
    void twoSecureRoundsReachTheAccuracyOfTwoPlainRounds() throws Exception {
        // given three gateways
        fixture = new FederatedFixture("secure-accuracy");
        fixture.gateways(3);
        Aggregator aggregator = fixture.start(3);
        FederatedPlan plain = fixture.plan(2, 3, 3, Duration.ofMinutes(2)).withValidation(BOUND);

        // when two secure rounds run, and two plain ones
        Training secure = fixture.awaitEnd(aggregator.begin(plain.withSecureAggregation(true)));
        Training reference = fixture.awaitEnd(aggregator.begin(plain));

        // then both reach the plain rounds' accuracy on the held-out set
        assertEquals(Training.State.COMPLETED, secure.state(), secure.reason());
        List<RoundResult> rounds = secure.rounds();
        assertEquals(2, rounds.size());
        for (RoundResult r : rounds) {
            assertEquals("aggregated", r.outcome(), r.devices().toString());
            assertEquals(3, r.accepted());
        }
        double plainAccuracy = reference.rounds().get(1).accuracy();
        assertTrue(rounds.get(1).accuracy() > 0.85, "two secure rounds reach 85 %: " + rounds.get(1).accuracy());
        assertEquals(plainAccuracy, rounds.get(1).accuracy(), 0.03, "comparable to plain (unweighted vs weighted mean)");
    }

    @Test
    void anAggregatorRestartedMidSecureRoundRunsItsSecurePartAgainAsANewAttempt() throws Exception {
        // given a secure training whose second round has started
        fixture = new FederatedFixture("secure-restart");
        fixture.gateways(3);
        Aggregator first = fixture.start(3);
        Training begun = first.begin(fixture.plan(2, 3, 3, Duration.ofMinutes(2)).withValidation(BOUND)
                .withSecureAggregation(true));
        FederatedFixture.await("round 2 has started", () -> begun.rounds().size() == 2);

        // when the aggregator is restarted
        fixture.stop();
        Aggregator second = fixture.start(3);
        Training t = fixture.awaitEnd(second.training(begun.id()).orElseThrow());

        // then round 2 completes (a new secure attempt), and nobody trained twice
        assertEquals(Training.State.COMPLETED, t.state(), t.reason());
        assertEquals(2, t.rounds().size(), "round 2 was resumed, not started again as round 3");
        assertEquals("aggregated", t.rounds().get(1).outcome(), t.rounds().get(1).devices().toString());
        assertEquals(3, t.rounds().get(1).accepted());
        for (String gw : List.of("gw-1", "gw-2", "gw-3")) {
            assertEquals(2, fixture.gateways.device(gw).count("fit"), gw + " trained once per round");
            assertEquals(0, fixture.gateways.device(gw).plainUpdateChunks.get(), gw + " never sent its update unmasked");
        }
        assertTrue(t.rounds().get(1).accuracy() > 0.85, "accuracy " + t.rounds().get(1).accuracy());
    }

    private int plainUpdateChunks() {
        int sum = 0;
        for (String gw : List.of("gw-1", "gw-2", "gw-3", "gw-4")) {
            TestLearnClients.Device d = fixture.gateways.device(gw);
            sum += d == null ? 0 : d.plainUpdateChunks.get();
        }
        return sum;
    }

    private String snapshotOf(Training t) throws Exception {
        try (var files = Files.walk(fixture.stateDir)) {
            for (var p : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(p);
                if (text.contains(t.id())) {
                    return text;
                }
            }
        }
        throw new AssertionError("no snapshot of " + t.id() + " under " + fixture.stateDir);
    }

    private static void thenTheModelsAgree(float[] plain, float[] secure, double resolution) {
        assertEquals(plain.length, secure.length);
        double worst = 0;
        boolean moved = false;
        for (int i = 0; i < plain.length; i++) {
            worst = Math.max(worst, Math.abs(plain[i] - secure[i]));
        }
        // one fixed-point step per coordinate, and float rounding of the plain weighted mean
        double tolerance = resolution + 1e-5;
        assertTrue(worst <= tolerance, "largest difference " + worst + " > " + tolerance + " (resolution "
                + resolution + ")");
        for (float v : secure) {
            moved |= v != 0;
        }
        assertTrue(moved, "the model is not all zeros");
    }
}

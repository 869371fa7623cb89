package org.modelgate.learn.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Feature: devices that drop out mid-round do not stall it; too many dropouts fail it with a reason. */
class DropoutTest {
    private SecAggRound round;
    private long[] sum;
    private RoundFailedException failure;

    @Test
    void oneDeviceDropsAfterSharingKeys() {
        givenTenDevicesWithThreshold(6);
        round.silentBeforeMaskedInput("gw-04");
        whenTheRoundRuns();
        thenTheSumIsExactlyTheSumOf(without("gw-04"));
        thenTheDroppedDevicesAre("gw-04");
    }

    @Test
    void twoDevicesDropAfterSharingKeys() {
        givenTenDevicesWithThreshold(6);
        round.silentBeforeMaskedInput("gw-00", "gw-09");
        whenTheRoundRuns();
        thenTheSumIsExactlyTheSumOf(without("gw-00", "gw-09"));
        thenTheDroppedDevicesAre("gw-00", "gw-09");
    }

    @Test
    void aDeviceDropsAfterItsMaskedInputButBeforeUnmasking() {
        givenTenDevicesWithThreshold(6);
        round.silentBeforeUnmasking("gw-03");
        whenTheRoundRuns();
        thenTheSumIsExactlyTheSumOf(round.clients.keySet());
        thenTheDroppedDevicesAre();
    }

    @Test
    void devicesDropAtEveryStepAndTheRoundStillCompletes() {
        givenTenDevicesWithThreshold(6);
        round.silentBeforeSharing("gw-01").silentBeforeMaskedInput("gw-05", "gw-06").silentBeforeUnmasking("gw-08");
        whenTheRoundRuns();
        thenTheSumIsExactlyTheSumOf(without("gw-01", "gw-05", "gw-06"));
        thenTheDroppedDevicesAre("gw-05", "gw-06");
    }

    @Test
    void fewerSurvivorsThanTheThresholdFailTheRoundWithAReason() {
        givenTenDevicesWithThreshold(6);
        round.silentBeforeMaskedInput("gw-00", "gw-01", "gw-02", "gw-03", "gw-04");
        round.advertise();
        round.shareKeys();
        failure = assertThrows(RoundFailedException.class, round::maskInputs);
        assertTrue(failure.getMessage().contains("5 masked inputs arrived, below the threshold 6"), failure.getMessage());
        assertTrue(failure.getMessage().contains("restart the round"), failure.getMessage());
    }

    @Test
    void fewerUnmaskResponsesThanTheThresholdFailTheSumWithAReason() {
        givenTenDevicesWithThreshold(6);
        round.silentBeforeUnmasking("gw-00", "gw-01", "gw-02", "gw-03", "gw-04");
        round.advertise();
        round.shareKeys();
        round.maskInputs();
        failure = assertThrows(RoundFailedException.class, round::unmask);
        assertTrue(failure.getMessage().contains("5 of 10 survivors answered the unmask request, below the threshold 6"),
            failure.getMessage());
    }

    @Test
    void fewerDevicesSharingKeysThanTheThresholdFailTheRound() {
        givenTenDevicesWithThreshold(6);
        round.silentBeforeSharing("gw-00", "gw-01", "gw-02", "gw-03", "gw-04");
        round.advertise();
        failure = assertThrows(RoundFailedException.class, round::shareKeys);
        assertTrue(failure.getMessage().contains("5 clients shared keys"), failure.getMessage());
    }

    @Test
    void aFailedRoundRefusesEveryLaterStepWithItsReason() {
        givenTenDevicesWithThreshold(6);
        round.silentBeforeMaskedInput("gw-00", "gw-01", "gw-02", "gw-03", "gw-04");
        round.advertise();
        round.shareKeys();
        assertThrows(RoundFailedException.class, round::maskInputs);
        failure = assertThrows(RoundFailedException.class, round.server::sum);
        assertTrue(failure.getMessage().startsWith("the round failed earlier: 5 masked inputs arrived"),
            failure.getMessage());
    }

    @Test
    void fewerAdvertsThanTheThresholdFailTheRound() {
        SecAggServer server = new SecAggServer(SecAggParameters.of("few", 10, 3));
        server.accept(new SecAggClient("gw-00", server.parameters(), SecAggRound.seeded(1)).advertise());
        failure = assertThrows(RoundFailedException.class, server::adverts);
        assertTrue(failure.getMessage().contains("1 clients advertised, below the threshold 3"), failure.getMessage());
    }

    @Test
    void aClientRefusesToUnmaskForFewerSurvivorsThanTheThreshold() {
        givenTenDevicesWithThreshold(6);
        round.advertise();
        round.shareKeys();
        round.maskInputs();
        SecAggClient client = round.clients.get("gw-00");
        failure = assertThrows(RoundFailedException.class,
            () -> client.unmask(Set.of("gw-00", "gw-01", "gw-02", "gw-03", "gw-04")));
        assertTrue(failure.getMessage().contains("reveals no shares"), failure.getMessage());
    }

    private void givenTenDevicesWithThreshold(int threshold) {
        round = new SecAggRound(SecAggParameters.of("dropouts", 300, threshold), 10, 21).randomInputs(8);
    }

    private void whenTheRoundRuns() {
        sum = round.run();
    }

    private Set<String> without(String... ids) {
        Set<String> rest = new TreeSet<>(round.clients.keySet());
        rest.removeAll(Set.of(ids));
        return rest;
    }

    private void thenTheSumIsExactlyTheSumOf(Set<String> ids) {
        assertEquals(ids, round.server.survivors());
        assertArrayEquals(round.plainSum(ids), sum);
    }

    private void thenTheDroppedDevicesAre(String... ids) {
        assertEquals(new TreeSet<>(Set.of(ids)), round.server.dropped());
    }
}

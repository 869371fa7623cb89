package org.modelgate.learn.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Feature: the server never learns both secrets of one client (its self-mask seed b and its mask key s), so it can
 * never unmask one client's input.
 */
class ServerKnowledgeTest {
    private final SecAggRound round =
        new SecAggRound(SecAggParameters.of("knowledge", 100, 4), 7, 13).randomInputs(2);

    @Test
    void theServerReconstructsSelfMasksOfSurvivorsAndMaskKeysOfDroppedClientsOnly() {
        round.silentBeforeMaskedInput("gw-02", "gw-05").silentBeforeUnmasking("gw-06");
        round.run();
        assertEquals(round.server.survivors(), round.server.reconstructedSelfMasks());
        assertEquals(Set.of("gw-02", "gw-05"), round.server.reconstructedMaskKeys());
        Set<String> both = new HashSet<>(round.server.reconstructedSelfMasks());
        both.retainAll(round.server.reconstructedMaskKeys());
        assertTrue(both.isEmpty(), "the server holds both secrets of " + both);
    }

    @Test
    void aResponseWithBothSecretsOfOneClientCannotBeMade() {
        Map<String, BigInteger> share = Map.of("gw-01", BigInteger.TEN);
        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class,
            () -> new UnmaskResponse("gw-00", share, share));
        assertTrue(refusal.getMessage().contains("both a self-mask share and a mask-key share of 'gw-01'"),
            refusal.getMessage());
    }

    @Test
    void theServerRefusesAMaskKeyShareOfASurvivor() {
        round.advertise();
        round.shareKeys();
        Set<String> survivors = round.maskInputs();
        UnmaskResponse honest = round.clients.get("gw-00").unmask(survivors);
        Map<String, BigInteger> selfMasks = new TreeMap<>(honest.selfMaskShares());
        BigInteger stolen = selfMasks.remove("gw-03");
        UnmaskResponse prying = new UnmaskResponse("gw-00", selfMasks, Map.of("gw-03", stolen));
        SecAggException refusal = assertThrows(SecAggException.class, () -> round.server.accept(prying));
        assertTrue(refusal.getMessage().contains("expected exactly the survivors"), refusal.getMessage());
    }

    @Test
    void aClientLeftOutOfTheSurvivorsRevealsNothing() {
        round.advertise();
        round.shareKeys();
        Set<String> survivors = round.maskInputs();
        Set<String> withoutMe = new HashSet<>(survivors);
        withoutMe.remove("gw-00");
        SecAggException refusal = assertThrows(SecAggException.class,
            () -> round.clients.get("gw-00").unmask(withoutMe));
        assertTrue(refusal.getMessage().contains("is not among the survivors"), refusal.getMessage());
    }
}

package org.modelgate.learn.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Feature: malformed, misrouted, repeated or out-of-order messages are refused with a message that says why. */
class RefusedMessagesTest {
    private final SecAggRound round =
        new SecAggRound(SecAggParameters.of("refusals", 50, 3), 4, 5).randomInputs(1);

    @Test
    void truncatedBytesAreRefused() {
        byte[] advert = advertOf("gw-00").toBytes();
        thenRefused(MalformedMessageException.class, () -> KeyAdvert.fromBytes(Arrays.copyOf(advert, 40)),
            "KeyAdvert: truncated");
    }

    @Test
    void anotherVersionIsRefused() {
        byte[] advert = advertOf("gw-00").toBytes();
        advert[0] = 2;
        thenRefused(MalformedMessageException.class, () -> KeyAdvert.fromBytes(advert), "wire version 2 is not supported");
    }

    @Test
    void anotherMessageTypeIsRefused() {
        byte[] advert = advertOf("gw-00").toBytes();
        thenRefused(MalformedMessageException.class, () -> MaskedInput.fromBytes(advert),
            "type tag 1 is KeyAdvert, expected MaskedInput");
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] advert = advertOf("gw-00").toBytes();
        thenRefused(MalformedMessageException.class,
            () -> KeyAdvert.fromBytes(Arrays.copyOf(advert, advert.length + 1)), "1 trailing bytes");
    }

    @Test
    void anAbsurdLengthIsRefusedBeforeAllocating() {
        byte[] masked = new MaskedInput("gw-00", new long[] {1, 2, 3}).toBytes();
        int lengthAt = 2 + 2 + "gw-00".length() + 1;
        masked[lengthAt] = 0x7f;
        thenRefused(MalformedMessageException.class, () -> MaskedInput.fromBytes(masked), "length");
    }

    @Test
    void everyMessageSurvivesItsOwnEncoding() {
        round.advertise();
        Map<String, List<EncryptedShare>> routed = round.shareKeys();
        EncryptedShare share = routed.get("gw-01").get(0);
        assertEquals(share, EncryptedShare.fromBytes(share.toBytes()));
        MaskedInput masked = new MaskedInput("gw-00", new long[] {0, 1, 0xffffffffL});
        assertArrayEquals(masked.values(), MaskedInput.fromBytes(masked.toBytes()).values());
        MaskedInput wide = new MaskedInput("gw-00", new long[] {-1L, 1L << 40});
        assertArrayEquals(wide.values(), MaskedInput.fromBytes(wide.toBytes()).values());
    }

    @Test
    void aDuplicateAdvertIsRefused() {
        SecAggClient client = round.clients.get("gw-00");
        KeyAdvert advert = client.advertise();
        round.server.accept(advert);
        thenRefused(SecAggException.class, () -> round.server.accept(advert), "duplicate advert from 'gw-00'");
    }

    @Test
    void anAdvertRepeatingAnotherClientsKeyIsRefused() {
        KeyAdvert advert = round.clients.get("gw-00").advertise();
        round.server.accept(advert);
        KeyAdvert copycat = new KeyAdvert("gw-01", advert.cipherPublicKey(), advert.maskPublicKey());
        thenRefused(SecAggException.class, () -> round.server.accept(copycat), "repeats a public key");
    }

    @Test
    void aShareForAnotherRecipientIsRefusedByTheClient() {
        round.advertise();
        Map<String, List<EncryptedShare>> routed = round.shareKeys();
        List<EncryptedShare> misrouted = new ArrayList<>(routed.get("gw-00"));
        misrouted.set(0, routed.get("gw-02").get(0));
        SecAggClient client = round.clients.get("gw-00");
        thenRefused(SecAggException.class, () -> client.maskedInput(round.inputs.get("gw-00"), misrouted),
            "is for 'gw-02', not for client 'gw-00'");
    }

    @Test
    void aShareRelabelledForAnotherRecipientFailsItsTag() {
        round.advertise();
        Map<String, List<EncryptedShare>> routed = round.shareKeys();
        List<EncryptedShare> relabelled = new ArrayList<>(routed.get("gw-00"));
        EncryptedShare forOther = routed.get("gw-02").stream().filter(s -> s.from().equals("gw-01")).findFirst()
            .orElseThrow();
        relabelled.set(0, new EncryptedShare("gw-01", "gw-00", forOther.ciphertext()));
        SecAggClient client = round.clients.get("gw-00");
        thenRefused(SecAggException.class, () -> client.maskedInput(round.inputs.get("gw-00"), relabelled),
            "fails its authentication tag");
    }

    @Test
    void aShareToAClientThatNeverAdvertisedIsRefusedByTheServer() {
        round.advertise();
        List<EncryptedShare> shares = new ArrayList<>(round.clients.get("gw-00").shareKeys(round.server.adverts()));
        shares.add(new EncryptedShare("gw-00", "gw-99", new byte[40]));
        thenRefused(SecAggException.class, () -> round.server.route(shares), "'gw-99' did not advertise in round 0");
    }

    @Test
    void aDuplicateMaskedInputIsRefused() {
        round.advertise();
        Map<String, List<EncryptedShare>> routed = round.shareKeys();
        MaskedInput masked = round.clients.get("gw-00").maskedInput(round.inputs.get("gw-00"), routed.get("gw-00"));
        round.server.accept(masked);
        thenRefused(SecAggException.class, () -> round.server.accept(masked),
            "duplicate masked input from 'gw-00'");
    }

    @Test
    void aStepOutOfOrderIsRefused() {
        SecAggClient client = round.clients.get("gw-00");
        thenRefused(SecAggException.class, () -> client.shareKeys(List.of()),
            "shareKeys(adverts) called after step NEW");
        thenRefused(SecAggException.class, () -> round.server.route(List.of()), "call adverts() first");
    }

    @Test
    void anInputOfTheWrongLengthIsRefused() {
        round.advertise();
        Map<String, List<EncryptedShare>> routed = round.shareKeys();
        SecAggClient client = round.clients.get("gw-00");
        thenRefused(SecAggException.class, () -> client.maskedInput(new long[49], routed.get("gw-00")),
            "input has 49 elements, the round expects 50");
    }

    private KeyAdvert advertOf(String id) {
        return round.clients.get(id).advertise();
    }

    private static void thenRefused(Class<? extends SecAggException> type, Executable call, String reason) {
        SecAggException refusal = assertThrows(type, call);
        assertTrue(refusal.getMessage().contains(reason), "expected '" + reason + "' in: " + refusal.getMessage());
    }
}

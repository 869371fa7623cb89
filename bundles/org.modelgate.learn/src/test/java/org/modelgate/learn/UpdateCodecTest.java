package org.modelgate.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Given a parameter vector, when it is encoded and decoded, then it comes back bit for bit, or a clear error. */
class UpdateCodecTest {
    @Test
    void aVectorSurvivesTheRoundTripBitForBit() {
        float[] v = {0f, -0f, 1.5f, -3.25e-7f, Float.MAX_VALUE, Float.MIN_VALUE, Float.NaN};
        byte[] wire = UpdateCodec.encode(v);
        assertEquals(28, wire.length);
        float[] back = UpdateCodec.decode(wire, 7);
        for (int i = 0; i < v.length; i++) {
            assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(back[i]), "value " + i);
        }
    }

    @Test
    void theWireFormIsLittleEndianFloat32() {
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f}, UpdateCodec.encode(new float[] {1f}));
    }

    @Test
    void aWrongLengthIsRefusedWithBothCounts() {
        byte[] wire = UpdateCodec.encode(new float[5]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpdateCodec.decode(wire, 6));
        assertEquals("expected 6 float32 values (24 bytes), got 20 bytes (5 float32 values)", e.getMessage());
    }

    @Test
    void aTruncatedPayloadIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UpdateCodec.decode(new byte[7], 2));
        assertEquals("expected 2 float32 values (8 bytes), got 7 bytes (no whole number of float32 values)", e.getMessage());
    }

    @Test
    void aDecodedUpdateEqualsTheOneSent() {
        ClientUpdate sent = new ClientUpdate("gw-3", 7, 40, new float[] {0.5f, -1.25f, 3f});
        ClientUpdate received = new ClientUpdate("gw-3", 7, 40, UpdateCodec.decode(UpdateCodec.encode(sent.delta()), 3));
        assertEquals(sent, received);
        assertEquals(sent.hashCode(), received.hashCode());
        org.junit.jupiter.api.Assertions.assertNotEquals(sent, new ClientUpdate("gw-3", 7, 40, new float[] {0.5f, -1.25f, 3.5f}));
    }

    @Test
    void sha256IsTheStandardDigest() {
        // FIPS 180-2, appendix B.1: SHA-256("abc")
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                UpdateCodec.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
    }
}

package org.modelgate.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Given privacy settings, when a gateway prepares its update, then it is clipped and carries its share of noise. */
class ClientPrivacyTest {
    @Test
    void clippingBoundsTheNormAndKeepsTheDirection() {
        float[] delta = {30f, 40f}; // norm 50
        float[] clipped = ClientPrivacy.clipAndNoise(delta, new PrivacySettings(5, 0, 0), 10, new Random(1));
        assertEquals(5.0, Vectors.norm(clipped), 1e-5);
        assertArrayEquals(new float[] {3f, 4f}, clipped, 1e-5f);
        assertArrayEquals(new float[] {30f, 40f}, delta, "the input stays as it was");
    }

    @Test
    void anUpdateWithinTheNormIsNotScaled() {
        float[] delta = {0.3f, 0.4f};
        assertArrayEquals(delta, ClientPrivacy.clipAndNoise(delta, new PrivacySettings(5, 0, 0), 10, new Random(1)));
    }

    @Test
    void offLeavesTheUpdateUnchanged() {
        float[] delta = {300f, -400f};
        assertArrayEquals(delta, ClientPrivacy.clipAndNoise(delta, PrivacySettings.off(), 10, new Random(1)));
        assertFalse(PrivacySettings.off().enabled());
    }

    @Test
    void theSumOfTheRoundsUpdatesCarriesNoiseMultiplierTimesClipNorm() {
        PrivacySettings settings = new PrivacySettings(2.0, 1.5, 1e-5);
        int clients = 16;
        int values = 20_000;
        double[] sum = new double[values];
        Random random = new Random(7);
        for (int c = 0; c < clients; c++) {
            float[] noised = ClientPrivacy.clipAndNoise(new float[values], settings, clients, random);
            for (int i = 0; i < values; i++) {
                sum[i] += noised[i];
            }
        }
        double squares = 0;
        for (double s : sum) {
            squares += s * s;
        }
        double std = Math.sqrt(squares / values);
        // expected 1.5 * 2.0 = 3.0; the estimate's standard error is 3.0 / sqrt(2 * 20000) = 0.015
        assertEquals(3.0, std, 0.1);
        assertTrue(settings.enabled());
    }

    @Test
    void noiseWithoutAClippingNormIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PrivacySettings(0, 1.0, 1e-5));
        assertTrue(e.getMessage().contains("needs a clipping norm"), e.getMessage());
    }
}

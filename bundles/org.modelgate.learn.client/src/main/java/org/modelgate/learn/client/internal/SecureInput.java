package org.modelgate.learn.client.internal;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.modelgate.learn.UpdateCodec;
import org.modelgate.learn.secagg.EncryptedShare;
import org.modelgate.learn.secagg.FixedPoint;
import org.modelgate.learn.secagg.KeyAdvert;
import org.modelgate.learn.secagg.SecAggClient;
import org.modelgate.learn.secagg.SecAggException;
import org.modelgate.learn.secagg.SecAggParameters;
import org.modelgate.learn.secagg.UnmaskRequest;
import org.modelgate.remote.CommandException;

/**
 * This gateway's part of one secure aggregation attempt of a round ({@code secagg-*} actions): the library's
 * {@link SecAggClient} (keys in memory only), and the masked input once made, fetched in chunks. A new attempt
 * (another {@code roundId}: a restarted aggregator) starts with new keys; the update itself never leaves unmasked.
 */
final class SecureInput {
    final String roundId;
    private final SecAggClient client;
    private final FixedPoint codec;
    private final double clip;
    private byte[] advert;
    private byte[] shares;
    private byte[] masked;
    private String maskedSha256;
    private byte[] unmask;

    /**
     * @param device this gateway's id (its client id in the protocol)
     * @param roundId the attempt's id (the aggregator's; bound into every key)
     * @param vectorLength the model's parameter count
     * @param clients the clients selected for the round (the fixed-point scale keeps their sum from overflowing)
     * @param threshold t
     * @param modulusBits k
     * @param clip the L2 bound the update is clipped to before it is encoded
     */
    SecureInput(String device, String roundId, int vectorLength, int clients, int threshold, int modulusBits, double clip) {
        SecAggParameters parameters;
        try {
            parameters = new SecAggParameters(roundId, vectorLength, threshold, modulusBits);
            this.codec = FixedPoint.forClients(clients, (float) clip, modulusBits);
        } catch (IllegalArgumentException e) {
            throw new CommandException("the round's secure aggregation settings cannot be used: " + e.getMessage(), e);
        }
        this.roundId = roundId;
        this.clip = clip;
        this.client = guard(() -> new SecAggClient(device, parameters, new SecureRandom()));
    }

    /** Step 0: the advert (the same one when asked again). */
    synchronized byte[] advertise() {
        if (advert == null) {
            advert = guard(() -> client.advertise().toBytes());
        }
        return advert;
    }

    /** Step 1: every advert in, this client's encrypted shares out. */
    synchronized byte[] share(byte[] adverts) {
        if (shares == null) {
            shares = guard(() -> EncryptedShare.listToBytes(client.shareKeys(KeyAdvert.listFromBytes(adverts))));
        }
        return shares;
    }

    /** Step 2: the shares for this client in, the clipped, encoded and masked update made (once). */
    synchronized void mask(float[] update, byte[] forMe) {
        if (masked == null) {
            long[] encoded = guard(() -> codec.encode(clipToNorm(update, clip)));
            masked = guard(() -> client.maskedInput(encoded, EncryptedShare.listFromBytes(forMe)).toBytes());
            maskedSha256 = UpdateCodec.sha256(masked);
        }
    }

    synchronized boolean masked() {
        return masked != null;
    }

    /** The masked input's chunk at {@code offset}. */
    synchronized Map<String, Object> chunk(long offset, int maxBytes) {
        if (offset > masked.length) {
            throw new CommandException("offset " + offset + " is past the masked input's " + masked.length + " bytes");
        }
        int length = (int) Math.min(maxBytes, masked.length - offset);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("roundId", roundId);
        answer.put("size", masked.length);
        answer.put("sha256", maskedSha256);
        answer.put("offset", offset);
        answer.put("data", Base64.getEncoder().encodeToString(Arrays.copyOfRange(masked, (int) offset,
                (int) offset + length)));
        return answer;
    }

    /** Step 3: the survivors in, this client's shares for unmasking out. */
    synchronized byte[] unmask(byte[] request) {
        if (unmask == null) {
            unmask = guard(() -> client.unmask(UnmaskRequest.fromBytes(request).survivors()).toBytes());
        }
        return unmask;
    }

    /**
     * Scales {@code v} down to L2 norm {@code clip} when it is longer (a hair below, so that every element stays
     * within the fixed-point range after float rounding).
     */
    static float[] clipToNorm(float[] v, double clip) {
        double sq = 0;
        for (float x : v) {
            sq += (double) x * x;
        }
        double norm = Math.sqrt(sq);
        double bound = clip * (1 - 1e-6);
        if (!Double.isFinite(norm)) {
            throw new CommandException("the local update is not finite; it is not sent");
        }
        if (norm <= bound) {
            return v;
        }
        float[] out = new float[v.length];
        double f = bound / norm;
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * f);
        }
        return out;
    }

    private static <T> T guard(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (SecAggException | IllegalArgumentException e) {
            throw new CommandException("secure aggregation: " + e.getMessage(), e);
        }
    }
}

package org.modelgate.learn.secagg;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The server's last step: sums the masked inputs, then removes each survivor's self mask (from its reconstructed
 * seed) and the pairwise masks the survivors shared with dropped clients (from the dropped clients' reconstructed
 * mask keys); the pairwise masks among survivors cancel in the sum.
 */
final class Unmasking {
    private final SecAggParameters parameters;
    private final SortedMap<String, KeyAdvert> advertised;
    private final Map<String, Integer> xCoordinates;
    private final Set<String> survivors;
    private final Set<String> dropped;
    private final Map<String, UnmaskResponse> responses;

    Unmasking(SecAggParameters parameters, SortedMap<String, KeyAdvert> advertised, Map<String, Integer> xCoordinates,
              Set<String> survivors, Set<String> dropped, Map<String, UnmaskResponse> responses) {
        this.parameters = parameters;
        this.advertised = advertised;
        this.xCoordinates = xCoordinates;
        this.survivors = survivors;
        this.dropped = dropped;
        this.responses = responses;
    }

    long[] sum(Map<String, long[]> maskedInputs, Set<String> selfMasksSeen, Set<String> maskKeysSeen) {
        int bits = parameters.modulusBits();
        long modulusMask = MaskStream.modulusMask(bits);
        long[] sum = new long[parameters.vectorLength()];
        for (String survivor : survivors) {
            long[] values = maskedInputs.get(survivor);
            for (int i = 0; i < sum.length; i++) {
                sum[i] = (sum[i] + values[i]) & modulusMask;
            }
        }
        for (String survivor : survivors) {
            byte[] seed = reconstruct(survivor, true);
            selfMasksSeen.add(survivor);
            MaskStream.apply(sum, Kdf.derive(seed, Kdf.SELF_MASK, parameters.roundId()), -1, bits);
            Arrays.fill(seed, (byte) 0);
        }
        for (String gone : dropped) {
            byte[] maskKey = reconstruct(gone, false);
            if (!Arrays.equals(X25519.publicKey(maskKey), advertised.get(gone).maskPublicKey())) {
                throw new SecAggException("the mask-key shares of '" + gone + "' reconstruct a key that does not match "
                    + "its advert: a client sent a wrong share; the round cannot be unmasked, restart it");
            }
            maskKeysSeen.add(gone);
            for (String survivor : survivors) {
                byte[] pairKey = Kdf.derive(X25519.agree(maskKey, advertised.get(survivor).maskPublicKey(), survivor),
                    Kdf.PAIR_MASK, parameters.roundId());
                // the survivor added +PRG where the dropped client sorts after it, -PRG otherwise: undo that
                MaskStream.apply(sum, pairKey, survivor.compareTo(gone) < 0 ? -1 : 1, bits);
            }
            Arrays.fill(maskKey, (byte) 0);
        }
        if (!SecAggServer.intersection(selfMasksSeen, maskKeysSeen).isEmpty()) {
            throw new IllegalStateException("both secrets of " + SecAggServer.intersection(selfMasksSeen, maskKeysSeen)
                + " were reconstructed");
        }
        return sum;
    }

    private byte[] reconstruct(String owner, boolean selfMask) {
        return ShamirSharing.reconstruct(
            SecAggServer.sharesOf(owner, selfMask, responses, xCoordinates, parameters.threshold()));
    }
}

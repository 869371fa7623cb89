package org.modelgate.learn.secagg;

import java.math.BigInteger;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Round 3 message, surviving client to server: this client's Shamir shares of the self-mask seeds of the survivors
 * and of the mask keys of the clients that dropped before sending their masked input. For one owner a client sends
 * one kind or the other, never both (the server would otherwise learn both secrets of that owner and could unmask
 * its input).
 *
 * @param clientId the answering client's id (its Shamir x-coordinate is its position in the round's adverts)
 * @param selfMaskShares owner id to this client's share of that owner's self-mask seed (every survivor)
 * @param maskKeyShares owner id to this client's share of that owner's mask key (every dropped client)
 */
public record UnmaskResponse(String clientId, Map<String, BigInteger> selfMaskShares,
                             Map<String, BigInteger> maskKeyShares) {

    /**
     * Checks the fields and copies both maps (sorted, unmodifiable).
     *
     * @throws IllegalArgumentException where an id is blank, a share is outside the field, or one owner appears in
     *     both maps
     */
    public UnmaskResponse {
        Wire.checkId(clientId, "UnmaskResponse's client id");
        selfMaskShares = checked(selfMaskShares, "self-mask share", clientId);
        maskKeyShares = checked(maskKeyShares, "mask-key share", clientId);
        for (String owner : selfMaskShares.keySet()) {
            if (maskKeyShares.containsKey(owner)) {
                throw new IllegalArgumentException("UnmaskResponse of '" + clientId + "' holds both a self-mask share "
                    + "and a mask-key share of '" + owner + "': that would reveal its input; a client is either a "
                    + "survivor or dropped");
            }
        }
    }

    /**
     * Encodes the response (each share as a fixed-length unsigned big-endian field element).
     *
     * @return the bytes {@link #fromBytes(byte[])} reads
     */
    public byte[] toBytes() {
        Wire.Writer out = Wire.writer(Wire.UNMASK_RESPONSE).string(clientId);
        write(out, selfMaskShares);
        write(out, maskKeyShares);
        return out.toBytes();
    }

    /**
     * Decodes a response.
     *
     * @param bytes what {@link #toBytes()} wrote
     * @return the response
     * @throws MalformedMessageException where the bytes are not a version 1 response
     */
    public static UnmaskResponse fromBytes(byte[] bytes) {
        Wire.Reader in = Wire.reader(bytes, Wire.UNMASK_RESPONSE, "UnmaskResponse");
        String id = in.string("clientId");
        Map<String, BigInteger> selfMask = read(in, "self-mask share");
        Map<String, BigInteger> maskKey = read(in, "mask-key share");
        in.end();
        try {
            return new UnmaskResponse(id, selfMask, maskKey);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }

    private static void write(Wire.Writer out, Map<String, BigInteger> shares) {
        out.i32(shares.size());
        shares.forEach((owner, share) -> out.string(owner).raw(ShamirSharing.toFixedBytes(share)));
    }

    private static Map<String, BigInteger> read(Wire.Reader in, String kind) {
        int count = in.count(kind, 1 << 20);
        Map<String, BigInteger> shares = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String owner = in.string(kind + " owner " + i);
            BigInteger share = new BigInteger(1, in.raw(kind + " of '" + owner + "'", ShamirSharing.ELEMENT_BYTES));
            if (shares.put(owner, share) != null) {
                throw in.malformed(kind + " of '" + owner + "' appears twice");
            }
        }
        return shares;
    }

    private static Map<String, BigInteger> checked(Map<String, BigInteger> shares, String kind, String clientId) {
        if (shares == null) {
            throw new IllegalArgumentException("UnmaskResponse of '" + clientId + "': " + kind + "s must not be null");
        }
        SortedMap<String, BigInteger> copy = new TreeMap<>();
        shares.forEach((owner, share) -> {
            Wire.checkId(owner, "UnmaskResponse's " + kind + " owner");
            if (!ShamirSharing.isFieldElement(share)) {
                throw new IllegalArgumentException("UnmaskResponse of '" + clientId + "': " + kind + " of '" + owner
                    + "' is not an element of the share field (0 <= share < 2^521-1)");
            }
            copy.put(owner, share);
        });
        return Collections.unmodifiableSortedMap(copy);
    }
}

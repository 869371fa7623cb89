package org.modelgate.learn.secagg;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The checks client and server both make on the round's adverts (U1): ids and public keys unique, at least t
 * clients. Sorted by id: a client's position + 1 is its Shamir x-coordinate, the same on every side.
 */
final class RoundMembers {
    private RoundMembers() {
    }

    static SortedMap<String, KeyAdvert> checkAdverts(List<KeyAdvert> adverts, int threshold, String who) {
        SortedMap<String, KeyAdvert> byId = new TreeMap<>();
        Set<ByteBuffer> keys = new HashSet<>();
        for (KeyAdvert advert : adverts) {
            if (byId.put(advert.clientId(), advert) != null) {
                throw new SecAggException(who + ": duplicate advert from '" + advert.clientId() + "'");
            }
            if (!keys.add(ByteBuffer.wrap(advert.cipherPublicKey()))
                || !keys.add(ByteBuffer.wrap(advert.maskPublicKey()))) {
                throw new SecAggException(who + ": the advert of '" + advert.clientId() + "' repeats a public key "
                    + "already advertised; every client makes fresh keys");
            }
        }
        if (byId.size() < threshold) {
            throw new RoundFailedException(who + ": " + byId.size() + " clients advertised, below the threshold "
                + threshold + "; restart the round with more clients or a lower threshold");
        }
        return Collections.unmodifiableSortedMap(byId);
    }

    /** The Shamir x-coordinate of each client: its position in the sorted adverts, from 1. */
    static SortedMap<String, Integer> xCoordinates(SortedMap<String, KeyAdvert> advertised) {
        SortedMap<String, Integer> x = new TreeMap<>();
        for (String id : advertised.keySet()) {
            x.put(id, x.size() + 1);
        }
        return x;
    }
}

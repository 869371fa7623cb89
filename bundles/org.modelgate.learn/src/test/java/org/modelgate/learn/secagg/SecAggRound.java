package org.modelgate.learn.secagg;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test fixture: one round of n real clients and a real server, every message carried as bytes (toBytes, then
 * fromBytes on the other side) as a transport would. Clients can be told to go silent before a step.
 */
final class SecAggRound {
    final SecAggParameters parameters;
    final SecAggServer server;
    final Map<String, SecAggClient> clients = new LinkedHashMap<>();
    final Map<String, long[]> inputs = new LinkedHashMap<>();
    final Map<String, MaskedInput> maskedInputsSent = new LinkedHashMap<>();
    private final Set<String> silentBeforeSharing = new HashSet<>();
    private final Set<String> silentBeforeMaskedInput = new HashSet<>();
    private final Set<String> silentBeforeUnmasking = new HashSet<>();
    private List<KeyAdvert> adverts;
    private Map<String, List<EncryptedShare>> routed;
    private Set<String> survivors;

    SecAggRound(SecAggParameters parameters, int clientCount, long seed) {
        this.parameters = parameters;
        this.server = new SecAggServer(parameters);
        for (int i = 0; i < clientCount; i++) {
            String id = String.format("gw-%02d", i);
            clients.put(id, new SecAggClient(id, parameters, seeded(seed * 1000 + i)));
        }
    }

    /** A deterministic SecureRandom, so a statistical test sees the same masks on every run. */
    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    SecAggRound input(String client, long[] values) {
        inputs.put(client, values);
        return this;
    }

    SecAggRound silentBeforeSharing(String... ids) {
        silentBeforeSharing.addAll(List.of(ids));
        return this;
    }

    SecAggRound silentBeforeMaskedInput(String... ids) {
        silentBeforeMaskedInput.addAll(List.of(ids));
        return this;
    }

    SecAggRound silentBeforeUnmasking(String... ids) {
        silentBeforeUnmasking.addAll(List.of(ids));
        return this;
    }

    List<KeyAdvert> advertise() {
        for (SecAggClient client : clients.values()) {
            server.accept(KeyAdvert.fromBytes(client.advertise().toBytes()));
        }
        adverts = KeyAdvert.listFromBytes(KeyAdvert.listToBytes(server.adverts()));
        return adverts;
    }

    Map<String, List<EncryptedShare>> shareKeys() {
        List<EncryptedShare> all = new ArrayList<>();
        for (SecAggClient client : clients.values()) {
            if (!silentBeforeSharing.contains(client.id())) {
                all.addAll(EncryptedShare.listFromBytes(EncryptedShare.listToBytes(client.shareKeys(adverts))));
            }
        }
        routed = server.route(all);
        return routed;
    }

    Set<String> maskInputs() {
        for (SecAggClient client : clients.values()) {
            String id = client.id();
            if (routed.containsKey(id) && !silentBeforeMaskedInput.contains(id)) {
                List<EncryptedShare> forMe = EncryptedShare.listFromBytes(EncryptedShare.listToBytes(routed.get(id)));
                MaskedInput masked = MaskedInput.fromBytes(client.maskedInput(inputs.get(id), forMe).toBytes());
                maskedInputsSent.put(id, masked);
                server.accept(masked);
            }
        }
        survivors = UnmaskRequest.fromBytes(server.unmaskRequest().toBytes()).survivors();
        return survivors;
    }

    long[] unmask() {
        for (String id : survivors) {
            if (!silentBeforeUnmasking.contains(id)) {
                server.accept(UnmaskResponse.fromBytes(clients.get(id).unmask(survivors).toBytes()));
            }
        }
        return server.sum();
    }

    long[] run() {
        advertise();
        shareKeys();
        maskInputs();
        return unmask();
    }

    /** The plain sum of the given clients' inputs mod 2^k, as the server's sum should be. */
    long[] plainSum(Set<String> ids) {
        long mask = parameters.modulusBits() == 64 ? -1L : (1L << parameters.modulusBits()) - 1;
        long[] sum = new long[parameters.vectorLength()];
        for (String id : ids) {
            long[] values = inputs.get(id);
            for (int i = 0; i < sum.length; i++) {
                sum[i] = (sum[i] + values[i]) & mask;
            }
        }
        return sum;
    }

    /** Random inputs in [0, 2^k) for every client. */
    SecAggRound randomInputs(long seed) {
        java.util.Random random = new java.util.Random(seed);
        long mask = parameters.modulusBits() == 64 ? -1L : (1L << parameters.modulusBits()) - 1;
        for (String id : clients.keySet()) {
            long[] values = new long[parameters.vectorLength()];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextLong() & mask;
            }
            inputs.put(id, values);
        }
        return this;
    }
}

package org.modelgate.benchmarks;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.modelgate.learn.secagg.EncryptedShare;
import org.modelgate.learn.secagg.FixedPoint;
import org.modelgate.learn.secagg.KeyAdvert;
import org.modelgate.learn.secagg.MaskedInput;
import org.modelgate.learn.secagg.SecAggClient;
import org.modelgate.learn.secagg.SecAggParameters;
import org.modelgate.learn.secagg.SecAggServer;
import org.modelgate.learn.secagg.UnmaskRequest;
import org.modelgate.learn.secagg.UnmaskResponse;

/**
 * What secure aggregation costs (-Dbench=secagg): full rounds of 20 clients x 2,416 values (the digits MLP's
 * parameter count) in one process, every message through toBytes/fromBytes, with no dropout and with two clients
 * dropped after round 1 (the server then reconstructs their mask keys and recomputes their pairwise masks). The
 * baseline, measured in the same run, is plain aggregation: a client's fixed-point encoding alone and the server
 * summing the 20 unmasked vectors. Times are the benchmark thread's CPU time (every party runs on that one thread,
 * one after the other), medians over the measured rounds; per-client figures are the median client.
 */
final class SecureAggregationBenchmark {
    private static final int CLIENTS = 20;
    private static final int LENGTH = 2416;
    private static final java.lang.management.ThreadMXBean THREADS =
        java.lang.management.ManagementFactory.getThreadMXBean();
    private final int rounds;

    SecureAggregationBenchmark(int rounds) {
        this.rounds = rounds;
    }

    String run() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n## Secure aggregation: %d clients x %d values, t = %d, mod 2^32, "
            + "%d rounds (+3 warm-up), medians of thread CPU time%n%n", CLIENTS, LENGTH, SecAggParameters.defaultThreshold(CLIENTS), rounds));
        out.append("| scenario | client ms (advertise / shareKeys / maskedInput / unmask = total) | plain client ms | "
            + "server ms (adverts / route / masked inputs / sum = total) | plain server ms | client bytes sent |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (int dropped : new int[] {0, 2}) {
            Result result = null;
            List<Result> measured = new ArrayList<>();
            for (int r = 0; r < rounds + 3; r++) {
                result = round("bench-" + dropped + "-" + r, dropped, r);
                if (r >= 3) {
                    measured.add(result);
                }
            }
            double[] client = new double[5];
            double[] server = new double[5];
            for (int step = 0; step < 5; step++) {
                final int s = step;
                client[step] = median(measured.stream().mapToDouble(m -> m.client[s]).toArray());
                server[step] = median(measured.stream().mapToDouble(m -> m.server[s]).toArray());
            }
            double plainClient = median(measured.stream().mapToDouble(m -> m.plainClient).toArray());
            double plainServer = median(measured.stream().mapToDouble(m -> m.plainServer).toArray());
            out.append(String.format(Locale.ROOT,
                "| %s | %.2f / %.2f / %.2f / %.2f = **%.2f** (x%.0f) | %.3f | %.2f / %.2f / %.2f / %.2f = **%.2f** (x%.0f) "
                    + "| %.3f | %s |%n",
                dropped == 0 ? "no dropout" : dropped + " dropped after round 1",
                client[0], client[1], client[2], client[3], client[4], client[4] / plainClient, plainClient,
                server[0], server[1], server[2], server[3], server[4], server[4] / plainServer, plainServer,
                result.bytes));
        }
        return out.toString();
    }

    private Result round(String roundId, int dropped, int seed) {
        SecAggParameters parameters = SecAggParameters.of(roundId, LENGTH, SecAggParameters.defaultThreshold(CLIENTS));
        FixedPoint codec = FixedPoint.forClients(CLIENTS, 1.0f, parameters.modulusBits());
        Random random = new Random(seed);
        SecureRandom secure = new SecureRandom();
        Map<String, SecAggClient> clients = new LinkedHashMap<>();
        Map<String, float[]> updates = new LinkedHashMap<>();
        for (int i = 0; i < CLIENTS; i++) {
            String id = String.format(Locale.ROOT, "gw-%02d", i);
            clients.put(id, new SecAggClient(id, parameters, secure));
            float[] update = new float[LENGTH];
            for (int j = 0; j < LENGTH; j++) {
                update[j] = (float) Math.max(-1, Math.min(1, random.nextGaussian() * 0.1));
            }
            updates.put(id, update);
        }
        Result result = new Result();
        long[][] clientNanos = new long[CLIENTS][4];
        long[] bytes = new long[4];
        SecAggServer server = new SecAggServer(parameters);
        long serverNanos;

        int c = 0;
        for (SecAggClient client : clients.values()) {
            long start = cpuNanos();
            byte[] advert = client.advertise().toBytes();
            clientNanos[c++][0] = cpuNanos() - start;
            bytes[0] = advert.length;
            start = cpuNanos();
            server.accept(KeyAdvert.fromBytes(advert));
            result.server[0] += cpuNanos() - start;
        }
        serverNanos = cpuNanos();
        byte[] advertList = KeyAdvert.listToBytes(server.adverts());
        result.server[0] += cpuNanos() - serverNanos;

        List<EncryptedShare> all = new ArrayList<>();
        c = 0;
        for (SecAggClient client : clients.values()) {
            long start = cpuNanos();
            byte[] shares = EncryptedShare.listToBytes(client.shareKeys(KeyAdvert.listFromBytes(advertList)));
            clientNanos[c++][1] = cpuNanos() - start;
            bytes[1] = shares.length;
            all.addAll(EncryptedShare.listFromBytes(shares)); // droppers go silent after this round
        }
        serverNanos = cpuNanos();
        Map<String, byte[]> routed = new LinkedHashMap<>();
        server.route(all).forEach((id, shares) -> routed.put(id, EncryptedShare.listToBytes(shares)));
        result.server[1] = cpuNanos() - serverNanos;

        c = 0;
        for (SecAggClient client : clients.values()) {
            if (c < dropped) {
                c++;
                continue;
            }
            long start = cpuNanos();
            long[] encoded = codec.encode(updates.get(client.id()));
            byte[] masked = client.maskedInput(encoded, EncryptedShare.listFromBytes(routed.get(client.id()))).toBytes();
            clientNanos[c++][2] = cpuNanos() - start;
            bytes[2] = masked.length;
            start = cpuNanos();
            server.accept(MaskedInput.fromBytes(masked));
            result.server[2] += cpuNanos() - start;
        }
        serverNanos = cpuNanos();
        byte[] request = server.unmaskRequest().toBytes();
        result.server[2] += cpuNanos() - serverNanos;

        c = 0;
        for (SecAggClient client : clients.values()) {
            if (c < dropped) {
                c++;
                continue;
            }
            long start = cpuNanos();
            Set<String> survivors = UnmaskRequest.fromBytes(request).survivors();
            byte[] response = client.unmask(survivors).toBytes();
            clientNanos[c++][3] = cpuNanos() - start;
            bytes[3] = response.length;
            start = cpuNanos();
            server.accept(UnmaskResponse.fromBytes(response));
            result.server[3] += cpuNanos() - start;
        }
        serverNanos = cpuNanos();
        long[] sum = server.sum();
        result.server[3] += cpuNanos() - serverNanos;
        result.server[4] = result.server[0] + result.server[1] + result.server[2] + result.server[3];
        for (int i = 0; i < 5; i++) {
            result.server[i] /= 1e6;
        }
        double[] totals = new double[CLIENTS - dropped];
        for (int step = 0; step < 4; step++) {
            final int s = step;
            result.client[step] = median(Arrays.stream(clientNanos, dropped, CLIENTS).mapToDouble(n -> n[s] / 1e6).toArray());
        }
        for (int i = dropped; i < CLIENTS; i++) {
            totals[i - dropped] = Arrays.stream(clientNanos[i]).sum() / 1e6;
        }
        result.client[4] = median(totals);
        result.bytes = String.format(Locale.ROOT, "%d / %d / %d / %d", bytes[0], bytes[1], bytes[2], bytes[3]);

        // the baseline: plain aggregation of the same updates (encode on each client, sum on the server)
        List<long[]> plain = new ArrayList<>();
        double[] encodeMs = new double[CLIENTS - dropped];
        int e = 0;
        for (String id : new ArrayList<>(updates.keySet()).subList(dropped, CLIENTS)) {
            long begin = cpuNanos();
            plain.add(codec.encode(updates.get(id)));
            encodeMs[e++] = (cpuNanos() - begin) / 1e6;
        }
        long start = cpuNanos();
        long[] plainSum = new long[LENGTH];
        for (long[] vector : plain) {
            for (int i = 0; i < LENGTH; i++) {
                plainSum[i] = (plainSum[i] + vector[i]) & 0xffffffffL;
            }
        }
        result.plainServer = (cpuNanos() - start) / 1e6;
        result.plainClient = median(encodeMs);
        if (!Arrays.equals(plainSum, sum)) {
            throw new IllegalStateException("secure aggregation's sum differs from the plain sum");
        }
        return result;
    }

    /** This thread's CPU time: on a shared machine, wall time measures the neighbours too. */
    private static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static final class Result {
        final double[] client = new double[5];
        final double[] server = new double[5];
        double plainClient;
        double plainServer;
        String bytes;
    }
}

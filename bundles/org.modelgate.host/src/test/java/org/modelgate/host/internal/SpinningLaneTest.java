package org.modelgate.host.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.Tensor;

/**
 * Feature: lanes that spin on the shared memory before they sleep in the socket lose no wake-up, and answer exactly
 * what lanes that never spin answer.
 */
class SpinningLaneTest {
    private static final long SPIN_NANOS = 100_000;
    @TempDir
    Path folder;

    @Test
    void requestsWithRandomPausesAroundTheSpinWindow_onBothSides_areAllAnswered() throws Exception {
        try (HostFixture hosts = new HostFixture(folder, SPIN_NANOS)) {
            ProcessHostedModel model = givenASpinningHost(hosts);

            List<String> wrong = whenClientsSendRequestsWithRandomPauses(model, 2, 1500);

            assertEquals(List.of(), wrong, "every request got its own answer (a lost wake-up would time out)");
            thenTheGatewaySawBothPaths(model.host());
        }
    }

    @Test
    void spinningAndSleepingLanes_giveIdenticalAnswers() {
        List<float[]> sleeping = answers(0);
        List<float[]> spinning = answers(SPIN_NANOS);

        assertEquals(sleeping.size(), spinning.size());
        for (int i = 0; i < sleeping.size(); i++) {
            assertArrayEquals(sleeping.get(i), spinning.get(i), "request " + i);
        }
    }

    private ProcessHostedModel givenASpinningHost(HostFixture hosts) {
        // a long time limit: a lost wake-up shows as a timeout, never as a slow pass
        return hosts.load(hosts.serving(60_000));
    }

    /**
     * Each client pauses a random time between its requests (0 to 3 spin windows: the host is caught spinning,
     * on the verge of sleeping, or asleep), and each request makes the host pause a random time before it answers
     * (the same for the gateway waiting for it).
     */
    private static List<String> whenClientsSendRequestsWithRandomPauses(ProcessHostedModel model, int clients, int requests)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<CompletableFuture<List<String>>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(CompletableFuture.supplyAsync(() -> {
                    SplittableRandom random = new SplittableRandom(client);
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < requests; i++) {
                        LockSupport.parkNanos(random.nextLong(3 * SPIN_NANOS));
                        float hostPauseMicros = random.nextInt((int) (3 * SPIN_NANOS / 1000));
                        float[] x = {4, hostPauseMicros, client, i};
                        float[] y = model.run(List.of(Tensor.ofFloats("x", new long[] {4}, x)), Set.of()).get(0)
                                .toFloatArray();
                        if (!java.util.Arrays.equals(x, y)) {
                            wrong.add("client " + client + " request " + i + ": " + java.util.Arrays.toString(y));
                        }
                    }
                    return wrong;
                }, pool));
            }
            List<String> wrong = new ArrayList<>();
            for (CompletableFuture<List<String>> client : done) {
                wrong.addAll(client.get(10, TimeUnit.MINUTES));
            }
            return wrong;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void thenTheGatewaySawBothPaths(HostProcess host) {
        long caught = 0;
        long woken = 0;
        for (Lane lane : host.lanes()) {
            caught += lane.link.caughtSpinning;
            woken += lane.link.wokenByDoorbell;
        }
        assertTrue(caught > 0 && woken > 0, "answers caught while spinning (" + caught + ") and after a doorbell (" + woken
                + "): the pauses covered both sides of the spin window");
    }

    /** The answers of one host with the given spin: small, growing the shared memory, shrinking again, errors. */
    private List<float[]> answers(long spinNanos) {
        try (HostFixture hosts = new HostFixture(folder.resolve("spin-" + spinNanos), spinNanos)) {
            ProcessHostedModel model = hosts.load(hosts.serving(60_000));
            List<float[]> answers = new ArrayList<>();
            for (int size : new int[] {1, 2, 3, 900, 5000, 2, 20_000, 7}) {
                float[] x = new float[size];
                for (int i = 1; i < size; i++) {
                    x[i] = i * 0.5f - size;
                }
                answers.add(model.run(List.of(Tensor.ofFloats("x", new long[] {size}, x)), Set.of()).get(0).toFloatArray());
            }
            answers.add(model.run(List.of(Tensor.ofFloats("x", new long[] {2}, new float[] {2, 3000})), Set.of()).get(0)
                    .toFloatArray()); // 3000 zeros out of 2 values in
            try {
                model.run(List.of(Tensor.ofFloats("x", new long[] {0}, new float[0])), Set.of()); // fails in the backend
                answers.add(new float[] {-1});
            } catch (RuntimeException e) {
                answers.add(new float[] {(e.getClass().getSimpleName() + ": " + e.getMessage()).hashCode()});
            }
            answers.add(model.run(List.of(Tensor.ofFloats("x", new long[] {2}, new float[] {0, 42})), Set.of()).get(0)
                    .toFloatArray()); // and serves on
            return answers;
        }
    }
}

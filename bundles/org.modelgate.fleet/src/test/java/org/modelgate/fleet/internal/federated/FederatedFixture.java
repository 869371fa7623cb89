package org.modelgate.fleet.internal.federated;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import org.modelgate.fleet.ControllerKey;
import org.modelgate.fleet.FleetSettings;
import org.modelgate.fleet.internal.FleetEngine;
import org.modelgate.remote.mqtt.internal.EmbeddedBroker;

/**
 * What the federated tests share: an embedded broker, the controller key, a controller (FleetEngine) and an
 * aggregator over one state folder, in-test gateways with shards of digits, a held-out set the controller keeps, and
 * waiting for a condition (generous timeouts; the condition decides, never a timed assertion).
 */
final class FederatedFixture implements AutoCloseable {
    static final String FLEET = "plant-7";
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    final EmbeddedBroker broker;
    final Path home;
    final Path stateDir;
    final Path trust;
    final KeyPair opsA;
    final Path heldOut;
    final TestLearnClients gateways;
    FleetEngine engine;
    Aggregator aggregator;

    FederatedFixture(String name) throws Exception {
        home = Files.createDirectories(Path.of("target", "federated-tests", name + "-" + System.nanoTime())).toAbsolutePath();
        stateDir = home.resolve("state");
        trust = Files.createDirectories(home.resolve("trust/controller"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        opsA = generator.generateKeyPair();
        Files.writeString(trust.resolve("ops-a.pem"), "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64,
                "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(opsA.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        broker = EmbeddedBroker.start(name);
        gateways = new TestLearnClients(broker.uri(), FLEET, opsA.getPublic());
        List<String> all = digits();
        List<String> held = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 5) {
            held.add(all.get(i));
        }
        heldOut = home.resolve("held-out.csv");
        Files.write(heldOut, held);
    }

    /** Adds gateways gw-1..gw-n, each with its shard of the rows not held out (row i goes to gateway i mod n). */
    void gateways(int n) throws Exception {
        gateways(n, false);
    }

    /**
     * Adds gateways gw-1..gw-n as {@link #gateways(int)} does; with {@code equalShards} every shard is cut to the
     * smallest one's size, so that FedAvg's sample weights are equal (weighted mean = unweighted mean).
     */
    void gateways(int n, boolean equalShards) throws Exception {
        List<String> all = digits();
        List<List<String>> shards = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            shards.add(new ArrayList<>());
        }
        int k = 0;
        for (int i = 0; i < all.size(); i++) {
            if (i % 5 != 0) {
                shards.get(k++ % n).add(all.get(i));
            }
        }
        int smallest = shards.stream().mapToInt(List::size).min().orElse(0);
        for (int g = 0; g < n; g++) {
            if (equalShards) {
                shards.set(g, shards.get(g).subList(0, smallest));
            }
            Path data = home.resolve("gw-" + (g + 1) + "/data/learn");
            Files.createDirectories(data.resolve("digits"));
            Files.write(data.resolve("digits/part-1.csv"), shards.get(g));
            gateways.add("gw-" + (g + 1), data, "lab");
        }
    }

    static List<String> digits() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                FederatedFixture.class.getResourceAsStream("/data/digits.csv.gz")), StandardCharsets.UTF_8))) {
            return in.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** A plan for digits: an MLP 64-32-10, pixels standardized around 5 +- 6, held-out set, 3 local epochs. */
    FederatedPlan plan(int rounds, int minAvailable, int minFit, Duration timeout) {
        float[] mean = new float[64];
        float[] std = new float[64];
        Arrays.fill(mean, 5f);
        Arrays.fill(std, 6f);
        return FederatedPlan.of("digits", 64, 32, 10).withStandardization(mean, std)
                .withRounds(rounds, 1.0, minAvailable, minFit, timeout).withTraining(3, 32, 0.05, 60)
                .withEvaluation(heldOut);
    }

    /** A controller and an aggregator over the state folder, started, once the gateways are in the registry. */
    Aggregator start(int devices) {
        FleetSettings settings = FleetSettings.of(broker.uri(), FLEET, stateDir, trust.getParent())
                .withChunkBytes(4096).withCommandTimeout(Duration.ofSeconds(2));
        engine = new FleetEngine(settings, Clock.systemUTC(), new ControllerKey("ops-a", opsA.getPrivate()), null);
        engine.start();
        DeviceCalls calls = engine.deviceCalls();
        await("the controller sees " + devices + " gateways online",
                () -> calls.online(org.modelgate.fleet.DeviceQuery.all()).size() >= devices);
        aggregator = new Aggregator(calls, stateDir, Clock.systemUTC());
        aggregator.start();
        return aggregator;
    }

    /** Closes the aggregator and the controller (the state stays on disk). */
    void stop() {
        aggregator.close();
        engine.close();
    }

    Training awaitEnd(Training t) {
        await("training " + t.id() + " ends", () -> aggregator.training(t.id()).orElseThrow().state()
                != Training.State.RUNNING);
        return aggregator.training(t.id()).orElseThrow();
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + PATIENCE.toSeconds() + " s in vain for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (aggregator != null) {
            aggregator.close();
        }
        if (engine != null) {
            engine.close();
        }
        gateways.close();
        broker.close();
    }
}

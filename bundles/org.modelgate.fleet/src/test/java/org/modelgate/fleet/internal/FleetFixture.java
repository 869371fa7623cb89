package org.modelgate.fleet.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.modelgate.fleet.ControllerKey;
import org.modelgate.fleet.Device;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetSettings;
import org.modelgate.remote.mqtt.internal.EmbeddedBroker;

/**
 * What the fleet tests share: an embedded broker, two controller keys (ops-a, ops-b) in a trust store, a model
 * package, the in-test agents and controllers over a state folder, and waiting for a condition (never a timed
 * assertion: generous timeouts, the condition decides).
 */
final class FleetFixture implements AutoCloseable {
    static final String FLEET = "plant-7";
    static final String MODEL = "iris";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    final EmbeddedBroker broker;
    final Path home;
    final Path trust;
    final Path stateDir;
    final KeyPair opsA;
    final KeyPair opsB;
    final RecordingAudit audit = new RecordingAudit();
    TestAgents agents;
    private FleetEngine engine;

    FleetFixture(String name) throws Exception {
        home = Files.createDirectories(Path.of("target", "fleet-tests", name + "-" + System.nanoTime())).toAbsolutePath();
        trust = Files.createDirectories(home.resolve("trust"));
        stateDir = home.resolve("state");
        opsA = key("ops-a");
        opsB = key("ops-b");
        broker = EmbeddedBroker.start(name);
        agents = new TestAgents(broker.uri(), FLEET, MODEL, opsA.getPublic());
    }

    private KeyPair key(String id) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Path folder = Files.createDirectories(trust.resolve("controller"));
        Files.writeString(folder.resolve(id + ".pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                        pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        return pair;
    }

    FleetSettings settings() {
        return FleetSettings.of(broker.uri(), FLEET, stateDir, trust).withChunkBytes(16 * 1024)
                .withCommandTimeout(Duration.ofSeconds(2));
    }

    /** A controller signing with ops-a, started. */
    FleetEngine controller() {
        engine = new FleetEngine(settings(), Clock.systemUTC(), new ControllerKey("ops-a", opsA.getPrivate()), audit);
        engine.start();
        await("the controller connects", () -> engine.status().connected());
        return engine;
    }

    /** A package {@code iris-VERSION.mgp} of about 40 KiB (three chunks of 16 KiB) with model.json's requires. */
    Path mgp(String version, String requires) throws IOException {
        Path file = home.resolve(MODEL + "-" + version + ".mgp");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("model.json"));
            zip.write(("{\"name\": \"" + MODEL + "\", \"version\": \"" + version + "\", \"format\": \"onnx\""
                    + (requires == null ? "" : ", \"requires\": " + requires) + "}").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("model.onnx"));
            byte[] weights = new byte[40_000];
            new Random(version.hashCode()).nextBytes(weights);
            zip.setLevel(0);
            zip.write(weights);
            zip.closeEntry();
        }
        return file;
    }

    /**
     * Waits until the controller knows every test agent from both its retained status and its retained state: two
     * topics, which the controller reads in either order (a device known from its status alone has no facts or model).
     */
    static void awaitDevicesKnown(FleetEngine controller, TestAgents agents) {
        await(agents.count() + " devices online with their state", () -> {
            List<Device> devices = controller.devices(DeviceQuery.all());
            return devices.size() == agents.count()
                    && devices.stream().allMatch(d -> d.online() && d.model(MODEL).isPresent());
        });
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

    static <T> T awaitValue(String what, Supplier<T> value, java.util.function.Predicate<T> done) {
        await(what, () -> done.test(value.get()));
        return value.get();
    }

    @Override
    public void close() throws Exception {
        if (engine != null) {
            engine.close();
        }
        agents.close();
        broker.close();
    }
}

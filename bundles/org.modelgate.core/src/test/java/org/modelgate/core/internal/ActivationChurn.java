package org.modelgate.core.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A gateway that keeps installing and activating model versions until it is killed: the child process of
 * {@link KilledDuringActivationTest}. Arguments: {@code <repository> <staging folder> <seed>}, or
 * {@code <repository> <staging folder> <seed> hold-in-trial}: install one new version and stop inside its trial's load
 * (printing {@code in trial <version>}) until killed.
 */
public final class ActivationChurn {
    private ActivationChurn() {
    }

    public static void main(String[] args) throws Exception {
        Path repository = Path.of(args[0]);
        Path staging = Path.of(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        RegistryHarness gateway = new RegistryHarness();
        AffineBackend backend = new AffineBackend();
        gateway.bind(backend);
        gateway.start(repository, true);
        gateway.awaitModel("scaler", m -> m.state() != org.modelgate.api.ModelState.LOADING);
        System.out.println("ready");
        System.out.flush();
        if (args.length > 3 && args[3].equals("hold-in-trial")) {
            holdInTrial(gateway, backend, repository, staging);
            return;
        }
        for (int step = 0; ; step++) {
            List<SemanticVersion> versions = new ModelRepository(repository).versions("scaler");
            SemanticVersion highest = versions.get(versions.size() - 1);
            switch (random.nextInt(3)) {
                case 0 -> {
                    SemanticVersion next = new SemanticVersion(highest.major(), highest.minor() + 1, 0, null);
                    Path folder = staging.resolve("scaler-" + next + "-" + step);
                    Files.createDirectories(folder);
                    float scale = next.minor();
                    Files.writeString(folder.resolve("model.json"), KilledDuringActivationTest.modelJson(next.toString(), scale));
                    Files.writeString(folder.resolve("model.bin"), "scale=" + scale);
                    gateway.registry.install(folder);
                }
                // forced: a version killed in its trial is quarantined, and this churn plays an operator who insists
                case 1 -> gateway.registry.activate("scaler", highest.toString(), true);
                default -> {
                    try {
                        gateway.registry.rollback("scaler");
                    } catch (org.modelgate.api.VersionRefusedException nothingEarlier) {
                        gateway.registry.activate("scaler", highest.toString(), true);
                    }
                }
            }
            System.out.println("step " + step); // the test kills after a number of these, whatever the machine's speed
            System.out.flush();
        }
    }

    private static void holdInTrial(RegistryHarness gateway, AffineBackend backend, Path repository, Path staging)
            throws Exception {
        List<SemanticVersion> versions = new ModelRepository(repository).versions("scaler");
        SemanticVersion highest = versions.get(versions.size() - 1);
        SemanticVersion next = new SemanticVersion(highest.major(), highest.minor() + 1, 0, null);
        Path folder = Files.createDirectories(staging.resolve("scaler-" + next + "-held"));
        Files.writeString(folder.resolve("model.json"), KilledDuringActivationTest.modelJson(next.toString(), next.minor()));
        Files.writeString(folder.resolve("model.bin"), "scale=" + next.minor());
        backend.loadGate = new java.util.concurrent.CountDownLatch(1); // never opened: the load stays inside the trial
        Thread installer = new Thread(() -> {
            gateway.registry.install(folder);
            gateway.registry.activate("scaler", next.toString(), false);
        }, "installer");
        installer.setDaemon(true);
        installer.start();
        if (!backend.loadEntered.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
            System.out.println("the trial of " + next + " never reached the backend's load");
            System.exit(1);
        }
        System.out.println("in trial " + next);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

package org.modelgate.core.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A gateway that keeps installing and activating model versions until it is killed: the child process of
 * {@link KilledDuringActivationTest}. Arguments: {@code <repository> <staging folder> <seed>}.
 */
public final class ActivationChurn {
    private ActivationChurn() {
    }

    public static void main(String[] args) throws Exception {
        Path repository = Path.of(args[0]);
        Path staging = Path.of(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        RegistryHarness gateway = new RegistryHarness();
        gateway.bind(new AffineBackend());
        gateway.start(repository, true);
        gateway.awaitModel("scaler", m -> m.state() != org.modelgate.api.ModelState.LOADING);
        System.out.println("ready");
        System.out.flush();
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
                case 1 -> gateway.registry.activate("scaler", highest.toString());
                default -> {
                    try {
                        gateway.registry.rollback("scaler");
                    } catch (org.modelgate.api.VersionRefusedException nothingEarlier) {
                        gateway.registry.activate("scaler", highest.toString());
                    }
                }
            }
            System.out.println("step " + step); // the test kills after a number of these, whatever the machine's speed
            System.out.flush();
        }
    }
}

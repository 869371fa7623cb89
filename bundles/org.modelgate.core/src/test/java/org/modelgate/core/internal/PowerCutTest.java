package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.security.keys.internal.FileKeyProvider;

/**
 * A power cut at every single file operation of an install followed by an activation: whatever had not
 * reached the disk is dropped, then the gateway starts again. It must always serve a whole committed
 * version: the old one, or the new one once its commit was durable. The same holds when the new version is
 * encrypted at rest on its way in (header and segments written through the same file layer).
 */
class PowerCutTest {
    private static final String NEW_MODEL = "scale=2\n# weights-only-in-1.1.0\n" + "#".repeat(280) + "\n";

    @TempDir
    Path work;
    /** The device key, when the install encrypts; made before the scenarios, outside the file layer under test. */
    private FileKeyProvider deviceKey;

    @Test
    void aPowerCutAtAnyFileOperationLeavesTheOldOrTheNewCommittedVersionServing() throws Exception {
        thenEveryCutLeavesAWholeCommittedVersion(25);
    }

    @Test
    void aPowerCutAtAnyFileOperationOfAnEncryptedInstallLeavesTheOldOrTheNewCommittedVersionServing() throws Exception {
        deviceKey = new FileKeyProvider(work.resolve("keys/device.key"));
        deviceKey.keyId();
        // 28 operations in plaintext; encrypting writes a header and 5 segments of 64 bytes instead of one copy
        thenEveryCutLeavesAWholeCommittedVersion(32);
    }

    private void thenEveryCutLeavesAWholeCommittedVersion(int atLeast) throws Exception {
        int operations = scenario(work.resolve("uncut"), Integer.MAX_VALUE).operations();
        assertThat(operations).as("file operations of one install + activate").isGreaterThan(atLeast);
        int servedNew = 0;
        for (int cut = 1; cut <= operations; cut++) {
            Path run = work.resolve("cut-" + cut);
            PowerCutFiles files = scenario(run, cut);
            files.rewind();
            String served = thenTheRestartServesAWholeCommittedVersion(run.resolve("models"), cut);
            servedNew += served.equals("1.1.0") ? 1 : 0;
        }
        assertThat(servedNew).as("late cuts keep the new version").isPositive();
        assertThat(servedNew).as("early cuts keep the old version").isLessThan(operations);
    }

    private RegistryHarness gateway() {
        RegistryHarness gateway = new RegistryHarness();
        if (deviceKey != null) {
            gateway.registry.encryption.segmentSize = 64;
            gateway.registry.setKeyProvider(deviceKey);
        }
        gateway.bind(new AffineBackend());
        return gateway;
    }

    /** Install 1.1.0 from a staging folder and activate it, the power going at operation {@code cut}. */
    private PowerCutFiles scenario(Path run, int cut) throws Exception {
        Path repository = Files.createDirectories(run.resolve("models"));
        new ModelRepositoryFixture(repository).model("scaler", "1.0.0",
                KilledDuringActivationTest.modelJson("1.0.0", 1f), "model.bin", "scale=1");
        Files.writeString(repository.resolve("scaler/active"), "1.0.0\n");
        Path staged = Files.createDirectories(run.resolve("staging/scaler-1.1.0"));
        Files.writeString(staged.resolve("model.json"), KilledDuringActivationTest.modelJson("1.1.0", 2f));
        Files.writeString(staged.resolve("model.bin"), NEW_MODEL);

        PowerCutFiles files = new PowerCutFiles(cut);
        RegistryHarness gateway = gateway();
        gateway.registry.files = files;
        try {
            gateway.start(repository, true);
            gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
            gateway.registry.install(staged);
            gateway.registry.activate("scaler", "1.1.0");
        } catch (PowerCutFiles.PowerCut | org.modelgate.api.ModelgateException e) {
            // the power went (a failure to record reports as a Modelgate error wrapping the cut)
        } finally {
            gateway.stop();
        }
        return files;
    }

    private String thenTheRestartServesAWholeCommittedVersion(Path repository, int cut) throws Exception {
        // what the disk says before anything runs again: the commit pointer is never torn or empty
        String committedOnDisk = Files.readString(repository.resolve("scaler/active")).trim();
        assertThat(committedOnDisk).as("cut %d: active after the power cut", cut).isIn("1.0.0", "1.1.0");
        RegistryHarness gateway = gateway();
        try {
            gateway.start(repository, true);
            ModelInfo info = gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
            String committed = Files.readString(repository.resolve("scaler/active")).trim();
            assertThat(committed).as("cut %d: the restart keeps the committed version", cut).isEqualTo(committedOnDisk);
            assertThat(info.state()).as("cut %d: %s", cut, info).isEqualTo(ModelState.READY);
            assertThat(info.version()).as("cut %d", cut).isEqualTo(committed);
            float scale = committed.equals("1.0.0") ? 1f : 2f;
            assertThat(gateway.infer("scaler", 1f, 2f).output("y").toFloatArray()).as("cut %d", cut)
                    .containsExactly(scale, 2 * scale);
            try (Stream<Path> entries = Files.list(repository.resolve("scaler"))) {
                List<String> names = entries.map(p -> p.getFileName().toString()).toList();
                assertThat(names).as("cut %d: nothing half-done left", cut).noneMatch(n -> n.startsWith(".") || n.equals("trial"));
                for (String name : names) {
                    if (SemanticVersion.isValid(name)) {
                        ModelDescriptor.read(repository.resolve("scaler").resolve(name));
                    }
                }
                Path newModel = repository.resolve("scaler/1.1.0/model.bin");
                if (Files.exists(newModel)) {
                    assertThat(EncryptedModelFile.isEncrypted(newModel)).as("cut %d: 1.1.0 encrypted", cut).isEqualTo(deviceKey != null);
                    assertThat(Files.readString(newModel, java.nio.charset.StandardCharsets.ISO_8859_1).contains("weights-only-in-1.1.0"))
                            .as("cut %d: plaintext of 1.1.0 on disk", cut).isEqualTo(deviceKey == null);
                }
            }
            return committed;
        } finally {
            gateway.stop();
        }
    }
}

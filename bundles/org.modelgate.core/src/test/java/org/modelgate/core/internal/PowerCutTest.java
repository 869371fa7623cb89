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

/**
 * A power cut at every single file operation of an install followed by an activation: whatever had not
 * reached the disk is dropped, then the gateway starts again. It must always serve a whole committed
 * version: the old one, or the new one once its commit was durable.
 */
class PowerCutTest {
    @TempDir
    Path work;

    @Test
    void aPowerCutAtAnyFileOperationLeavesTheOldOrTheNewCommittedVersionServing() throws Exception {
        int operations = scenario(work.resolve("uncut"), Integer.MAX_VALUE).operations();
        assertThat(operations).as("file operations of one install + activate").isGreaterThan(20);
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

    /** Install 1.1.0 from a staging folder and activate it, the power going at operation {@code cut}. */
    private static PowerCutFiles scenario(Path run, int cut) throws Exception {
        Path repository = Files.createDirectories(run.resolve("models"));
        new ModelRepositoryFixture(repository).model("scaler", "1.0.0",
                KilledDuringActivationTest.modelJson("1.0.0", 1f), "model.bin", "scale=1");
        Files.writeString(repository.resolve("scaler/active"), "1.0.0\n");
        Path staged = Files.createDirectories(run.resolve("staging/scaler-1.1.0"));
        Files.writeString(staged.resolve("model.json"), KilledDuringActivationTest.modelJson("1.1.0", 2f));
        Files.writeString(staged.resolve("model.bin"), "scale=2");

        PowerCutFiles files = new PowerCutFiles(cut);
        RegistryHarness gateway = new RegistryHarness();
        gateway.registry.files = files;
        gateway.bind(new AffineBackend());
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

    private static String thenTheRestartServesAWholeCommittedVersion(Path repository, int cut) throws Exception {
        // what the disk says before anything runs again: the commit pointer is never torn or empty
        String committedOnDisk = Files.readString(repository.resolve("scaler/active")).trim();
        assertThat(committedOnDisk).as("cut %d: active after the power cut", cut).isIn("1.0.0", "1.1.0");
        RegistryHarness gateway = new RegistryHarness();
        gateway.bind(new AffineBackend());
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
            }
            return committed;
        } finally {
            gateway.stop();
        }
    }
}

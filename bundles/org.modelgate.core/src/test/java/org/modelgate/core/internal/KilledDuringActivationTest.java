package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;

/**
 * A gateway process killed with SIGKILL at random moments while it installs, activates and rolls back
 * versions: after every kill a fresh registry on the same folder must come up serving the committed
 * version, with no trial, no half-copied folder and every version folder whole.
 *
 * <p>A kill keeps the page cache, so this cannot catch a missing fsync; it catches wrong ordering and
 * states that a restart cannot recover from.
 */
class KilledDuringActivationTest {
    private static final int RUNS = 50;

    @TempDir
    Path repository;
    @TempDir
    Path staging;

    @Test
    void everyKillLeavesARepositoryThatServesItsCommittedVersion() throws Exception {
        ModelRepositoryFixture models = new ModelRepositoryFixture(repository);
        models.model("scaler", "1.0.0", modelJson("1.0.0", 1f), "model.bin", "scale=1");
        Files.writeString(repository.resolve("scaler/active"), "1.0.0\n");
        Random random = new Random(20261125);
        int historyBefore = 0;
        for (int run = 0; run < RUNS; run++) {
            Process churn = start(run);
            awaitSteps(churn, 1 + random.nextInt(3));
            Thread.sleep(random.nextInt(15)); // lands inside the next install, trial or rollback
            churn.destroyForcibly(); // SIGKILL
            assertThat(churn.waitFor(10, TimeUnit.SECONDS)).isTrue();

            int history = thenTheRepositoryRecoversToItsCommittedVersion(run);
            assertThat(history).as("run %d made progress before the kill", run).isGreaterThanOrEqualTo(historyBefore);
            historyBefore = history;
        }
        assertThat(historyBefore).as("the churn installed and activated versions across the runs").isGreaterThan(RUNS);
    }

    @Test
    void aKillInsideTheTrialOfANewVersionQuarantinesIt() throws Exception {
        ModelRepositoryFixture models = new ModelRepositoryFixture(repository);
        models.model("scaler", "1.0.0", modelJson("1.0.0", 1f), "model.bin", "scale=1");
        Files.writeString(repository.resolve("scaler/active"), "1.0.0\n");
        Process churn = start(0, "hold-in-trial");
        String held = awaitLine(churn, "in trial ").substring("in trial ".length());
        churn.destroyForcibly(); // SIGKILL inside the trial's load
        assertThat(churn.waitFor(10, TimeUnit.SECONDS)).isTrue();

        thenTheRepositoryRecoversToItsCommittedVersion(0);
        List<org.modelgate.api.VersionEvent> history = VersionHistory.read(repository.resolve("scaler"));
        assertThat(history).as("the version killed in its trial is quarantined by the next start")
                .anyMatch(e -> e.kind() == org.modelgate.api.VersionEvent.Kind.CRASHED && e.version().equals(held)
                        && e.reason().contains("died while it was in trial"));
        assertThat(Files.readString(repository.resolve("scaler/active")).trim()).as("the committed version stays").isEqualTo("1.0.0");
    }

    private Process start(int run, String... mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                ActivationChurn.class.getName(), repository.toString(), staging.toString(), Integer.toString(run)));
        command.addAll(List.of(mode));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the child's output up to the first line starting with {@code prefix}, then drains the rest. */
    private static String awaitLine(Process churn, String prefix) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(churn.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the churn process ended before printing '" + prefix + "':\n" + seen);
    }

    /** Waits until the churn has finished so many steps (counted, not timed: a loaded machine only takes longer). */
    private static void awaitSteps(Process churn, int steps) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(churn.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        int done = 0;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("step ") && ++done == steps) {
                Thread drain = new Thread(() -> {
                    try {
                        churn.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (java.io.IOException e) {
                        // the process is gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the churn process ended before " + steps + " steps:\n" + seen);
    }

    private int thenTheRepositoryRecoversToItsCommittedVersion(int run) throws Exception {
        RegistryHarness gateway = new RegistryHarness();
        gateway.bind(new AffineBackend());
        try {
            gateway.start(repository, true);
            ModelInfo info = gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
            String committed = Files.readString(repository.resolve("scaler/active")).trim();
            assertThat(info.state()).as("run %d: %s", run, info).isEqualTo(ModelState.READY);
            assertThat(info.version()).as("run %d serves the committed version", run).isEqualTo(committed);
            float scale = Float.parseFloat(Files.readString(repository.resolve("scaler").resolve(committed).resolve("model.bin"))
                    .substring("scale=".length()));
            assertThat(gateway.infer("scaler", 1f, 2f).output("y").toFloatArray()).containsExactly(scale, 2 * scale);
            assertThat(repository.resolve("scaler/trial")).as("run %d: trial rolled back", run).doesNotExist();
            try (Stream<Path> entries = Files.list(repository.resolve("scaler"))) {
                List<String> names = entries.map(p -> p.getFileName().toString()).toList();
                assertThat(names).as("run %d: no half-copied or half-removed folder", run).noneMatch(n -> n.startsWith("."));
                for (String name : names) {
                    if (SemanticVersion.isValid(name)) {
                        ModelDescriptor.read(repository.resolve("scaler").resolve(name)); // whole and valid
                        assertThat(repository.resolve("scaler").resolve(name).resolve("model.bin")).isNotEmptyFile();
                    }
                }
            }
            return gateway.registry.history("scaler").size();
        } finally {
            gateway.stop();
        }
    }

    static String modelJson(String version, float scale) {
        return "{\"name\":\"scaler\",\"version\":\"" + version + "\",\"format\":\"affine\",\"file\":\"model.bin\","
                + "\"golden\":[{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2]}],"
                + "\"outputs\":[{\"name\":\"y\",\"data\":[" + scale + "," + 2 * scale + "]}]}]}";
    }
}

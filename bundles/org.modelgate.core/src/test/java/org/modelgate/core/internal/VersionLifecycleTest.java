package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelState;
import org.modelgate.api.VersionEvent;
import org.modelgate.api.VersionEvent.Kind;
import org.modelgate.api.VersionRefusedException;

/** Versions go forward through a trial, never silently back, and a crash mid-way leaves the committed one serving. */
class VersionLifecycleTest {
    @TempDir
    Path repository;
    @TempDir
    Path staging;
    private final AffineBackend backend = new AffineBackend();
    private RegistryHarness gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void aDowngradeIsRefusedButAnExplicitRollbackGoesBack() throws Exception {
        givenVersion("1.0.0", 2f, 2f);
        givenVersion("1.1.0", 3f, 3f);
        givenCommitted("1.0.0");
        whenTheGatewayStarts();
        gateway.registry.activate("scaler", "1.1.0");

        assertThatThrownBy(() -> gateway.registry.activate("scaler", "1.0.0")).isInstanceOf(VersionRefusedException.class)
                .hasMessageContaining("below the committed version 1.1.0").hasMessageContaining("mg:rollback scaler");
        thenServedBy("1.1.0", 3f);

        gateway.registry.rollback("scaler");
        thenServedBy("1.0.0", 2f);
        assertThat(committedFile()).isEqualTo("1.0.0");
        assertThat(kinds()).endsWith(Kind.TRIAL, Kind.COMMITTED);
    }

    @Test
    void aVersionFailingItsGoldenSamplesIsRolledBackAndTheCommittedOneKeepsServing() throws Exception {
        givenVersion("1.0.0", 2f, 2f);
        givenVersion("1.1.0", 3f, 2f); // scales by 3 but promises the outputs of 2
        givenCommitted("1.0.0");
        whenTheGatewayStarts();

        assertThatThrownBy(() -> gateway.registry.activate("scaler", "1.1.0")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("golden sample 1: output 'y'[0] is 3.0, expected 2.0");

        thenServedBy("1.0.0", 2f);
        assertThat(gateway.registry.model("scaler").orElseThrow().state()).isEqualTo(ModelState.READY);
        assertThat(committedFile()).isEqualTo("1.0.0");
        assertThat(repository.resolve("scaler/trial")).doesNotExist();
        VersionEvent last = history().get(history().size() - 1);
        assertThat(last.kind()).isEqualTo(Kind.ROLLED_BACK);
        assertThat(last.version()).isEqualTo("1.1.0");
        assertThat(last.reason()).contains("expected 2.0");
        assertThat(backend.loaded.get(backend.loaded.size() - 1).closed).as("the failed trial's model is closed").isTrue();
    }

    @Test
    void aVersionOverItsLatencyGuardIsRolledBack() throws Exception {
        givenVersion("1.0.0", 2f, 2f);
        new ModelRepositoryFixture(repository).model("scaler", "1.1.0", modelJson("1.1.0", 3f)
                .replace("\"golden\"", "\"guards\":{\"maxLatencyMs\":0.000001},\"golden\""), "model.bin", "scale=3");
        givenCommitted("1.0.0");
        whenTheGatewayStarts();

        assertThatThrownBy(() -> gateway.registry.activate("scaler", "1.1.0")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("on golden sample 1 (best of 3), over its guard of 1.0E-6 ms");
        thenServedBy("1.0.0", 2f);
    }

    @Test
    void aTrialNoModelHostCouldRunSaysSoInTheHistory() throws Exception {
        givenVersion("1.0.0", 2f, 2f);
        givenVersion("1.1.0", 3f, 3f);
        givenCommitted("1.0.0");
        whenTheGatewayStarts();
        gateway.registry.setModelHosts((backend, properties, artifact, options) -> {
            throw new org.modelgate.host.HostNotUsableException("cannot start java: no such file");
        });

        gateway.registry.activate("scaler", "1.1.0");

        thenServedBy("1.1.0", 3f);
        VersionEvent committed = history().get(history().size() - 1);
        assertThat(committed.kind()).isEqualTo(Kind.COMMITTED);
        assertThat(committed.reason()).as("the trial was not sandboxed after all")
                .contains("sandbox skipped: no model host could run its trial (cannot start java: no such file)");
    }

    @Test
    void aTrialInterruptedByARestartIsQuarantinedAtBoot() throws Exception {
        givenVersion("1.0.0", 2f, 2f);
        givenVersion("1.1.0", 3f, 3f);
        givenCommitted("1.0.0");
        Files.writeString(repository.resolve("scaler/trial"), "1.1.0\n"); // power cut during the trial of 1.1.0

        whenTheGatewayStarts();

        thenServedBy("1.0.0", 2f);
        assertThat(repository.resolve("scaler/trial")).doesNotExist();
        VersionEvent crashed = history().get(0);
        assertThat(crashed.kind()).as("a version in trial when the process died is quarantined").isEqualTo(Kind.CRASHED);
        assertThat(crashed.version()).isEqualTo("1.1.0");
        assertThat(crashed.reason()).contains("died while it was in trial").contains("quarantined");
    }

    @Test
    void installCopiesAVersionInAndRefusesDuplicatesAndDowngrades() throws Exception {
        givenVersion("1.0.0", 2f, 2f);
        givenCommitted("1.0.0");
        whenTheGatewayStarts();

        gateway.registry.install(staged("1.2.0", 4f));
        assertThat(gateway.registry.model("scaler").orElseThrow().versions()).containsExactly("1.0.0", "1.2.0");
        assertThat(kinds()).contains(Kind.INSTALLED);
        thenServedBy("1.0.0", 2f);
        gateway.registry.activate("scaler", "1.2.0");
        thenServedBy("1.2.0", 4f);

        assertThatThrownBy(() -> gateway.registry.install(staged("1.2.0", 4f))).isInstanceOf(VersionRefusedException.class)
                .hasMessageContaining("installed already");
        assertThatThrownBy(() -> gateway.registry.install(staged("1.1.0", 4f))).isInstanceOf(VersionRefusedException.class)
                .hasMessageContaining("below the committed version 1.2.0");
        try (Stream<Path> entries = Files.list(repository.resolve("scaler"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void theCommittedVersionCannotBeRemovedAndOldVersionsAreRetiredBeyondTheLimit() throws Exception {
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0")) {
            givenVersion(v, 2f, 2f);
        }
        givenCommitted("1.0.0");
        whenTheGatewayStarts();
        assertThatThrownBy(() -> gateway.registry.remove("scaler", "1.0.0")).isInstanceOf(VersionRefusedException.class)
                .hasMessageContaining("committed or serving");

        gateway.registry.activate("scaler", "1.3.0"); // keeps 3 (the harness's limit): the oldest other goes

        assertThat(gateway.registry.model("scaler").orElseThrow().versions()).containsExactly("1.0.0", "1.2.0", "1.3.0");
        gateway.registry.remove("scaler", "1.2.0");
        assertThat(gateway.registry.model("scaler").orElseThrow().versions()).containsExactly("1.0.0", "1.3.0");
        assertThat(kinds()).contains(Kind.REMOVED);
    }

    private void givenVersion(String version, float scale, float promisedScale) {
        new ModelRepositoryFixture(repository).model("scaler", version, modelJson(version, promisedScale), "model.bin",
                "scale=" + scale);
    }

    private Path staged(String version, float scale) throws Exception {
        Path folder = Files.createDirectories(staging.resolve("scaler-" + version));
        Files.writeString(folder.resolve("model.json"), modelJson(version, scale));
        Files.writeString(folder.resolve("model.bin"), "scale=" + scale);
        return folder;
    }

    private static String modelJson(String version, float promisedScale) {
        return "{\"name\":\"scaler\",\"version\":\"" + version + "\",\"format\":\"affine\",\"file\":\"model.bin\","
                + "\"golden\":[{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2]}],"
                + "\"outputs\":[{\"name\":\"y\",\"data\":[" + promisedScale + "," + 2 * promisedScale + "]}]}]}";
    }

    private void givenCommitted(String version) throws Exception {
        Files.writeString(repository.resolve("scaler").resolve("active"), version + "\n");
    }

    private void whenTheGatewayStarts() {
        gateway = new RegistryHarness();
        gateway.bind(backend);
        gateway.start(repository, true);
        gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
    }

    private void thenServedBy(String version, float scale) {
        assertThat(gateway.infer("scaler", 1f, 2f).version()).isEqualTo(version);
        assertThat(gateway.infer("scaler", 1f, 2f).output("y").toFloatArray()).containsExactly(scale, 2 * scale);
    }

    private String committedFile() throws Exception {
        return Files.readString(repository.resolve("scaler/active")).trim();
    }

    private List<VersionEvent> history() {
        return gateway.registry.history("scaler");
    }

    private List<Kind> kinds() {
        return history().stream().map(VersionEvent::kind).toList();
    }
}

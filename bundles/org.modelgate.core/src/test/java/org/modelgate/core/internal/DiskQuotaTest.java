package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelState;
import org.modelgate.api.VersionEvent;
import org.modelgate.api.VersionRefusedException;

/**
 * Feature: a gateway with little disk keeps its model repository under a quota; old versions make
 * room for new ones, never the committed one, the one before it or the serving one.
 */
class DiskQuotaTest {
    private static final int KIB = 1024;

    @TempDir
    Path repository;
    @TempDir
    Path incoming;
    private RegistryHarness gateway;

    @BeforeEach
    void givenAGatewayWithAOneMebibyteQuotaServingVersion100() throws Exception {
        Path first = version("1.0.0", 300);
        Files.createDirectories(repository.resolve("scaler"));
        Files.move(first, repository.resolve("scaler/1.0.0"));
        gateway = new RegistryHarness().startWithQuota(repository, 1);
        gateway.bind(new AffineBackend());
        gateway.awaitModel("scaler", m -> m.state() == ModelState.READY);
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void installsThatFitAreKeptAndTheOldestRemovableVersionMakesRoomForTheNext() throws Exception {
        gateway.registry.install(version("1.1.0", 300));
        gateway.registry.activate("scaler", "1.1.0");
        gateway.registry.install(version("1.2.0", 300));

        gateway.registry.install(version("1.3.0", 300));

        assertThat(gateway.registry.model("scaler").orElseThrow().versions())
                .as("1.2.0 made room; 1.1.0 is committed and serving, 1.0.0 was committed before it")
                .containsExactly("1.0.0", "1.1.0", "1.3.0");
        assertThat(gateway.registry.history("scaler")).filteredOn(e -> e.kind() == VersionEvent.Kind.REMOVED)
                .singleElement().satisfies(e -> {
                    assertThat(e.version()).isEqualTo("1.2.0");
                    assertThat(e.reason()).isEqualTo("disk quota: making room for 1.3.0");
                });
        assertThat(DiskQuota.ofMegabytes(1).used(repository)).isLessThanOrEqualTo(1024 * KIB);
    }

    @Test
    void aVersionThatCannotFitIsRefusedAndNothingIsRemovedForIt() throws Exception {
        gateway.registry.install(version("1.1.0", 300));
        gateway.registry.activate("scaler", "1.1.0");
        gateway.registry.install(version("1.2.0", 100));

        assertThatThrownBy(() -> gateway.registry.install(version("2.0.0", 700)))
                .isInstanceOf(VersionRefusedException.class)
                .hasMessageStartingWith("model 'scaler' 2.0.0 (0.7 MiB) does not fit: the repository holds 0.7 MiB of its 1.0 MiB quota")
                .hasMessageContaining("diskQuotaMB of org.modelgate.core.registry");

        assertThat(gateway.registry.model("scaler").orElseThrow().versions()).containsExactly("1.0.0", "1.1.0", "1.2.0");
        assertThat(repository.resolve("scaler/2.0.0")).doesNotExist();
        assertThat(gateway.infer("scaler", 1, 2).outputs().get(0).getDouble(0)).as("still serving 1.1.0").isEqualTo(5.0);
    }

    @Test
    void aNewModelThatDoesNotFitIsRefused() throws Exception {
        Path other = version("1.0.0", 800);
        Files.writeString(other.resolve("model.json"), Files.readString(other.resolve("model.json")).replace("\"scaler\"", "\"other\""));

        assertThatThrownBy(() -> gateway.registry.install(other)).isInstanceOf(VersionRefusedException.class)
                .hasMessageStartingWith("model 'other' 1.0.0 (0.8 MiB) does not fit");
        assertThat(repository.resolve("other")).doesNotExist();
    }

    /** A version folder of the affine test model, scale 5, padded with a file of the given size. */
    private Path version(String version, int kib) throws Exception {
        Path folder = Files.createDirectories(incoming.resolve("scaler-" + version));
        Files.writeString(folder.resolve("model.json"), KilledDuringActivationTest.modelJson(version, 5f));
        Files.writeString(folder.resolve("model.bin"), "scale=5");
        Files.write(folder.resolve("padding.bin"), new byte[kib * KIB]);
        return folder;
    }
}

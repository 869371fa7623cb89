package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ProfileEnergy;
import org.modelgate.api.ProfileMeasurement;
import org.modelgate.api.ProfileReport;
import org.modelgate.api.ProfileRequest;
import org.modelgate.energy.internal.SysfsEnergyMeters;
import org.modelgate.spi.EnergyMeter;

/**
 * Feature: profiling reports energy. With a meter that reads (org.modelgate.energy's, over a fake sysfs tree with a
 * constant 12.5 W power sensor), each candidate gets joules per inference and watts, and plan.json keeps the
 * winner's; without one, each candidate says why, never a number.
 */
class ProfilingEnergyTest {
    @TempDir
    Path repository;
    @TempDir
    Path sysfs;
    private final RecordingBackend backend = new RecordingBackend();
    private final RegistryHarness gateway = new RegistryHarness();
    private ProfileReport report;

    @BeforeEach
    void givenAModelServedUnderTwoDrivers() {
        new ModelRepositoryFixture(repository).model("scaler", "1.0.0", "{\"name\":\"scaler\",\"version\":\"1.0.0\","
                + "\"format\":\"affine\",\"file\":\"model.bin\",\"labels\":[\"a\",\"b\"],"
                + "\"profile\":{\"inputs\":{\"x\":{\"shape\":[1,2]}}}}", "model.bin", "scale=2.0"); // x is [?, 2]: a size to time
        gateway.registry.addBackend(backend, Map.of("service.id", 1L));
        gateway.registry.addDriver(new FakeDriver("slow", 60, Map.of("device", "slow", AffineBackend.DELAY, "4")),
                Map.of("service.id", 10L));
        gateway.registry.addDriver(new FakeDriver("fast", 10, Map.of("device", "fast")), Map.of("service.id", 11L));
        gateway.start(repository, true);
        gateway.awaitModel("scaler", ModelInfo::isReady);
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void aReadableMeterGivesJoulesPerInferenceAndWattsForEachCandidate() throws IOException {
        givenSysfs("class/hwmon/hwmon0/name", "ina226");
        givenSysfs("class/hwmon/hwmon0/power1_input", "12500000"); // µW
        givenTheMetersOfTheTree();

        whenProfiling();

        assertThat(report.measurements()).filteredOn(ProfileMeasurement::ok).hasSize(6).allSatisfy(m -> {
            ProfileEnergy energy = m.energy();
            assertThat(energy.readable()).as(m.label() + ": " + energy.unavailable()).isTrue();
            assertThat(energy.watts()).isCloseTo(12.5, within(1e-6));
            assertThat(energy.meters()).containsExactly("hwmon ina226 power1 (hwmon0)");
            assertThat(energy.joulesPerInference()).isPositive();
        });
        ProfileMeasurement slow = report.measurements().stream().filter(m -> "slow".equals(m.driver())).findFirst()
                .orElseThrow();
        // 12.5 W over runs of 4 ms and more: about 12.5 W / throughput each, the meter's reads around them included
        assertThat(slow.energy().joulesPerInference()).isGreaterThanOrEqualTo(0.05)
                .isCloseTo(12.5 / slow.throughput(), org.assertj.core.api.Assertions.withinPercentage(25));
        assertThat(PlanFile.read(repository.resolve("scaler")).orElseThrow().measured()).contains(" J/inference, 12.5 W");
    }

    @Test
    void withoutAnyMeterEachCandidateSaysEnergyIsNotReadable() {
        whenProfiling();

        assertThat(report.measurements()).filteredOn(ProfileMeasurement::ok).extracting(ProfileMeasurement::energy)
                .containsOnly(ProfileEnergy.unavailable(EnergyMeters.NONE));
        assertThat(PlanFile.read(repository.resolve("scaler")).orElseThrow().measured()).doesNotContain("J/inference");
    }

    @Test
    void aDeviceWithoutSensorsSaysWhereTheMeterLooked() {
        givenTheMetersOfTheTree();

        whenProfiling();

        assertThat(report.measurements()).filteredOn(ProfileMeasurement::ok).allSatisfy(m -> {
            assertThat(m.energy().readable()).isFalse();
            assertThat(m.energy().joulesPerInference()).isNull();
            assertThat(m.energy().unavailable()).startsWith("no energy meter could read: sysfs: this device "
                    + "exposes no energy meter: no RAPL domain named [package, dram] under " + sysfs.resolve("class/powercap"));
        });
    }

    @Test
    void aMeterThatIsUnregisteredIsNoLongerRead() throws IOException {
        givenSysfs("class/hwmon/hwmon0/name", "ina226");
        givenSysfs("class/hwmon/hwmon0/power1_input", "12500000");
        List<EnergyMeter> meters = SysfsEnergyMeters.metersUnder(sysfs);
        meters.forEach(gateway.registry::addEnergyMeter);
        meters.forEach(gateway.registry::removeEnergyMeter);

        whenProfiling();

        assertThat(report.measurements()).filteredOn(ProfileMeasurement::ok).extracting(m -> m.energy().readable())
                .containsOnly(false);
    }

    private void givenSysfs(String relative, String value) throws IOException {
        Path file = sysfs.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, value + "\n");
    }

    private void givenTheMetersOfTheTree() {
        SysfsEnergyMeters.metersUnder(sysfs).forEach(gateway.registry::addEnergyMeter);
    }

    private void whenProfiling() {
        report = gateway.registry.profile("scaler", new ProfileRequest(20, List.of(1, 2)), (done, total, step) -> { });
    }
}

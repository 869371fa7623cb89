package org.modelgate.energy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.spi.EnergyMeter;
import org.modelgate.spi.EnergyReading;

/** Energy meters found in a fake sysfs tree read joules, or say why they cannot; never a made-up number. */
class SysfsEnergyMetersTest {
    private static final long RAPL_RANGE = 262_143_328_850L;

    @TempDir
    Path folder;
    private FakeSysfs sysfs;
    private final long[] clock = {1_000_000_000L};
    private List<DiscoveredMeter> meters;
    private EnergyReading first;
    private EnergyReading second;

    @BeforeEach
    void givenAnEmptyTree() {
        sysfs = new FakeSysfs(folder);
    }

    @Test
    void raplEnergyIsUnwrappedWhenTheCounterWrapsAround() {
        sysfs.raplZone("intel-rapl:0", "package-0", RAPL_RANGE - 328_850, RAPL_RANGE);
        whenDiscovered("auto");
        first = meter("rapl package-0 (intel-rapl:0)").read();

        whenTimePasses(2.0);
        sysfs.write("class/powercap/intel-rapl:0/energy_uj", 1_000_000);
        second = meter("rapl package-0 (intel-rapl:0)").read();

        assertThat(second.joulesSince(first)).isCloseTo(1.32885, within(1e-9));
        assertThat(second.secondsSince(first)).isEqualTo(2.0);
        whenTimePasses(1.0);
        sysfs.write("class/powercap/intel-rapl:0/energy_uj", 3_000_000);
        assertThat(meter("rapl package-0 (intel-rapl:0)").read().joulesSince(second)).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void packageAndDramAreMeteredApartButNotTheZonesInsideThePackage() {
        sysfs.raplZone("intel-rapl:0", "package-0", 10_000_000, RAPL_RANGE)
                .raplZone("intel-rapl:0:0", "core", 5_000_000, RAPL_RANGE)
                .raplZone("intel-rapl:0:2", "dram", 2_000_000, 65_712_999_613L)
                .raplZone("intel-rapl:1", "psys", 90_000_000, RAPL_RANGE)
                .write("class/hwmon/hwmon0/name", "acpi_power_meter").write("class/hwmon/hwmon0/power1_input", 80_000_000);

        whenDiscovered("auto");

        assertThat(meters).extracting(m -> m.meter().name(), DiscoveredMeter::domain).containsExactly(
                org.assertj.core.groups.Tuple.tuple("rapl package-0 (intel-rapl:0)", "package"),
                org.assertj.core.groups.Tuple.tuple("rapl dram (intel-rapl:0:2)", "dram"));
        assertThat(meter("rapl dram (intel-rapl:0:2)").read().joules()).isEqualTo(2.0);
        assertThat(meter("rapl package-0 (intel-rapl:0)").read().joules()).isEqualTo(10.0);
    }

    @Test
    void aRootOnlyEnergyCounterSaysSoAndThePowerSensorsStandIn() {
        sysfs.raplZone("intel-rapl:0", "package-0", 10_000_000, RAPL_RANGE).rootOnly("class/powercap/intel-rapl:0/energy_uj")
                .write("class/hwmon/hwmon2/name", "ina226").write("class/hwmon/hwmon2/power1_input", 3_000_000)
                .write("class/hwmon/hwmon2/power1_label", "VDD_SOC");

        whenDiscovered("auto");

        EnergyReading rapl = meter("rapl package-0 (intel-rapl:0)").read();
        assertThat(rapl.readable()).isFalse();
        assertThat(rapl.unavailable()).isEqualTo(folder.resolve("class/powercap/intel-rapl:0/energy_uj")
                + " is not readable (" + SysfsDiscovery.ROOT_ONLY + ")");
        assertThat(meters).extracting(m -> m.meter().name()).containsExactly("rapl package-0 (intel-rapl:0)",
                "hwmon ina226 VDD_SOC (hwmon2)");
    }

    @Test
    void aFileTheKernelRefusesIsUnreadableForReal() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads files of any mode");
        sysfs.raplZone("intel-rapl:0", "package-0", 10_000_000, RAPL_RANGE);
        Path counter = folder.resolve("class/powercap/intel-rapl:0/energy_uj");
        Files.setPosixFilePermissions(counter, PosixFilePermissions.fromString("-w-------"));

        meters = new SysfsDiscovery(new SysfsTree(folder), List.of("package"), "never", () -> clock[0]).meters();

        assertThat(meters.get(0).meter().read().unavailable()).isEqualTo(counter + " is not readable ("
                + SysfsDiscovery.ROOT_ONLY + ")");
    }

    @Test
    void aPowerSensorIsIntegratedOverTime() {
        sysfs.write("class/hwmon/hwmon0/name", "ina226").write("class/hwmon/hwmon0/power1_input", 5_000_000);
        whenDiscovered("auto");
        PowerMeter power = (PowerMeter) meter("hwmon ina226 power1 (hwmon0)");
        first = power.read();

        whenTimePasses(1.0);
        sysfs.write("class/hwmon/hwmon0/power1_input", 7_000_000);
        power.sample();
        whenTimePasses(1.0);
        second = power.read();

        // trapezoids: (5 W + 7 W) / 2 over the first second, 7 W over the next
        assertThat(second.joulesSince(first)).isCloseTo(13.0, within(1e-9));
        assertThat(second.joulesSince(first) / second.secondsSince(first)).isCloseTo(6.5, within(1e-9));
    }

    @Test
    void jetsonIna3221RailsGiveVoltsTimesAmpsPerEnabledChannel() {
        sysfs.write("class/hwmon/hwmon1/name", "ina3221")
                .write("class/hwmon/hwmon1/in1_label", "VDD_IN").write("class/hwmon/hwmon1/in1_input", 5_000)
                .write("class/hwmon/hwmon1/curr1_input", 1_200)
                .write("class/hwmon/hwmon1/in2_label", "VDD_CPU_GPU_CV").write("class/hwmon/hwmon1/in2_input", 5_000)
                .write("class/hwmon/hwmon1/curr2_input", 400)
                .write("class/hwmon/hwmon1/in3_enable", 0).write("class/hwmon/hwmon1/in3_input", 0)
                .write("class/hwmon/hwmon1/curr3_input", 0);
        whenDiscovered("auto");
        first = meter("hwmon ina3221 VDD_IN (hwmon1)").read();

        whenTimePasses(10.0);
        second = meter("hwmon ina3221 VDD_IN (hwmon1)").read();

        assertThat(meters).extracting(DiscoveredMeter::domain).containsExactly("VDD_IN", "VDD_CPU_GPU_CV");
        assertThat(second.joulesSince(first)).isCloseTo(60.0, within(1e-9)); // 5 V x 1.2 A x 10 s
    }

    @Test
    void jetsonIioIna3221xRailsAreReadInMilliwatts() {
        sysfs.write("bus/iio/devices/iio:device0/name", "ina3221x")
                .write("bus/iio/devices/iio:device0/rail_name_0", "POM_5V_IN")
                .write("bus/iio/devices/iio:device0/in_power0_input", 2_500);
        whenDiscovered("auto");
        first = meter("iio ina3221x POM_5V_IN (iio:device0)").read();

        whenTimePasses(4.0);
        second = meter("iio ina3221x POM_5V_IN (iio:device0)").read();

        assertThat(second.joulesSince(first)).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void hwmonEnergyCountersAreReadAsTheyAre() {
        sysfs.write("class/hwmon/hwmon3/name", "amd_energy").write("class/hwmon/hwmon3/energy1_input", 4_000_000)
                .write("class/hwmon/hwmon3/energy1_label", "Esocket0")
                .write("class/hwmon/hwmon3/power1_input", 1); // ignored: the counter is exact
        whenDiscovered("auto");
        first = meter("hwmon amd_energy Esocket0 (hwmon3)").read();

        sysfs.write("class/hwmon/hwmon3/energy1_input", 4_750_000);
        whenTimePasses(0.5);
        second = meter("hwmon amd_energy Esocket0 (hwmon3)").read();

        assertThat(meters).hasSize(1);
        assertThat(second.joulesSince(first)).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void aSensorThatStopsAnsweringSaysWhyRatherThanANumber() {
        sysfs.write("class/hwmon/hwmon0/name", "ina226").write("class/hwmon/hwmon0/power1_input", 5_000_000);
        whenDiscovered("auto");

        sysfs.write("class/hwmon/hwmon0/power1_input", "garbage");
        EnergyReading reading = meter("hwmon ina226 power1 (hwmon0)").read();

        assertThat(reading.readable()).isFalse();
        assertThat(reading.unavailable()).isEqualTo(folder.resolve("class/hwmon/hwmon0/power1_input")
                + " holds 'garbage', not a number");
    }

    @Test
    void aDeviceWithoutMetersGetsOneThatSaysWhereItLooked() {
        whenDiscovered("auto");

        assertThat(meters).hasSize(1);
        EnergyReading reading = meters.get(0).meter().read();
        assertThat(reading.readable()).isFalse();
        assertThat(reading.unavailable()).startsWith("this device exposes no energy meter: no RAPL domain named "
                + "[package, dram] under " + folder.resolve("class/powercap")).contains(folder.resolve("class/hwmon")
                        .toString(), folder.resolve("bus/iio/devices").toString());
    }

    @Test
    void powerSensorsCanBeTurnedOff() {
        sysfs.write("class/hwmon/hwmon0/name", "ina226").write("class/hwmon/hwmon0/power1_input", 5_000_000);

        whenDiscovered("never");

        assertThat(meters).extracting(m -> m.meter().read().readable()).containsExactly(false);
    }

    @Test
    void theComponentsFactoryFindsTheSameMetersWithTheRealClock() {
        sysfs.raplZone("intel-rapl:0", "package-0", 10_000_000, RAPL_RANGE);

        List<EnergyMeter> found = SysfsEnergyMeters.metersUnder(folder);

        assertThat(found).extracting(EnergyMeter::name).containsExactly("rapl package-0 (intel-rapl:0)");
        assertThat(found.get(0).read().joules()).isEqualTo(10.0);
    }

    private void whenDiscovered(String powerSensors) {
        meters = new SysfsDiscovery(sysfs.tree(), List.of("package", "dram"), powerSensors, () -> clock[0]).meters();
    }

    private void whenTimePasses(double seconds) {
        clock[0] += (long) (seconds * 1e9);
    }

    private EnergyMeter meter(String name) {
        return meters.stream().map(DiscoveredMeter::meter).filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no meter " + name + " in " + meters));
    }
}

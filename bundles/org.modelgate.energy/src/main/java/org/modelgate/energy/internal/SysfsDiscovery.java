package org.modelgate.energy.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Finds the energy meters a Linux device exposes in sysfs.
 *
 * <ul>
 * <li>powercap RAPL zones {@code class/powercap/intel-rapl:*} whose {@code name} starts with one of the configured
 * domains ({@code package}, {@code dram} by default; {@code core}/{@code uncore} lie inside the package and
 * {@code psys} covers everything, so adding them counts joules twice): {@code energy_uj}, wrapping at
 * {@code max_energy_range_uj};</li>
 * <li>hwmon devices {@code class/hwmon/hwmon*}: an {@code ina3221} gives one power meter per enabled channel (bus
 * voltage {@code in<N>_input} in mV times {@code curr<N>_input} in mA); others give their {@code energy<N>_input}
 * counters (µJ), else their {@code power<N>_input} sensors (µW), integrated;</li>
 * <li>Jetson's iio {@code ina3221x} ({@code bus/iio/devices/iio:device*}, L4T 32): {@code in_power<N>_input} in
 * mW per rail, named by {@code rail_name_<N>}.</li>
 * </ul>
 *
 * <p>Power sensors measure what RAPL does on most x86 boards, so by default ({@code powerSensors=auto}) they are
 * used only where no RAPL domain is readable, as on ARM boards and Jetsons.
 */
final class SysfsDiscovery {
    static final String ROOT_ONLY = "root only since Linux 5.10, CVE-2020-8694: grant the gateway's group read access "
            + "with etc/udev/90-modelgate-energy.rules (docs/operations.md), or run the gateway as root";
    private static final int MAX_CHANNELS = 16;

    private final SysfsTree sysfs;
    private final List<String> raplDomains;
    private final String powerSensors;
    private final LongSupplier nanoTime;

    SysfsDiscovery(SysfsTree sysfs, List<String> raplDomains, String powerSensors, LongSupplier nanoTime) {
        this.sysfs = sysfs;
        this.raplDomains = raplDomains;
        this.powerSensors = powerSensors.toLowerCase(Locale.ROOT);
        this.nanoTime = nanoTime;
    }

    /** Every meter found, or one {@link UnavailableMeter} saying where it looked. */
    List<DiscoveredMeter> meters() {
        List<DiscoveredMeter> found = new ArrayList<>(rapl());
        boolean raplReads = found.stream().anyMatch(m -> m.meter().read().readable());
        if (powerSensors.equals("always") || (powerSensors.equals("auto") && !raplReads)) {
            found.addAll(hwmon());
            found.addAll(iio());
        }
        if (found.isEmpty()) {
            return List.of(new DiscoveredMeter(new UnavailableMeter("sysfs", "this device exposes no energy "
                    + "meter: no RAPL domain named " + raplDomains + " under " + sysfs.resolve("class/powercap")
                    + " (x86 only; is the intel_rapl_common module loaded?)" + (powerSensors.equals("never") ? ""
                            : ", no hwmon power or energy sensor under " + sysfs.resolve("class/hwmon")
                                    + ", no INA3221 rail under " + sysfs.resolve("bus/iio/devices"))), "none"));
        }
        return found;
    }

    private List<DiscoveredMeter> rapl() {
        List<DiscoveredMeter> found = new ArrayList<>();
        for (Path zone : sysfs.children(sysfs.resolve("class/powercap"), "intel-rapl:")) {
            String name = sysfs.textOrNull(zone.resolve("name"));
            if (name == null || raplDomains.stream().noneMatch(name::startsWith)) {
                continue;
            }
            long range;
            try {
                range = sysfs.number(zone.resolve("max_energy_range_uj"), ROOT_ONLY);
            } catch (SysfsTree.UnreadableException e) {
                range = 0; // then a decrease reads as a reset: the joules stay right unless it wraps
            }
            String domain = name.startsWith("package") ? "package" : name;
            found.add(new DiscoveredMeter(new CounterMeter("rapl " + name + " (" + zone.getFileName() + ")", sysfs,
                    zone.resolve("energy_uj"), range, ROOT_ONLY, nanoTime), domain));
        }
        return found;
    }

    private List<DiscoveredMeter> hwmon() {
        List<DiscoveredMeter> found = new ArrayList<>();
        for (Path device : sysfs.children(sysfs.resolve("class/hwmon"), "hwmon")) {
            String chip = sysfs.textOrNull(device.resolve("name"));
            if (chip == null) {
                continue;
            }
            if (chip.equals("ina3221")) {
                found.addAll(ina3221(device, chip));
                continue;
            }
            List<DiscoveredMeter> counters = channels(device, chip, "energy");
            found.addAll(counters.isEmpty() ? channels(device, chip, "power") : counters);
        }
        return found;
    }

    /** hwmon's {@code energy<N>_input} (µJ, counters) or {@code power<N>_input} (µW, integrated). */
    private List<DiscoveredMeter> channels(Path device, String chip, String kind) {
        List<DiscoveredMeter> found = new ArrayList<>();
        for (int n = 0; n <= MAX_CHANNELS; n++) {
            Path input = device.resolve(kind + n + "_input");
            if (!input.toFile().exists()) {
                continue;
            }
            String label = label(device.resolve(kind + n + "_label"), kind + n);
            String name = "hwmon " + chip + " " + label + " (" + device.getFileName() + ")";
            found.add(new DiscoveredMeter(kind.equals("energy")
                    ? new CounterMeter(name, sysfs, input, 0, null, nanoTime)
                    : new PowerMeter(name, () -> sysfs.number(input, null) / 1e6, nanoTime), label));
        }
        return found;
    }

    /** The hwmon INA3221 driver gives volts and amps per channel, no power: bus mV x mA = µW. */
    private List<DiscoveredMeter> ina3221(Path device, String chip) {
        List<DiscoveredMeter> found = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            Path volts = device.resolve("in" + n + "_input");
            Path amps = device.resolve("curr" + n + "_input");
            String enabled = sysfs.textOrNull(device.resolve("in" + n + "_enable"));
            if (!volts.toFile().exists() || !amps.toFile().exists() || "0".equals(enabled)) {
                continue;
            }
            String label = label(device.resolve("in" + n + "_label"), "channel " + n);
            found.add(new DiscoveredMeter(new PowerMeter("hwmon " + chip + " " + label + " (" + device.getFileName() + ")",
                    () -> sysfs.number(volts, null) * sysfs.number(amps, null) / 1e6, nanoTime), label));
        }
        return found;
    }

    /** Jetson L4T 32's iio driver: {@code in_power<N>_input} in mW, {@code rail_name_<N>}. */
    private List<DiscoveredMeter> iio() {
        List<DiscoveredMeter> found = new ArrayList<>();
        for (Path device : sysfs.children(sysfs.resolve("bus/iio/devices"), "iio:device")) {
            String chip = sysfs.textOrNull(device.resolve("name"));
            if (chip == null || !chip.startsWith("ina3221")) {
                continue;
            }
            for (int n = 0; n < 3; n++) {
                Path power = device.resolve("in_power" + n + "_input");
                if (!power.toFile().exists()) {
                    continue;
                }
                String label = label(device.resolve("rail_name_" + n), "rail " + n);
                found.add(new DiscoveredMeter(new PowerMeter("iio " + chip + " " + label + " (" + device.getFileName() + ")",
                        () -> sysfs.number(power, null) / 1e3, nanoTime), label));
            }
        }
        return found;
    }

    private String label(Path file, String otherwise) {
        String label = sysfs.textOrNull(file);
        return label == null || label.isEmpty() ? otherwise : label;
    }
}

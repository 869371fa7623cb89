package org.modelgate.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reads the energy a part of the device has used: a CPU package, its memory, an accelerator, the board.
 *
 * <p>Implemented by plugins and registered as an OSGi service (whiteboard): the bundle
 * {@code org.modelgate.energy} registers one per power domain it finds in Linux sysfs (powercap RAPL, hwmon), and
 * an accelerator driver bundle may register one for its own device. Consumers (the profiler, the monitor) read
 * every meter registered and add up the joules, so two meters must not measure the same current: a driver's meter
 * for its accelerator card beside the CPU package's is right; a second meter of the CPU package is not.
 *
 * <p>A meter never makes a number up: where it cannot read (no sensor, a file only root may read, a driver that
 * is not loaded) it returns {@link EnergyReading#unavailable(String)} with the reason and what to do about it.
 *
 * <pre>{@code
 * @Component(property = EnergyMeter.DOMAIN + "=accelerator")
 * public class NpuEnergyMeter implements EnergyMeter {
 *     public String name() { return "npu0 board power"; }
 *     public EnergyReading read() {
 *         return device.isOpen() ? EnergyReading.of(device.millijoules() / 1e3, System.nanoTime())
 *                 : EnergyReading.unavailable("npu0 is not open: is the npu driver loaded?");
 *     }
 * }
 * }</pre>
 */
@ConsumerType
public interface EnergyMeter {
    /**
     * Service property: what the meter measures, for people and for filters: {@code package}, {@code dram},
     * {@code accelerator}, {@code board}, or a rail's name.
     */
    String DOMAIN = "modelgate.energy.domain";

    /**
     * The meter for people, naming its source, e.g. {@code "rapl package-0"} or {@code "hwmon ina3221 VDD_IN"}.
     *
     * @return the name, never null
     */
    String name();

    /**
     * Reads the energy used so far. Cheap enough to call before and after a batch of inferences, never on each
     * inference; safe to call from several threads. A counter that wraps around (RAPL's {@code energy_uj}) is
     * unwrapped by the meter, so joules only grow as long as it is read at least once per wrap period.
     *
     * @return the cumulative joules since some fixed point with the time they were read, or why the meter
     *         cannot read
     */
    EnergyReading read();
}

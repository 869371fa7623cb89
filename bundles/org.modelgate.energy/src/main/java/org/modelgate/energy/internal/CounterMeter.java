package org.modelgate.energy.internal;

import java.nio.file.Path;
import java.util.function.LongSupplier;

import org.modelgate.spi.EnergyMeter;
import org.modelgate.spi.EnergyReading;

/**
 * A meter over a cumulative energy counter in microjoules: RAPL's {@code energy_uj}, which wraps around at its
 * zone's {@code max_energy_range_uj}, or hwmon's {@code energy*_input}.
 *
 * <p>The counter is unwrapped here: a value below the last one read means it wrapped once (RAPL) or the sensor was
 * reset (hwmon, no range), and the range (or the last value) is added from then on. A counter that wraps more than
 * once between two reads cannot be told apart from one that wrapped once: RAPL's package counter wraps about
 * hourly at 70 W, and the profiler reads it around each candidate's runs, far more often.
 */
final class CounterMeter implements EnergyMeter {
    private final String name;
    private final SysfsTree sysfs;
    private final Path counter;
    private final long rangeMicrojoules;
    private final String rootOnlyHint;
    private final LongSupplier nanoTime;
    private long last = -1;
    private long offset;

    /**
     * @param rangeMicrojoules where the counter wraps, or 0 when it does not (it is then only reset)
     * @param rootOnlyHint what to say when the counter is root only, or null
     */
    CounterMeter(String name, SysfsTree sysfs, Path counter, long rangeMicrojoules, String rootOnlyHint,
            LongSupplier nanoTime) {
        this.name = name;
        this.sysfs = sysfs;
        this.counter = counter;
        this.rangeMicrojoules = rangeMicrojoules;
        this.rootOnlyHint = rootOnlyHint;
        this.nanoTime = nanoTime;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized EnergyReading read() {
        long raw;
        try {
            raw = sysfs.number(counter, rootOnlyHint);
        } catch (SysfsTree.UnreadableException e) {
            return EnergyReading.unavailable(e.getMessage());
        }
        long now = nanoTime.getAsLong();
        if (last >= 0 && raw < last) {
            offset += rangeMicrojoules > 0 ? rangeMicrojoules : last;
        }
        last = raw;
        return EnergyReading.of((offset + raw) / 1e6, now);
    }

    @Override
    public String toString() {
        return name + " (" + counter + ")";
    }
}

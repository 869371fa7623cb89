package org.modelgate.energy.internal;

import java.util.function.LongSupplier;

import org.modelgate.spi.EnergyMeter;
import org.modelgate.spi.EnergyReading;

/**
 * A meter over a power sensor (hwmon {@code power*_input}, an INA3221 rail's voltage times current): it integrates
 * the watts over time by the trapezoid rule between samples. The bundle samples every meter of this kind at a fixed
 * interval ({@code sampleIntervalMillis}) and each read samples too, so the joules follow the power's changes at
 * that resolution.
 *
 * <p>When a sample fails (the sensor stopped answering), reads say so; the next good sample integrates across the
 * gap from its two ends, which is an estimate of that gap only.
 */
final class PowerMeter implements EnergyMeter {
    private final String name;
    private final PowerSensor sensor;
    private final LongSupplier nanoTime;
    private double joules;
    private long lastNanos;
    private double lastWatts = Double.NaN;
    private String failure;

    PowerMeter(String name, PowerSensor sensor, LongSupplier nanoTime) {
        this.name = name;
        this.sensor = sensor;
        this.nanoTime = nanoTime;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized EnergyReading read() {
        sample();
        return failure != null ? EnergyReading.unavailable(failure) : EnergyReading.of(joules, lastNanos);
    }

    /** Reads the sensor once and adds the energy since the last sample. */
    synchronized void sample() {
        double watts;
        try {
            watts = sensor.watts();
        } catch (SysfsTree.UnreadableException e) {
            failure = e.getMessage();
            return;
        }
        long now = nanoTime.getAsLong();
        if (!Double.isNaN(lastWatts)) {
            joules += (lastWatts + watts) / 2 * ((now - lastNanos) / 1e9);
        }
        lastWatts = watts;
        lastNanos = now;
        failure = null;
    }

    @Override
    public String toString() {
        return name;
    }

    /** What a power meter samples: the watts now, or an {@link SysfsTree.UnreadableException} saying why not. */
    @FunctionalInterface
    interface PowerSensor {
        double watts();
    }
}

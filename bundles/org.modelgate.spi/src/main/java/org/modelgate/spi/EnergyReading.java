package org.modelgate.spi;

import java.util.Objects;

/**
 * One reading of an {@link EnergyMeter}: the cumulative joules since a point of the meter's choosing and when they
 * were read (a {@link System#nanoTime()} value), or why nothing could be read.
 *
 * <p>Only differences between two readings of the same meter mean something:
 * <pre>{@code
 * EnergyReading before = meter.read();
 * runInferences(100);
 * EnergyReading after = meter.read();
 * if (before.readable() && after.readable()) {
 *     double joulesPerInference = after.joulesSince(before) / 100;
 *     double watts = after.joulesSince(before) / after.secondsSince(before);
 * }
 * }</pre>
 *
 * @param joules cumulative energy in joules; 0 when unavailable
 * @param nanoTime when it was read, from {@link System#nanoTime()}; 0 when unavailable
 * @param unavailable why the meter cannot read, naming what to do about it; null when readable
 */
public record EnergyReading(double joules, long nanoTime, String unavailable) {
    /**
     * Checks the reading.
     *
     * @param joules the joules
     * @param nanoTime when
     * @param unavailable why not, or null
     */
    public EnergyReading {
        if (unavailable == null && (Double.isNaN(joules) || Double.isInfinite(joules))) {
            throw new IllegalArgumentException("an energy reading needs a finite number of joules, got " + joules);
        }
    }

    /**
     * A reading.
     *
     * @param joules cumulative joules
     * @param nanoTime when they were read, from {@link System#nanoTime()}
     * @return the reading
     */
    public static EnergyReading of(double joules, long nanoTime) {
        return new EnergyReading(joules, nanoTime, null);
    }

    /**
     * The meter cannot read.
     *
     * @param reason why, and what would fix it (e.g. "/sys/class/powercap/intel-rapl:0/energy_uj is not readable
     *        (root only since Linux 5.10)")
     * @return the reading
     */
    public static EnergyReading unavailable(String reason) {
        return new EnergyReading(0, 0, Objects.requireNonNull(reason, "an unavailable reading needs a reason"));
    }

    /**
     * Whether the meter read a number.
     *
     * @return true when it did
     */
    public boolean readable() {
        return unavailable == null;
    }

    /**
     * The joules used between an earlier reading of the same meter and this one.
     *
     * @param earlier the earlier reading
     * @return the joules, never negative for a meter that keeps its contract
     * @throws IllegalStateException when either reading is unavailable
     */
    public double joulesSince(EnergyReading earlier) {
        requireReadable(earlier);
        return joules - earlier.joules;
    }

    /**
     * The seconds between an earlier reading and this one.
     *
     * @param earlier the earlier reading
     * @return the seconds
     * @throws IllegalStateException when either reading is unavailable
     */
    public double secondsSince(EnergyReading earlier) {
        requireReadable(earlier);
        return (nanoTime - earlier.nanoTime) / 1e9;
    }

    private void requireReadable(EnergyReading earlier) {
        if (!readable() || !earlier.readable()) {
            throw new IllegalStateException("an unavailable energy reading has no joules: "
                    + (readable() ? earlier.unavailable : unavailable));
        }
    }
}

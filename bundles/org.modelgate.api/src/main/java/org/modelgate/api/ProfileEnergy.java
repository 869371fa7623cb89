package org.modelgate.api;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The energy a profiling candidate used over its timed runs, as the device's energy meters read it, or why there
 * is no figure.
 *
 * <p>The meters measure whole power domains (a CPU package, its memory, an accelerator), so the figures include
 * what else the device did meanwhile, idle power too: compare candidates measured on the same device, one after
 * the other, rather than read them as the model's own cost. Never estimated: where no meter reads, {@link #readable()}
 * is false and {@link #unavailable()} says why.
 *
 * @param joulesPerInference the joules of the timed runs divided by their number; null when unavailable
 * @param watts the average power over the timed runs, in watts; null when unavailable
 * @param meters the meters whose joules were added up, e.g. {@code ["rapl package-0", "rapl dram"]}; empty when
 *        unavailable
 * @param unavailable why there is no figure, e.g. "no energy meter could read: rapl package-0:
 *        /sys/class/powercap/intel-rapl:0/energy_uj is not readable (root only since Linux 5.10...)"; null when
 *        readable
 */
@ProviderType
public record ProfileEnergy(Double joulesPerInference, Double watts, List<String> meters, String unavailable) {
    /**
     * Checks the figures and copies the meters.
     *
     * @param joulesPerInference joules per inference, or null
     * @param watts watts, or null
     * @param meters the meters read
     * @param unavailable why not, or null
     */
    public ProfileEnergy {
        meters = List.copyOf(meters);
        if (unavailable == null) {
            Objects.requireNonNull(joulesPerInference, "a readable energy figure needs its joules per inference");
            Objects.requireNonNull(watts, "a readable energy figure needs its watts");
        }
    }

    /**
     * Figures measured by the given meters.
     *
     * @param joulesPerInference joules per inference
     * @param watts average watts
     * @param meters the meters added up
     * @return the figures
     */
    public static ProfileEnergy measured(double joulesPerInference, double watts, List<String> meters) {
        return new ProfileEnergy(joulesPerInference, watts, meters, null);
    }

    /**
     * No figure, and why.
     *
     * @param reason why no meter could read, naming what to do about it
     * @return the result
     */
    public static ProfileEnergy unavailable(String reason) {
        return new ProfileEnergy(null, null, List.of(), Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Whether there are figures.
     *
     * @return true when a meter read
     */
    public boolean readable() {
        return unavailable == null;
    }
}

package org.modelgate.traffic;

import java.util.Locale;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One condition the challenger must meet, judged once it has {@code minSamples} observations.
 *
 * @param metric what is measured
 * @param limit the bound: a maximum for {@link Metric#ERROR_RATE}, {@link Metric#P95_LATENCY} and
 *     {@link Metric#DRIFT}, a minimum for {@link Metric#ACCURACY} and {@link Metric#AGREEMENT}
 * @param minSamples observations of the challenger needed before the guard judges
 */
@ProviderType
public record Guard(Metric metric, double limit, long minSamples) {
    /** What a guard measures on the challenger. */
    public enum Metric {
        /** Share of the challenger's requests that failed (0..1); at most {@code limit}. */
        ERROR_RATE,
        /** The challenger's p95 latency divided by the champion's over the same time; at most {@code limit}. */
        P95_LATENCY,
        /** Share of the challenger's input features drifted from the model's reference (0..1); at most {@code limit}. */
        DRIFT,
        /** The challenger's accuracy from feedback minus the champion's; at least {@code limit} (e.g. -0.01). */
        ACCURACY,
        /** Share of shadowed requests where the challenger's top class (or value within 1e-3) matches the champion's; at least {@code limit}. */
        AGREEMENT;

        /**
         * The metric of a name such as {@code error_rate} or {@code p95_latency}.
         *
         * @param name the name, in any case
         * @return the metric
         * @throws IllegalArgumentException naming the metrics there are
         */
        public static Metric of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown guard metric '" + name
                        + "'; metrics are error_rate, p95_latency, drift, accuracy, agreement");
            }
        }

        /** @return the name in JSON, lower case */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return whether {@code limit} is a maximum (else a minimum) */
        public boolean isMaximum() {
            return this == ERROR_RATE || this == P95_LATENCY || this == DRIFT;
        }
    }

    /**
     * Checks the parts.
     *
     * @param metric the metric
     * @param limit the bound
     * @param minSamples at least 1
     */
    public Guard {
        Objects.requireNonNull(metric, "metric");
        if (Double.isNaN(limit) || Double.isInfinite(limit)) {
            throw new IllegalArgumentException("guard " + metric.jsonName() + " needs a finite limit, not " + limit);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("guard " + metric.jsonName() + " needs min_samples of at least 1, not "
                    + minSamples);
        }
    }
}

package org.modelgate.monitor.drift;

import java.util.Locale;

/**
 * Which statistic decides whether a feature drifted; model.json {@code "monitor": {"method": "auto"}}.
 */
public enum DriftMethod {
    /**
     * Evidently's default choice: for a reference of at most {@link DriftThresholds#largeReference()}
     * rows the Kolmogorov-Smirnov test (numeric) or chi-squared (at most five distinct values), for a
     * larger one the normed Wasserstein distance (numeric) or Jensen-Shannon distance (categorical);
     * the mean-shift z-test for a moment-only reference.
     */
    AUTO,
    /** {@link KolmogorovSmirnov} for numeric features, chi-squared for categorical ones. */
    KS,
    /** {@link WassersteinDistance} for numeric features, Jensen-Shannon for categorical ones. */
    WASSERSTEIN,
    /** {@link PopulationStabilityIndex} for every feature. */
    PSI,
    /** {@link JensenShannonDistance} for every feature. */
    JENSENSHANNON;

    /**
     * The method of a model.json name, case-insensitively.
     *
     * @param name e.g. {@code "ks"}
     * @return the method
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static DriftMethod of(String name) {
        for (DriftMethod m : values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "'; use auto, ks, wasserstein, psi or jensenshannon");
    }

    /** @return the name as model.json spells it */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

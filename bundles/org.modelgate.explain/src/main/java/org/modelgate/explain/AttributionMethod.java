package org.modelgate.explain;

import java.util.Locale;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How attributions are computed; both replace features by the baseline (the reference's feature means).
 */
@ProviderType
public enum AttributionMethod {
    /** One feature at a time replaced by its baseline value: F + 1 inferences, deterministic. */
    OCCLUSION("occlusion"),
    /**
     * Kernel SHAP: coalitions of features kept (the rest at the baseline), sampled within the budget (all of them when
     * 2^F - 2 fit), fitted by weighted least squares under the Shapley kernel; the attributions add up to the
     * score minus the baseline score.
     */
    KERNEL_SHAP("kernelshap");

    private final String id;

    AttributionMethod(String id) {
        this.id = id;
    }

    /**
     * The name used in configuration and responses.
     *
     * @return {@code occlusion} or {@code kernelshap}
     */
    public String id() {
        return id;
    }

    /**
     * The method of a name.
     *
     * @param name {@code occlusion} or {@code kernelshap} (case ignored; {@code kernel_shap} too)
     * @return the method
     * @throws IllegalArgumentException naming the accepted values
     */
    public static AttributionMethod of(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        for (AttributionMethod method : values()) {
            if (method.id.equals(key)) {
                return method;
            }
        }
        throw new IllegalArgumentException("attribution method '" + name + "' is unknown; use occlusion or kernelshap");
    }
}

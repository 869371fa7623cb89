package org.modelgate.optimize.staticq;

import java.util.Arrays;
import java.util.Locale;

/**
 * How an activation's range is chosen from the values it takes on the calibration data (ONNX Runtime's
 * {@code CalibrationMethod}: MinMax, Percentile, Entropy).
 */
public enum CalibrationMethod {
    /** The smallest and largest value seen: nothing clipped, outliers widen the step. */
    MINMAX,
    /** The 99.999th percentile of absolute values: the rarest outliers clipped. */
    PERCENTILE,
    /** The threshold whose 128-level quantized histogram is closest to the real one in KL divergence (TensorRT's method). */
    ENTROPY;

    /** The method named {@code name} ({@code minmax}, {@code percentile}, {@code entropy}; case ignored). */
    public static CalibrationMethod parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace("-", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown calibration method '" + name + "': use one of "
                    + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList(), e);
        }
    }
}

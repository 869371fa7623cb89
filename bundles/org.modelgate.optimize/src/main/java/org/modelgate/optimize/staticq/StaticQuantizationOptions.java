package org.modelgate.optimize.staticq;

/**
 * Settings of static INT8 quantization, named as in ONNX Runtime's {@code quantize_static} where they mean the same.
 *
 * @param calibrateMethod how activation ranges are chosen
 * @param perChannel weights get one scale per output channel (Conv: axis 0; MatMul/Gemm: the output-feature axis)
 * @param activationType {@code QInt8} (default, asymmetric int8) or {@code QUInt8}
 */
public record StaticQuantizationOptions(CalibrationMethod calibrateMethod, boolean perChannel, String activationType) {
    public StaticQuantizationOptions {
        if (!activationType.equals("QInt8") && !activationType.equals("QUInt8")) {
            throw new IllegalArgumentException("activation type '" + activationType + "': use QInt8 or QUInt8");
        }
    }

    /** MinMax calibration, per-channel weights, int8 activations. */
    public static StaticQuantizationOptions defaults() {
        return new StaticQuantizationOptions(CalibrationMethod.MINMAX, true, "QInt8");
    }

    /** These options with another calibration method. */
    public StaticQuantizationOptions withMethod(CalibrationMethod method) {
        return new StaticQuantizationOptions(method, perChannel, activationType);
    }

    boolean signedActivations() {
        return activationType.equals("QInt8");
    }
}

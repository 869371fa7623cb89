package org.modelgate.optimize.fp16;

import java.util.Set;

/**
 * Settings of the FP16 conversion, named and defaulted as in onnxconverter-common's
 * {@code convert_float_to_float16}.
 *
 * @param keepIoTypes the model's float32 inputs and outputs stay float32 (a Cast at each edge)
 * @param opBlockList operator types kept in float32 (a Cast before and after each)
 * @param minPositiveValue non-zero constants smaller in magnitude become this (keeps them from flushing to zero)
 * @param maxFiniteValue constants larger in magnitude become this (keeps them from overflowing to infinity)
 */
public record Fp16Options(boolean keepIoTypes, Set<String> opBlockList, float minPositiveValue, float maxFiniteValue) {
    /** onnxconverter-common's {@code DEFAULT_OP_BLOCK_LIST}: ops without float16 kernels or that lose too much in it. */
    public static final Set<String> DEFAULT_OP_BLOCK_LIST = Set.of("ArrayFeatureExtractor", "Binarizer", "CastMap",
            "CategoryMapper", "DictVectorizer", "FeatureVectorizer", "Imputer", "LabelEncoder", "LinearClassifier",
            "LinearRegressor", "Normalizer", "OneHotEncoder", "RandomUniformLike", "SVMClassifier", "SVMRegressor", "Scaler",
            "TreeEnsembleClassifier", "TreeEnsembleRegressor", "ZipMap", "NonMaxSuppression", "TopK", "RoiAlign", "Resize",
            "Range", "CumSum", "Min", "Max", "Upsample");

    public Fp16Options {
        opBlockList = Set.copyOf(opBlockList);
        if (!(minPositiveValue > 0f) || !(maxFiniteValue > minPositiveValue) || maxFiniteValue > 65504f) {
            throw new IllegalArgumentException("min positive value " + minPositiveValue + " and max finite value " + maxFiniteValue
                    + " must satisfy 0 < min < max <= 65504 (float16's largest finite value)");
        }
    }

    /**
     * Ops blocked by default here: onnxconverter-common's list and {@code Pow}. ONNX Runtime's CPU provider has no
     * float16 Pow kernel, so it would run Pow in float32 anyway; left in float16, the Casts ONNX Runtime 1.23 inserts
     * around it make its SimplifiedLayerNormFusion fail when the session loads (seen on all-MiniLM-L6-v2, whose
     * LayerNorm exponent constants its common-subexpression pass merges into one).
     */
    public static final Set<String> CPU_OP_BLOCK_LIST;

    static {
        Set<String> ops = new java.util.HashSet<>(DEFAULT_OP_BLOCK_LIST);
        ops.add("Pow");
        CPU_OP_BLOCK_LIST = Set.copyOf(ops);
    }

    /** keep_io_types=True, {@link #CPU_OP_BLOCK_LIST}, min_positive_val=1e-7, max_finite_val=1e4. */
    public static Fp16Options defaults() {
        return new Fp16Options(true, CPU_OP_BLOCK_LIST, 1e-7f, 1e4f);
    }

    /** Exactly onnxconverter-common's defaults: keep_io_types=True, DEFAULT_OP_BLOCK_LIST, 1e-7, 1e4. */
    public static Fp16Options converterDefaults() {
        return new Fp16Options(true, DEFAULT_OP_BLOCK_LIST, 1e-7f, 1e4f);
    }

    /** These options with {@code ops} blocked as well. */
    public Fp16Options blocking(Set<String> ops) {
        Set<String> all = new java.util.HashSet<>(opBlockList);
        all.addAll(ops);
        return new Fp16Options(keepIoTypes, all, minPositiveValue, maxFiniteValue);
    }

    /** {@code value} clamped as the converter does: magnitudes in [minPositiveValue, maxFiniteValue], zero kept. */
    float clamp(float value) {
        if (value == 0f || Float.isNaN(value)) {
            return value;
        }
        float magnitude = Math.abs(value);
        float clamped = Math.max(minPositiveValue, Math.min(maxFiniteValue, magnitude));
        return value < 0 ? -clamped : clamped;
    }
}

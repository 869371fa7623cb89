package org.modelgate.optimize.quantize;

import java.util.Set;

/**
 * Options of dynamic INT8 quantization, named as ONNX Runtime's {@code quantize_dynamic} names them.
 *
 * @param perChannel one scale (and zero point) per output column of a MatMul/Gemm weight, rather than per tensor
 * @param reduceRange 7-bit weights: avoids the saturation of AVX2's and AVX-512's u8·s8 instruction on CPUs without
 *                    VNNI, at some accuracy
 * @param weightType the weights' 8-bit type
 * @param opTypesToQuantize the operator types to quantize ({@code MatMul}, {@code Gemm}, {@code Gather})
 * @param nodesToExclude node names left as they are
 * @param minGatherElements the smallest embedding table (elements) whose Gather is quantized: smaller ones do not pay
 */
public record DynamicQuantizationOptions(boolean perChannel, boolean reduceRange, WeightType weightType,
        Set<String> opTypesToQuantize, Set<String> nodesToExclude, long minGatherElements) {
    /** The operator types dynamic quantization handles. */
    public static final Set<String> HANDLED = Set.of("MatMul", "Gemm", "Gather");
    /**
     * The defaults: per channel and reduce_range (ONNX Runtime defaults to neither; per tensor loses too much on
     * transformers, and full-range weights saturate on CPUs without VNNI), QInt8, every handled type; tables of 64 Ki
     * elements and up.
     */
    public static final DynamicQuantizationOptions DEFAULT = new DynamicQuantizationOptions(true, true, WeightType.QINT8,
            HANDLED, Set.of(), 65_536);

    /**
     * Copies the sets.
     */
    public DynamicQuantizationOptions {
        opTypesToQuantize = Set.copyOf(opTypesToQuantize);
        nodesToExclude = Set.copyOf(nodesToExclude);
    }
}

package org.modelgate.accel.onnxruntime;

/**
 * The settings the {@code onnxruntime} backend reads from a model's options, which is where an accelerator driver's
 * {@link org.modelgate.spi.ExecutionSettings} arrive. Values are strings. See the backend's README for each.
 *
 * <pre>{@code
 * Map.of(OrtSettings.EXECUTION_PROVIDERS, "CUDA,CPU", OrtSettings.CUDA + "device_id", "0", OrtSettings.ARENA, "true")
 * }</pre>
 */
public final class OrtSettings {
    /** The backend's name, as {@code settingsFor} is asked for it. */
    public static final String BACKEND = "onnxruntime";
    /** Execution providers in priority order, comma-separated: {@code CUDA}, {@code TENSORRT}, {@code OPENVINO}, {@code DNNL}, {@code CPU}. */
    public static final String EXECUTION_PROVIDERS = "ort.executionProviders";
    /** The CPU memory arena, {@code true} or {@code false}. */
    public static final String ARENA = "ort.arena";
    /** Memory pattern optimisation, {@code true} or {@code false}. */
    public static final String MEMORY_PATTERN = "ort.memoryPattern";
    /** Prefix of CUDA provider options, e.g. {@code ort.cuda.device_id}, {@code ort.cuda.gpu_mem_limit}. */
    public static final String CUDA = "ort.cuda.";
    /** Prefix of TensorRT provider options, e.g. {@code ort.tensorrt.device_id}, {@code ort.tensorrt.trt_fp16_enable}. */
    public static final String TENSORRT = "ort.tensorrt.";
    /** The OpenVINO device: {@code CPU}, {@code GPU}, {@code NPU}, {@code AUTO:GPU,CPU}, ... */
    public static final String OPENVINO_DEVICE_TYPE = "ort.openvino.device_type";
    /** oneDNN's arena allocator, {@code true} or {@code false}. */
    public static final String DNNL_ARENA = "ort.dnnl.arena";
    /** Threads one operator may use; {@code 0} lets ONNX Runtime choose. */
    public static final String INTRA_OP_THREADS = "intraOpThreads";
    /** Threads running independent operators in parallel; {@code 0} lets ONNX Runtime choose. */
    public static final String INTER_OP_THREADS = "interOpThreads";
    /** Graph optimisation: {@code none}, {@code basic}, {@code extended}, {@code all}. */
    public static final String OPTIMIZATION_LEVEL = "optimizationLevel";
    /** Whether idle intra-op threads spin, {@code true} or {@code false}. */
    public static final String ALLOW_SPINNING = "allowSpinning";

    private OrtSettings() {
    }
}

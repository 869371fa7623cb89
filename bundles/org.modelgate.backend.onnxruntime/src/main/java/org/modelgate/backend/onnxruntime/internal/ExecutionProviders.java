package org.modelgate.backend.onnxruntime.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.modelgate.accel.onnxruntime.session.SessionSettings;
import org.modelgate.api.ModelLoadException;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;

/**
 * The execution providers and memory settings of one model, from the {@code ort.*} options an accelerator driver
 * (or model.json) gives: which providers in which order, their options, and the CPU arena.
 *
 * <pre>{@code
 * ort.executionProviders=TENSORRT,CUDA,CPU   providers in priority order (ONNX Runtime adds CPU last anyway)
 * ort.cuda.device_id=0                        any CUDA provider option (passed as it is)
 * ort.tensorrt.trt_fp16_enable=1              any TensorRT provider option
 * ort.openvino.device_type=GPU                OpenVINO device: CPU, GPU, NPU, AUTO:GPU,CPU, ...
 * ort.dnnl.arena=true                         oneDNN's arena allocator
 * ort.arena=false                             the CPU memory arena
 * ort.memoryPattern=false                     memory pattern optimisation
 * }</pre>
 *
 * @param providers the providers to add, in priority order; empty for ONNX Runtime's default (CPU)
 * @param arena the CPU arena setting, or null to leave ONNX Runtime's default (on)
 * @param memoryPattern the memory pattern setting, or null for the default (on)
 * @param cuda the CUDA provider options
 * @param tensorrt the TensorRT provider options
 * @param openvinoDevice the OpenVINO device type, empty for OpenVINO's default
 * @param dnnlArena whether oneDNN uses its arena
 */
record ExecutionProviders(List<Provider> providers, Boolean arena, Boolean memoryPattern, Map<String, String> cuda,
        Map<String, String> tensorrt, String openvinoDevice, boolean dnnlArena) {

    static final String PREFIX = "ort.";
    static final String EXECUTION_PROVIDERS = "ort.executionProviders";
    static final String ARENA = "ort.arena";
    static final String MEMORY_PATTERN = "ort.memoryPattern";
    static final String CUDA_PREFIX = "ort.cuda.";
    static final String TENSORRT_PREFIX = "ort.tensorrt.";
    static final String OPENVINO_DEVICE_TYPE = "ort.openvino.device_type";
    static final String DNNL_ARENA = "ort.dnnl.arena";
    static final List<String> KEYS = List.of(EXECUTION_PROVIDERS, ARENA, MEMORY_PATTERN, CUDA_PREFIX + "<option>",
            TENSORRT_PREFIX + "<option>", OPENVINO_DEVICE_TYPE, DNNL_ARENA);

    /** The providers Modelgate can add, named as in {@code ort.executionProviders}. */
    enum Provider {
        CPU(OrtProvider.CPU), CUDA(OrtProvider.CUDA), TENSORRT(OrtProvider.TENSOR_RT), OPENVINO(OrtProvider.OPEN_VINO),
        DNNL(OrtProvider.DNNL);

        final OrtProvider ort;

        Provider(OrtProvider ort) {
            this.ort = ort;
        }

        static Provider parse(String text) {
            String name = text.trim().toUpperCase(Locale.ROOT).replace("_", "").replace("EXECUTIONPROVIDER", "");
            for (Provider provider : values()) {
                if (provider.name().equals(name)) {
                    return provider;
                }
            }
            return null;
        }
    }

    static final ExecutionProviders DEFAULT = new ExecutionProviders(List.of(), null, null, Map.of(), Map.of(), "", true);

    ExecutionProviders {
        providers = List.copyOf(providers);
        cuda = Map.copyOf(cuda);
        tensorrt = Map.copyOf(tensorrt);
    }

    /**
     * Reads the {@code ort.*} options; other options are left to {@link SessionSettings}.
     *
     * @param model the model as people name it, for messages
     * @throws ModelLoadException naming the valid keys or values when one is unknown or malformed
     */
    static ExecutionProviders parse(Map<String, String> options, String model) {
        List<Provider> providers = new ArrayList<>();
        Boolean arena = null;
        Boolean memoryPattern = null;
        Map<String, String> cuda = new LinkedHashMap<>();
        Map<String, String> tensorrt = new LinkedHashMap<>();
        String openvino = "";
        boolean dnnlArena = true;
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            String value = option.getValue();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            if (key.equals(EXECUTION_PROVIDERS)) {
                providers = providers(value, model);
            } else if (key.equals(ARENA)) {
                arena = bool(key, value, model);
            } else if (key.equals(MEMORY_PATTERN)) {
                memoryPattern = bool(key, value, model);
            } else if (key.equals(DNNL_ARENA)) {
                dnnlArena = bool(key, value, model);
            } else if (key.equals(OPENVINO_DEVICE_TYPE)) {
                openvino = value.trim();
            } else if (key.startsWith(CUDA_PREFIX) && key.length() > CUDA_PREFIX.length()) {
                cuda.put(key.substring(CUDA_PREFIX.length()), value.trim());
            } else if (key.startsWith(TENSORRT_PREFIX) && key.length() > TENSORRT_PREFIX.length()) {
                tensorrt.put(key.substring(TENSORRT_PREFIX.length()), value.trim());
            } else {
                throw new ModelLoadException("model " + model + ": unknown onnxruntime option '" + key + "'; valid ort.* options are "
                        + String.join(", ", KEYS));
            }
        }
        return new ExecutionProviders(providers, arena, memoryPattern, cuda, tensorrt, openvino, dnnlArena);
    }

    private static List<Provider> providers(String value, String model) {
        List<Provider> providers = new ArrayList<>();
        for (String name : value.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            Provider provider = Provider.parse(name);
            if (provider == null) {
                throw new ModelLoadException("model " + model + ": onnxruntime option '" + EXECUTION_PROVIDERS + "' names '"
                        + name.trim() + "'; known providers are " + Arrays.toString(Provider.values()));
            }
            if (!providers.contains(provider)) {
                providers.add(provider);
            }
        }
        return providers;
    }

    private static boolean bool(String key, String value, String model) {
        if (!"true".equalsIgnoreCase(value.trim()) && !"false".equalsIgnoreCase(value.trim())) {
            throw new ModelLoadException("model " + model + ": onnxruntime option '" + key + "' is '" + value
                    + "'; expected true or false");
        }
        return Boolean.parseBoolean(value.trim());
    }

    /**
     * Adds the providers and memory settings to session options.
     *
     * @param available the providers compiled into the loaded ONNX Runtime natives
     * @param model the model as people name it, for messages
     * @throws ModelLoadException when a provider is not in the natives or ONNX Runtime refuses to add it, saying which
     */
    void applyTo(SessionOptions options, Set<OrtProvider> available, String model) {
        for (Provider provider : providers) {
            if (!available.contains(provider.ort)) {
                throw new ModelLoadException("model " + model + ": execution provider " + provider + " is not in the loaded "
                        + "ONNX Runtime natives, which carry " + names(available) + "; " + installHint(provider));
            }
            try {
                add(options, provider);
            } catch (OrtException | RuntimeException | LinkageError e) {
                throw new ModelLoadException("model " + model + ": execution provider " + provider + " could not be added: "
                        + e.getMessage(), e);
            }
        }
        try {
            if (arena != null) {
                options.setCPUArenaAllocator(arena);
            }
            if (memoryPattern != null) {
                options.setMemoryPatternOptimization(memoryPattern);
            }
        } catch (OrtException e) {
            throw new ModelLoadException("model " + model + ": onnxruntime refused the memory settings: " + e.getMessage(), e);
        }
    }

    private void add(SessionOptions options, Provider provider) throws OrtException {
        switch (provider) {
            case CUDA -> {
                // SessionOptions copies the provider options natively; close our handle afterwards.
                try (OrtCUDAProviderOptions cudaOptions = new OrtCUDAProviderOptions()) {
                    for (Map.Entry<String, String> option : cuda.entrySet()) {
                        cudaOptions.add(option.getKey(), option.getValue());
                    }
                    options.addCUDA(cudaOptions);
                }
            }
            case TENSORRT -> {
                try (OrtTensorRTProviderOptions trtOptions = new OrtTensorRTProviderOptions()) {
                    for (Map.Entry<String, String> option : tensorrt.entrySet()) {
                        trtOptions.add(option.getKey(), option.getValue());
                    }
                    options.addTensorrt(trtOptions);
                }
            }
            case OPENVINO -> options.addOpenVINO(openvinoDevice);
            case DNNL -> options.addDnnl(dnnlArena);
            case CPU -> options.addCPU(arena == null || arena);
        }
    }

    private static String installHint(Provider provider) {
        return switch (provider) {
            case CUDA, TENSORRT -> "run the GPU natives (feature onnxruntime-native-gpu-linux-x86_64 of the -Pgpu build) "
                    + "or let the cpu driver plan this model";
            case OPENVINO, DNNL -> "this needs ONNX Runtime natives built with " + provider
                    + ", which Modelgate does not ship; let the cpu driver plan this model";
            case CPU -> "the natives are broken";
        };
    }

    private static String names(Set<OrtProvider> providers) {
        Set<String> names = new TreeSet<>();
        for (OrtProvider provider : providers) {
            names.add(provider.name());
        }
        return names.toString();
    }

    /** For the load log line. */
    @Override
    public String toString() {
        if (this.equals(DEFAULT)) {
            return "default providers";
        }
        return "providers " + (providers.isEmpty() ? "[default]" : providers) + (arena == null ? "" : ", arena " + arena)
                + (memoryPattern == null ? "" : ", memory pattern " + memoryPattern) + (cuda.isEmpty() ? "" : ", cuda " + cuda)
                + (tensorrt.isEmpty() ? "" : ", tensorrt " + tensorrt)
                + (openvinoDevice.isEmpty() ? "" : ", openvino " + openvinoDevice);
    }

    static EnumSet<OrtProvider> loaded() {
        return ai.onnxruntime.OrtEnvironment.getAvailableProviders();
    }
}

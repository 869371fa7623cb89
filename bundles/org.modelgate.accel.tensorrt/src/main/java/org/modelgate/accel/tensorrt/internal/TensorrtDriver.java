package org.modelgate.accel.tensorrt.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.modelgate.accel.onnxruntime.NvidiaHost;
import org.modelgate.accel.onnxruntime.NvidiaProviderProbe;
import org.modelgate.accel.onnxruntime.OrtNatives;
import org.modelgate.accel.onnxruntime.OrtSettings;
import org.modelgate.spi.AcceleratorDriver;
import org.modelgate.spi.DeviceProbe;
import org.modelgate.spi.ExecutionSettings;
import org.modelgate.spi.ModelRequirements;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code tensorrt} driver: runs {@code onnxruntime} models through ONNX Runtime's TensorRT provider on an
 * NVIDIA GPU, with CUDA and then CPU behind it for what TensorRT does not take. Ranked above {@code cuda}; a
 * model hinted {@code "precision": "fp16"} runs in FP16.
 */
@Component(service = AcceleratorDriver.class, configurationPid = TensorrtDriver.PID)
@Designate(ocd = TensorrtDriver.Config.class)
public final class TensorrtDriver implements AcceleratorDriver {
    /** The configuration PID. */
    public static final String PID = "org.modelgate.accel.tensorrt";
    /** The driver's name. */
    public static final String NAME = "tensorrt";
    /** TensorRT 10 and what CUDA needs (ONNX Runtime 1.23). */
    static final NvidiaProviderProbe PROBE = new NvidiaProviderProbe("TENSORRT", List.of("libnvinfer.so.10",
            "libnvinfer_plugin.so.10", "libnvonnxparser.so.10", "libcuda.so.1", "libcudart.so.12", "libcublas.so.12",
            "libcudnn.so.9"), "ONNX Runtime 1.23 needs TensorRT 10.x, CUDA 12.x and cuDNN 9 runtime libraries on the library path");

    /** Which GPU, precision, engine cache. */
    @ObjectClassDefinition(name = "Modelgate accelerator: TensorRT",
            description = "ONNX Runtime's TensorRT provider on one NVIDIA GPU. A model's options in model.json win over these.")
    public @interface Config {
        /**
         * The driver's rank.
         *
         * @return the rank
         */
        @AttributeDefinition(description = "Rank against other drivers (higher wins); above cuda (70) by default.")
        int rank() default 80;

        /**
         * The GPU number.
         *
         * @return CUDA's device id
         */
        @AttributeDefinition(min = "0", description = "The GPU to use, as CUDA numbers them (/dev/nvidia<N>).")
        int deviceId() default 0;

        /**
         * Whether every model runs in FP16.
         *
         * @return true for FP16 everywhere; else only models hinted "precision": "fp16"
         */
        @AttributeDefinition(description = "Build FP16 engines for every model; otherwise only for models hinted "
                + "\"precision\": \"fp16\".")
        boolean fp16() default false;

        /**
         * Where built engines are kept across restarts.
         *
         * @return a folder, or empty for no cache (engines are built at every load: seconds to minutes)
         */
        @AttributeDefinition(description = "Folder for built TensorRT engines, kept across restarts; empty: no cache.")
        String engineCacheDir() default "";
    }

    private final Config config;
    private final NvidiaHost host;

    /**
     * Starts the driver on this machine.
     *
     * @param config the settings
     */
    @Activate
    public TensorrtDriver(Config config) {
        this(config, NvidiaHost.system());
    }

    TensorrtDriver(Config config, NvidiaHost host) {
        this.config = config;
        this.host = host;
    }

    /** For tests: a driver reading the device under a fake root. */
    static TensorrtDriver under(Config config, OrtNatives natives, Path root, String ldLibraryPath) {
        return new TensorrtDriver(config, NvidiaHost.under(natives, root, ldLibraryPath));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeviceProbe probe() {
        return PROBE.probe(host, config.deviceId());
    }

    @Override
    public Optional<ExecutionSettings> settingsFor(ModelRequirements model, String backend) {
        if (!OrtSettings.BACKEND.equals(backend)) {
            return Optional.empty();
        }
        String device = Integer.toString(config.deviceId());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(OrtSettings.EXECUTION_PROVIDERS, "TENSORRT,CUDA,CPU");
        settings.put(OrtSettings.TENSORRT + "device_id", device);
        settings.put(OrtSettings.CUDA + "device_id", device);
        if (config.fp16() || model.hint("precision").map(p -> "fp16".equalsIgnoreCase(p.toString())).orElse(false)) {
            settings.put(OrtSettings.TENSORRT + "trt_fp16_enable", "1");
        }
        if (!config.engineCacheDir().isBlank()) {
            settings.put(OrtSettings.TENSORRT + "trt_engine_cache_enable", "1");
            settings.put(OrtSettings.TENSORRT + "trt_engine_cache_path", config.engineCacheDir().trim());
        }
        return Optional.of(ExecutionSettings.of(config.rank(), settings));
    }
}

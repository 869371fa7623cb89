package org.modelgate.accel.cuda.internal;

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
 * The {@code cuda} driver: runs {@code onnxruntime} models on an NVIDIA GPU through ONNX Runtime's CUDA provider
 * (CPU behind it for the operators CUDA lacks). Available only when the loaded natives carry CUDA (the GPU natives
 * of the {@code -Pgpu} build), the GPU's device files are there and the CUDA provider can really be added.
 */
@Component(service = AcceleratorDriver.class, configurationPid = CudaDriver.PID)
@Designate(ocd = CudaDriver.Config.class)
public final class CudaDriver implements AcceleratorDriver {
    /** The configuration PID. */
    public static final String PID = "org.modelgate.accel.cuda";
    /** The driver's name. */
    public static final String NAME = "cuda";
    /** What ONNX Runtime 1.23's CUDA provider links, besides the driver's libcuda: CUDA 12 and cuDNN 9. */
    static final NvidiaProviderProbe PROBE = new NvidiaProviderProbe("CUDA", List.of("libcuda.so.1", "libcudart.so.12",
            "libcublas.so.12", "libcublasLt.so.12", "libcufft.so.11", "libcurand.so.10", "libcudnn.so.9"),
            "ONNX Runtime 1.23 needs the NVIDIA driver, CUDA 12.x and cuDNN 9 runtime libraries on the library path");

    /** Which GPU and how much of it. */
    @ObjectClassDefinition(name = "Modelgate accelerator: CUDA",
            description = "ONNX Runtime's CUDA provider on one NVIDIA GPU. A model's options in model.json win over these.")
    public @interface Config {
        /**
         * The driver's rank.
         *
         * @return the rank
         */
        @AttributeDefinition(description = "Rank against other drivers (higher wins); discrete GPUs rank 70-100.")
        int rank() default 70;

        /**
         * The GPU number.
         *
         * @return CUDA's device id
         */
        @AttributeDefinition(min = "0", description = "The GPU to use, as CUDA numbers them (/dev/nvidia<N>).")
        int deviceId() default 0;

        /**
         * The most GPU memory ONNX Runtime's arena may take.
         *
         * @return MiB; 0 for no limit
         */
        @AttributeDefinition(min = "0", description = "Most GPU memory (MiB) the CUDA arena may take per session; 0: no limit.")
        long gpuMemLimitMB() default 0;
    }

    private final Config config;
    private final NvidiaHost host;

    /**
     * Starts the driver on this machine.
     *
     * @param config the settings
     */
    @Activate
    public CudaDriver(Config config) {
        this(config, NvidiaHost.system());
    }

    CudaDriver(Config config, NvidiaHost host) {
        this.config = config;
        this.host = host;
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
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(OrtSettings.EXECUTION_PROVIDERS, "CUDA,CPU");
        settings.put(OrtSettings.CUDA + "device_id", Integer.toString(config.deviceId()));
        if (config.gpuMemLimitMB() > 0) {
            settings.put(OrtSettings.CUDA + "gpu_mem_limit", Long.toString(config.gpuMemLimitMB() * 1024 * 1024));
        }
        return Optional.of(ExecutionSettings.of(config.rank(), settings));
    }

    /** For tests: a driver reading the device under a fake root. */
    static CudaDriver under(Config config, OrtNatives natives, Path root, String ldLibraryPath) {
        return new CudaDriver(config, NvidiaHost.under(natives, root, ldLibraryPath));
    }
}

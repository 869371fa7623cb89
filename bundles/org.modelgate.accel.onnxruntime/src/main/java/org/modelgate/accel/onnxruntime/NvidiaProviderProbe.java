package org.modelgate.accel.onnxruntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.modelgate.spi.DeviceProbe;

/**
 * The probe of an ONNX Runtime provider that runs on an NVIDIA GPU (CUDA, TensorRT), step by step, each failure
 * named: the provider compiled into the loaded natives, the GPU's device files, the libraries it links found,
 * and last the provider really added to session options. The library search only explains a failure: when the
 * provider can be added, the libraries were found by other means (an rpath, the linker cache).
 *
 * @param provider the provider, {@code CUDA} or {@code TENSORRT}
 * @param libraries the shared libraries it needs, e.g. {@code libcudart.so.12}
 * @param remedy what to install when the libraries are missing, e.g. "install CUDA 12.x and cuDNN 9"
 */
public record NvidiaProviderProbe(String provider, List<String> libraries, String remedy) {
    /** What the GPU natives of the {@code -Pgpu} build need, and how to get them, for a provider not compiled in. */
    public static final String GPU_NATIVES = "run the GPU natives (feature onnxruntime-native-gpu-linux-x86_64, built with "
            + "mvn -Pgpu) in place of onnxruntime-native-linux-x86_64";

    /**
     * Creates the probe, copying the libraries.
     *
     * @param provider the provider
     * @param libraries the libraries
     * @param remedy the remedy
     */
    public NvidiaProviderProbe {
        libraries = List.copyOf(libraries);
    }

    /**
     * Probes GPU {@code deviceId} of a host, adding the provider with {@code device_id} set to it.
     *
     * @param host the natives, GPUs and library path
     * @param deviceId the GPU number
     * @return available with the GPU's description, or unavailable with the first thing that is wrong
     */
    public DeviceProbe probe(NvidiaHost host, int deviceId) {
        return probe(host.natives(), host.gpus(), host.libraries(), deviceId, Map.of("device_id", Integer.toString(deviceId)));
    }

    /**
     * Probes GPU {@code deviceId}.
     *
     * @param natives the ONNX Runtime natives
     * @param gpus the NVIDIA devices
     * @param path where libraries are looked for
     * @param deviceId the GPU number
     * @param options the provider options for the trial (e.g. {@code device_id})
     * @return available with the GPU's description, or unavailable with the first thing that is wrong
     */
    public DeviceProbe probe(OrtNatives natives, NvidiaDevices gpus, LibraryPath path, int deviceId, Map<String, String> options) {
        List<String> compiled;
        try {
            compiled = new ArrayList<>(new java.util.TreeSet<>(natives.providers()));
        } catch (RuntimeException | LinkageError e) {
            return DeviceProbe.unavailable("ONNX Runtime's natives could not be loaded (" + e.getMessage() + ")");
        }
        Optional<String> noGpu = gpus.whyNot(deviceId);
        String device = noGpu.isPresent() ? null : gpus.describe(deviceId);
        if (!compiled.contains(provider)) {
            return DeviceProbe.unavailable("the loaded ONNX Runtime natives carry " + compiled + ", not " + provider + ": "
                    + GPU_NATIVES, device, compiled);
        }
        if (noGpu.isPresent()) {
            return DeviceProbe.unavailable(noGpu.get(), null, compiled);
        }
        Optional<String> failure = natives.tryAdd(provider, options);
        if (failure.isPresent()) {
            List<String> missing = path.missing(libraries);
            return DeviceProbe.unavailable(provider + " could not be added (" + failure.get() + ")" + (missing.isEmpty() ? ""
                    : "; not found: " + String.join(", ", missing) + " (searched LD_LIBRARY_PATH, /etc/ld.so.conf and "
                            + "the usual folders)") + ": " + remedy, device, compiled);
        }
        return DeviceProbe.available(device, compiled);
    }
}

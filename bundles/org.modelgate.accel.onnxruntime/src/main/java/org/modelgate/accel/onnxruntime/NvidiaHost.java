package org.modelgate.accel.onnxruntime;

import java.nio.file.Path;

/**
 * What an NVIDIA driver (CUDA, TensorRT) probes on this machine: the loaded ONNX Runtime natives, the GPUs' device
 * files and the library path. Tests point it at a fake root.
 *
 * <pre>
 * DeviceProbe probe = PROBE.probe(NvidiaHost.system(), config.deviceId());
 * </pre>
 *
 * @param natives the ONNX Runtime natives
 * @param gpus the NVIDIA devices
 * @param libraries where shared libraries are looked for
 */
public record NvidiaHost(OrtNatives natives, NvidiaDevices gpus, LibraryPath libraries) {
    /**
     * This machine, with the natives loaded in this process.
     *
     * @return the host
     */
    public static NvidiaHost system() {
        return new NvidiaHost(OrtNatives.loaded(), NvidiaDevices.system(), LibraryPath.system());
    }

    /**
     * A machine under a fake root, for tests.
     *
     * @param natives the natives (a fake)
     * @param root the folder standing for {@code /}
     * @param ldLibraryPath the {@code LD_LIBRARY_PATH} to search, or null
     * @return the host
     */
    public static NvidiaHost under(OrtNatives natives, Path root, String ldLibraryPath) {
        return new NvidiaHost(natives, new NvidiaDevices(root), LibraryPath.of(root, ldLibraryPath));
    }
}

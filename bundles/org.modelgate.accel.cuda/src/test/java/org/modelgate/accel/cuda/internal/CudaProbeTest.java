package org.modelgate.accel.cuda.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.accel.onnxruntime.OrtNatives;
import org.modelgate.spi.DeviceProbe;
import org.modelgate.spi.ExecutionSettings;
import org.modelgate.spi.ModelRequirements;

/**
 * The cuda driver's probe, step by step, on fake file systems and fake natives (no GPU ran these tests): the
 * CPU natives, a GPU build on a machine without a GPU, a GPU without cuDNN, and a complete H100 machine.
 */
class CudaProbeTest {
    @TempDir
    Path root;
    private final List<Map<String, String>> trials = new ArrayList<>();

    @Test
    void onTheCpuNativesTheDriverSaysToRunTheGpuNatives() throws IOException {
        givenAnH100WithCudaLibraries();

        DeviceProbe probe = driver(natives(Set.of("CPU"), null)).probe();

        assertThat(probe.available()).isFalse();
        assertThat(probe.reason()).isEqualTo("the loaded ONNX Runtime natives carry [CPU], not CUDA: run the GPU natives "
                + "(feature onnxruntime-native-gpu-linux-x86_64, built with mvn -Pgpu) in place of onnxruntime-native-linux-x86_64");
        assertThat(probe.device()).as("the GPU is still shown").isEqualTo("GPU 0: NVIDIA H100 80GB HBM3, driver 550.54.15");
        assertThat(probe.providers()).containsExactly("CPU");
        assertThat(trials).as("nothing is tried without CUDA in the natives").isEmpty();
    }

    @Test
    void theGpuNativesOnAMachineWithoutAGpuSayWhatToCheck() {
        DeviceProbe probe = driver(natives(Set.of("CPU", "CUDA", "TENSORRT"), null)).probe();

        assertThat(probe.available()).isFalse();
        assertThat(probe.reason()).startsWith("no NVIDIA GPU: /dev/nvidia0 is missing (is the NVIDIA kernel driver loaded");
        assertThat(probe.providers()).containsExactly("CPU", "CUDA", "TENSORRT");
    }

    @Test
    void aGpuWhoseCudnnIsMissingNamesTheLibrary() throws IOException {
        givenAnH100WithCudaLibraries();
        Files.delete(root.resolve("usr/local/cuda/lib64/libcudnn.so.9"));

        DeviceProbe probe = driver(natives(Set.of("CPU", "CUDA"),
                "Error loading libonnxruntime_providers_cuda.so: libcudnn.so.9: cannot open shared object file")).probe();

        assertThat(probe.available()).isFalse();
        assertThat(probe.reason()).isEqualTo("CUDA could not be added (Error loading libonnxruntime_providers_cuda.so: "
                + "libcudnn.so.9: cannot open shared object file); not found: libcudnn.so.9 (searched LD_LIBRARY_PATH, "
                + "/etc/ld.so.conf and the usual folders): ONNX Runtime 1.23 needs the NVIDIA driver, CUDA 12.x and cuDNN 9 "
                + "runtime libraries on the library path");
        assertThat(trials).containsExactly(Map.of("device_id", "0"));
    }

    @Test
    void aCompleteGpuMachineIsAvailableWithItsModelAndDriver() throws IOException {
        givenAnH100WithCudaLibraries();

        DeviceProbe probe = driver(natives(Set.of("CPU", "CUDA", "TENSORRT"), null)).probe();

        assertThat(probe.available()).isTrue();
        assertThat(probe.device()).isEqualTo("GPU 0: NVIDIA H100 80GB HBM3, driver 550.54.15");
        assertThat(probe.providers()).containsExactly("CPU", "CUDA", "TENSORRT");
    }

    @Test
    void aLibraryTheSearchMissesDoesNotMatterWhenTheProviderLoads() throws IOException {
        new FakeFiles(root).touch("/dev/nvidia0").touch("/dev/nvidiactl"); // libraries found through an rpath, say

        assertThat(driver(natives(Set.of("CPU", "CUDA"), null)).probe().available()).isTrue();
    }

    @Test
    void aDeviceIdWithoutItsDeviceFileIsRefused() throws IOException {
        givenAnH100WithCudaLibraries();

        DeviceProbe probe = CudaDriver.under(config(70, 1, 0), natives(Set.of("CPU", "CUDA"), null), root, null).probe();

        assertThat(probe.reason()).isEqualTo("no NVIDIA GPU 1: the device files show GPUs [0] (set deviceId to one of them)");
    }

    @Test
    void theSettingsNameTheGpuAndItsMemoryLimit() {
        ExecutionSettings settings = CudaDriver.under(config(75, 1, 2048), natives(Set.of(), null), root, null)
                .settingsFor(new ModelRequirements("minilm", "1.0.0", "onnx", Map.of()), "onnxruntime").orElseThrow();

        assertThat(settings.rank()).isEqualTo(75);
        assertThat(settings.settings()).containsExactlyInAnyOrderEntriesOf(Map.of("ort.executionProviders", "CUDA,CPU",
                "ort.cuda.device_id", "1", "ort.cuda.gpu_mem_limit", Long.toString(2048L * 1024 * 1024)));
        assertThat(CudaDriver.under(config(75, 0, 0), natives(Set.of(), null), root, null)
                .settingsFor(new ModelRequirements("m", "1.0.0", "pt", Map.of()), "djl")).isEmpty();
    }

    // ---- fixtures ----

    private void givenAnH100WithCudaLibraries() throws IOException {
        FakeFiles files = new FakeFiles(root).touch("/dev/nvidia0").touch("/dev/nvidiactl").touch("/dev/nvidia-uvm")
                .write("/proc/driver/nvidia/version", "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar 5 2024\n")
                .write("/proc/driver/nvidia/gpus/0000:17:00.0/information", "Model: \t\t NVIDIA H100 80GB HBM3\n")
                .touch("/usr/lib/x86_64-linux-gnu/libcuda.so.1")
                .write("/etc/ld.so.conf.d/cuda.conf", "/usr/local/cuda/lib64\n")
                .write("/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n");
        for (String library : List.of("libcudart.so.12", "libcublas.so.12", "libcublasLt.so.12", "libcufft.so.11",
                "libcurand.so.10", "libcudnn.so.9")) {
            files.touch("/usr/local/cuda/lib64/" + library);
        }
    }

    private CudaDriver driver(OrtNatives natives) {
        return CudaDriver.under(config(70, 0, 0), natives, root, null);
    }

    /** Natives that carry the given providers; adding one fails with {@code failure} when it is not null. */
    private OrtNatives natives(Set<String> providers, String failure) {
        return new OrtNatives() {
            @Override
            public Set<String> providers() {
                return providers;
            }

            @Override
            public Optional<String> tryAdd(String provider, Map<String, String> options) {
                trials.add(options);
                return Optional.ofNullable(failure);
            }
        };
    }

    static CudaDriver.Config config(int rank, int deviceId, long memLimitMB) {
        return new CudaDriver.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CudaDriver.Config.class;
            }

            @Override
            public int rank() {
                return rank;
            }

            @Override
            public int deviceId() {
                return deviceId;
            }

            @Override
            public long gpuMemLimitMB() {
                return memLimitMB;
            }
        };
    }

    /** Files under the fake root, parents created. */
    record FakeFiles(Path root) {
        FakeFiles write(String absolute, String content) throws IOException {
            Path file = root.resolve(absolute.substring(1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        }

        FakeFiles touch(String absolute) throws IOException {
            return write(absolute, "");
        }
    }
}

package org.modelgate.accel.tensorrt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.accel.onnxruntime.OrtNatives;
import org.modelgate.spi.DeviceProbe;
import org.modelgate.spi.ModelRequirements;

/** The tensorrt driver's probe on fake machines (no GPU ran these tests) and the settings it hands over. */
class TensorrtDriverTest {
    @TempDir
    Path root;

    @Test
    void onTheCpuNativesTheDriverSaysToRunTheGpuNatives() {
        DeviceProbe probe = driver(config(false, ""), Set.of("CPU"), null).probe();

        assertThat(probe.available()).isFalse();
        assertThat(probe.reason()).startsWith("the loaded ONNX Runtime natives carry [CPU], not TENSORRT: run the GPU natives");
    }

    @Test
    void aGpuWithoutTensorrtLibrariesNamesThem() throws IOException {
        touch("/dev/nvidia0");
        touch("/dev/nvidiactl");

        DeviceProbe probe = driver(config(false, ""), Set.of("CPU", "CUDA", "TENSORRT"),
                "libnvinfer.so.10: cannot open shared object file").probe();

        assertThat(probe.available()).isFalse();
        assertThat(probe.reason()).startsWith("TENSORRT could not be added (libnvinfer.so.10: cannot open shared object file); "
                + "not found: libnvinfer.so.10, libnvinfer_plugin.so.10, libnvonnxparser.so.10, libcuda.so.1")
                .endsWith("needs TensorRT 10.x, CUDA 12.x and cuDNN 9 runtime libraries on the library path");
    }

    @Test
    void aGpuWhereTheProviderLoadsIsAvailable() throws IOException {
        touch("/dev/nvidia0");
        touch("/dev/nvidiactl");

        assertThat(driver(config(false, ""), Set.of("CPU", "CUDA", "TENSORRT"), null).probe().available()).isTrue();
    }

    @Test
    void settingsPutTensorrtBeforeCudaAndFollowThePrecisionHintAndTheCache() {
        ModelRequirements fp16 = new ModelRequirements("m", "1.0.0", "onnx", Map.of("precision", "fp16"));
        ModelRequirements plain = new ModelRequirements("m", "1.0.0", "onnx", Map.of());

        assertThat(driver(config(false, "/var/trt"), Set.of(), null).settingsFor(fp16, "onnxruntime").orElseThrow().settings())
                .containsExactlyInAnyOrderEntriesOf(Map.of("ort.executionProviders", "TENSORRT,CUDA,CPU",
                        "ort.tensorrt.device_id", "0", "ort.cuda.device_id", "0", "ort.tensorrt.trt_fp16_enable", "1",
                        "ort.tensorrt.trt_engine_cache_enable", "1", "ort.tensorrt.trt_engine_cache_path", "/var/trt"));
        assertThat(driver(config(false, ""), Set.of(), null).settingsFor(plain, "onnxruntime").orElseThrow().settings())
                .doesNotContainKey("ort.tensorrt.trt_fp16_enable");
        assertThat(driver(config(true, ""), Set.of(), null).settingsFor(plain, "onnxruntime").orElseThrow().settings())
                .containsEntry("ort.tensorrt.trt_fp16_enable", "1");
        assertThat(driver(config(false, ""), Set.of(), null).settingsFor(plain, "djl")).isEmpty();
    }

    private void touch(String absolute) throws IOException {
        Path file = root.resolve(absolute.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
    }

    private TensorrtDriver driver(TensorrtDriver.Config config, Set<String> providers, String failure) {
        OrtNatives natives = new OrtNatives() {
            @Override
            public Set<String> providers() {
                return providers;
            }

            @Override
            public Optional<String> tryAdd(String provider, Map<String, String> options) {
                return Optional.ofNullable(failure);
            }
        };
        return TensorrtDriver.under(config, natives, root, null);
    }

    private static TensorrtDriver.Config config(boolean fp16, String cache) {
        return new TensorrtDriver.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TensorrtDriver.Config.class;
            }

            @Override
            public int rank() {
                return 80;
            }

            @Override
            public int deviceId() {
                return 0;
            }

            @Override
            public boolean fp16() {
                return fp16;
            }

            @Override
            public String engineCacheDir() {
                return cache;
            }
        };
    }
}

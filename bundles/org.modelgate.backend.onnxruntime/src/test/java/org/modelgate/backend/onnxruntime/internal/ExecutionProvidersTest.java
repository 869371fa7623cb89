package org.modelgate.backend.onnxruntime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.Tensor;
import org.modelgate.backend.onnxruntime.internal.ExecutionProviders.Provider;
import org.modelgate.spi.LoadedModel;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;

/**
 * The ort.* options an accelerator driver hands over become execution providers and memory settings; a provider
 * the loaded natives lack is a clear load error (these tests run on the CPU natives, which carry CPU only).
 */
class ExecutionProvidersTest {
    @TempDir
    Path folder;

    @Test
    void everyKeyIsRead() {
        ExecutionProviders providers = ExecutionProviders.parse(Map.of("ort.executionProviders", "tensorrt, CUDA,CPU",
                "ort.cuda.device_id", "1", "ort.tensorrt.trt_fp16_enable", "1", "ort.openvino.device_type", "GPU",
                "ort.dnnl.arena", "false", "ort.arena", "FALSE", "ort.memoryPattern", "true", "intraOpThreads", "2"), "'m' 1.0.0");

        assertThat(providers.providers()).containsExactly(Provider.TENSORRT, Provider.CUDA, Provider.CPU);
        assertThat(providers.cuda()).containsExactly(Map.entry("device_id", "1"));
        assertThat(providers.tensorrt()).containsExactly(Map.entry("trt_fp16_enable", "1"));
        assertThat(providers.openvinoDevice()).isEqualTo("GPU");
        assertThat(providers.dnnlArena()).isFalse();
        assertThat(providers.arena()).isFalse();
        assertThat(providers.memoryPattern()).isTrue();
    }

    @Test
    void ortNamesOfProvidersAreAcceptedToo() {
        assertThat(ExecutionProviders.parse(Map.of("ort.executionProviders", "TENSOR_RT,OPEN_VINO,CUDAExecutionProvider"),
                "'m' 1.0.0").providers()).containsExactly(Provider.TENSORRT, Provider.OPENVINO, Provider.CUDA);
    }

    @Test
    void withoutOrtOptionsNothingChanges() {
        assertThat(ExecutionProviders.parse(Map.of("intraOpThreads", "1"), "'m' 1.0.0")).isEqualTo(ExecutionProviders.DEFAULT);
    }

    @Test
    void anUnknownProviderOrKeyNamesTheValidOnes() {
        assertThatThrownBy(() -> ExecutionProviders.parse(Map.of("ort.executionProviders", "CUDA,TPU"), "'m' 1.0.0"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("names 'TPU'; known providers are [CPU, CUDA, TENSORRT, OPENVINO, DNNL]");
        assertThatThrownBy(() -> ExecutionProviders.parse(Map.of("ort.arenaa", "true"), "'m' 1.0.0"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("unknown onnxruntime option 'ort.arenaa'")
                .hasMessageContaining("ort.executionProviders, ort.arena");
        assertThatThrownBy(() -> ExecutionProviders.parse(Map.of("ort.arena", "yes"), "'m' 1.0.0"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'ort.arena' is 'yes'; expected true or false");
    }

    @Test
    void aProviderTheLoadedNativesLackIsAClearLoadError() throws Exception {
        assertThat(OrtEnvironment.getAvailableProviders()).as("these tests run on the CPU natives").containsExactly(OrtProvider.CPU);
        Path file = OnnxGraphs.identity(folder.resolve("m.onnx"), OnnxGraphs.FLOAT, 2L);
        OnnxRuntimeBackend backend = TestBackends.singleThreaded();

        assertThatThrownBy(() -> backend.load(TestBackends.artifact("m", file, Map.of("ort.executionProviders", "CUDA,CPU",
                "ort.cuda.device_id", "0"))))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("model 'm' 1.0.0: execution provider CUDA is not in the loaded ONNX Runtime natives, which carry "
                        + "[CPU]; run the GPU natives (feature onnxruntime-native-gpu-linux-x86_64 of the -Pgpu build) or let "
                        + "the cpu driver plan this model");
        assertThat(backend.openModelCount()).isZero();
    }

    @Test
    void whenOnnxRuntimeRefusesAProviderTheErrorSaysWhy() throws Exception {
        ExecutionProviders providers = ExecutionProviders.parse(Map.of("ort.executionProviders", "OPENVINO"), "'m' 1.0.0");
        try (SessionOptions options = new SessionOptions()) {
            // pretend the natives list OpenVINO: ONNX Runtime then fails to find its library
            assertThatThrownBy(() -> providers.applyTo(options, EnumSet.of(OrtProvider.CPU, OrtProvider.OPEN_VINO), "'m' 1.0.0"))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageStartingWith("model 'm' 1.0.0: execution provider OPENVINO could not be added: ")
                    .hasMessageContaining("OpenVINO");
        }
    }

    @Test
    void aModelRunsWithExplicitCpuAndArenaSettings() throws Exception {
        Path file = OnnxGraphs.identity(folder.resolve("m.onnx"), OnnxGraphs.FLOAT, 2L);
        OnnxRuntimeBackend backend = TestBackends.singleThreaded();

        try (LoadedModel model = backend.load(TestBackends.artifact("m", file, Map.of("ort.executionProviders", "CPU",
                "ort.arena", "false", "ort.memoryPattern", "false", "ort.cuda.device_id", "3")))) {
            List<Tensor> out = model.run(List.of(Tensor.ofFloats("x", new long[] {2}, 1.5f, -2f)), Set.of());
            assertThat(out.get(0).toFloatArray()).containsExactly(1.5f, -2f);
        }
    }
}

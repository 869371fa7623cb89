package org.modelgate.accel.onnxruntime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The CPU natives Modelgate ships carry CPU only; a provider is usable only when compiled in and addable. */
class OrtNativesTest {
    private final OrtNatives loaded = OrtNatives.loaded();

    @Test
    void theCpuNativesCarryCpuOnly() {
        assertThat(loaded.providers()).containsExactly("CPU");
        assertThat(loaded.tryAdd("CPU", Map.of())).isEmpty();
        assertThat(loaded.whyNot("CPU", Map.of(), "-")).isEmpty();
    }

    @Test
    void aProviderThatIsNotCompiledInIsNamedWithTheRemedy() {
        assertThat(loaded.whyNot("DNNL", Map.of(), "install natives built with oneDNN"))
                .contains("the loaded ONNX Runtime natives carry [CPU], not DNNL: install natives built with oneDNN");
    }

    @Test
    void aCompiledInProviderWhoseLibraryCannotBeLoadedSaysWhatOnnxRuntimeSaid() {
        // CPU natives that claim CUDA: adding it fails the way a GPU build without CUDA libraries fails
        OrtNatives claiming = new OrtNatives() {
            @Override
            public Set<String> providers() {
                return Set.of("CPU", "CUDA");
            }

            @Override
            public Optional<String> tryAdd(String provider, Map<String, String> options) {
                return loaded.tryAdd(provider, options);
            }
        };

        assertThat(claiming.whyNot("CUDA", Map.of("device_id", "0"), "install CUDA 12")).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("CUDA is compiled into the loaded ONNX Runtime natives but could not be added (")
                        .contains("CUDA").endsWith("): install CUDA 12"));
    }

    @Test
    void nativesThatDoNotLoadAreReportedNotThrown() {
        OrtNatives broken = new OrtNatives() {
            @Override
            public Set<String> providers() {
                throw new IllegalStateException("UnsatisfiedLinkError: no onnxruntime in java.library.path");
            }

            @Override
            public Optional<String> tryAdd(String provider, Map<String, String> options) {
                throw new AssertionError("not reached");
            }
        };

        assertThat(broken.whyNot("CUDA", Map.of(), "install the native fragment")).contains("ONNX Runtime's natives could not "
                + "be loaded (UnsatisfiedLinkError: no onnxruntime in java.library.path): install the native fragment");
    }

    @Test
    void providerNamesFollowTheBackendsSpelling() {
        assertThat(OrtNatives.name(ai.onnxruntime.OrtProvider.TENSOR_RT)).isEqualTo("TENSORRT");
        assertThat(OrtNatives.name(ai.onnxruntime.OrtProvider.OPEN_VINO)).isEqualTo("OPENVINO");
        assertThat(OrtNatives.name(ai.onnxruntime.OrtProvider.CUDA)).isEqualTo("CUDA");
    }
}

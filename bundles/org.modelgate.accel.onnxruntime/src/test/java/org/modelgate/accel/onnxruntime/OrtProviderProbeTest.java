package org.modelgate.accel.onnxruntime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.modelgate.spi.DeviceProbe;

/** Feature: the probe the OpenVINO and oneDNN drivers share, over the shipped natives and over fakes. */
class OrtProviderProbeTest {
    private final OrtProviderProbe probe = new OrtProviderProbe("OPENVINO", "install natives built with OpenVINO");
    private final Map<String, String> triedWith = new HashMap<>();

    @Test
    void onTheShippedNativesTheProviderIsUnavailableWithTheRemedyAndWhatIsCompiledIn() {
        DeviceProbe result = probe.probe(OrtNatives.loaded(), Map.of("device_type", "GPU"), "OpenVINO GPU");

        assertThat(result.available()).isFalse();
        assertThat(result.reason()).isEqualTo("the loaded ONNX Runtime natives carry [CPU], not OPENVINO: "
                + "install natives built with OpenVINO");
        assertThat(result.providers()).containsExactly("CPU");
    }

    @Test
    void nativesThatCarryAndAddTheProviderMakeItAvailableOnTheDriversDevice() {
        DeviceProbe result = probe.probe(natives(Set.of("OPENVINO", "CPU"), Optional.empty()),
                Map.of("device_type", "NPU"), "OpenVINO NPU");

        assertThat(result.available()).isTrue();
        assertThat(result.device()).isEqualTo("OpenVINO NPU");
        assertThat(result.providers()).containsExactly("CPU", "OPENVINO");
        assertThat(triedWith).containsEntry("device_type", "NPU");
    }

    @Test
    void aProviderThatCannotBeAddedIsUnavailableWithOnnxRuntimesReason() {
        DeviceProbe result = probe.probe(natives(Set.of("OPENVINO", "CPU"), Optional.of("libopenvino.so: not found")),
                Map.of(), "OpenVINO CPU");

        assertThat(result.available()).isFalse();
        assertThat(result.reason()).isEqualTo("OPENVINO is compiled into the loaded ONNX Runtime natives but could not "
                + "be added (libopenvino.so: not found): install natives built with OpenVINO");
        assertThat(result.device()).isNull();
    }

    private OrtNatives natives(Set<String> providers, Optional<String> addFailure) {
        return new OrtNatives() {
            @Override
            public Set<String> providers() {
                return providers;
            }

            @Override
            public Optional<String> tryAdd(String provider, Map<String, String> options) {
                triedWith.putAll(options);
                return addFailure;
            }
        };
    }
}

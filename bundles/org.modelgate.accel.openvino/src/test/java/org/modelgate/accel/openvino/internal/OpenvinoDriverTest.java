package org.modelgate.accel.openvino.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.modelgate.accel.onnxruntime.OrtNatives;
import org.modelgate.spi.DeviceProbe;
import org.modelgate.spi.ModelRequirements;

/** On the shipped CPU natives the openvino driver says clearly that they lack OpenVINO; natives with it make it available. */
class OpenvinoDriverTest {
    @Test
    void onTheShippedNativesTheDriverIsUnavailableSayingWhy() {
        DeviceProbe probe = new OpenvinoDriver(config("GPU"), OrtNatives.loaded()).probe();

        assertThat(probe.available()).isFalse();
        assertThat(probe.reason()).isEqualTo("the loaded ONNX Runtime natives carry [CPU], not OPENVINO: " + OpenvinoDriver.REMEDY);
        assertThat(probe.providers()).containsExactly("CPU");
    }

    @Test
    void nativesWithOpenvinoWhoseRuntimeIsMissingSayWhatOnnxRuntimeSaid() {
        // the real CPU natives, claiming OpenVINO: adding it fails as it would without the OpenVINO libraries
        OrtNatives claiming = new OrtNatives() {
            @Override
            public Set<String> providers() {
                return Set.of("CPU", "OPENVINO");
            }

            @Override
            public Optional<String> tryAdd(String provider, Map<String, String> options) {
                return OrtNatives.loaded().tryAdd(provider, options);
            }
        };

        DeviceProbe probe = new OpenvinoDriver(config("CPU"), claiming).probe();

        assertThat(probe.available()).isFalse();
        assertThat(probe.reason()).startsWith("OPENVINO is compiled into the loaded ONNX Runtime natives but could not be added (")
                .contains("OpenVINO");
    }

    @Test
    void nativesThatCarryItMakeItAvailableAndItsSettingsNameTheDevice() {
        OrtNatives openvino = new OrtNatives() {
            @Override
            public Set<String> providers() {
                return Set.of("CPU", "OPENVINO");
            }

            @Override
            public Optional<String> tryAdd(String provider, Map<String, String> options) {
                return Optional.empty();
            }
        };
        OpenvinoDriver driver = new OpenvinoDriver(config("NPU"), openvino);

        assertThat(driver.probe()).isEqualTo(DeviceProbe.available("OpenVINO NPU", java.util.List.of("CPU", "OPENVINO")));
        assertThat(driver.settingsFor(new ModelRequirements("m", "1.0.0", "onnx", Map.of()), "onnxruntime").orElseThrow().settings())
                .containsExactlyInAnyOrderEntriesOf(Map.of("ort.executionProviders", "OPENVINO,CPU", "ort.openvino.device_type", "NPU"));
    }

    private static OpenvinoDriver.Config config(String device) {
        return new OpenvinoDriver.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return OpenvinoDriver.Config.class;
            }

            @Override
            public int rank() {
                return 30;
            }

            @Override
            public String deviceType() {
                return device;
            }
        };
    }
}

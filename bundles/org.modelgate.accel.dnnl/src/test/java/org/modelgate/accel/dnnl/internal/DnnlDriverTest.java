package org.modelgate.accel.dnnl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.modelgate.accel.onnxruntime.OrtNatives;
import org.modelgate.spi.DeviceProbe;
import org.modelgate.spi.ModelRequirements;

/** On the shipped CPU natives the dnnl driver says clearly that they lack oneDNN; natives with it make it available. */
class DnnlDriverTest {
    @Test
    void onTheShippedNativesTheDriverIsUnavailableSayingWhy() {
        DeviceProbe probe = new DnnlDriver(config(), OrtNatives.loaded()).probe();

        assertThat(probe.available()).isFalse();
        assertThat(probe.reason()).isEqualTo("the loaded ONNX Runtime natives carry [CPU], not DNNL: " + DnnlDriver.REMEDY);
    }

    @Test
    void nativesThatCarryItMakeItAvailable() {
        OrtNatives dnnl = new OrtNatives() {
            @Override
            public Set<String> providers() {
                return Set.of("CPU", "DNNL");
            }

            @Override
            public Optional<String> tryAdd(String provider, Map<String, String> options) {
                return Optional.empty();
            }
        };
        DnnlDriver driver = new DnnlDriver(config(), dnnl);

        assertThat(driver.probe().available()).isTrue();
        assertThat(driver.probe().providers()).containsExactly("CPU", "DNNL");
        assertThat(driver.settingsFor(new ModelRequirements("m", "1.0.0", "onnx", Map.of()), "onnxruntime").orElseThrow().settings())
                .containsExactlyInAnyOrderEntriesOf(Map.of("ort.executionProviders", "DNNL,CPU", "ort.dnnl.arena", "true"));
    }

    private static DnnlDriver.Config config() {
        return new DnnlDriver.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DnnlDriver.Config.class;
            }

            @Override
            public int rank() {
                return 20;
            }

            @Override
            public boolean arena() {
                return true;
            }
        };
    }
}

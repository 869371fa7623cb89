package org.modelgate.accel.sample.npu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.spi.DeviceProbe;
import org.modelgate.spi.ModelRequirements;

/** The Acme NPU is found by its device file and offers its own settings for ONNX models that fit its memory. */
class AcmeNpuDriverTest {
    @TempDir
    Path dev;

    @Test
    void withoutTheDeviceFileTheDriverSaysWhatToCheck() {
        DeviceProbe probe = driver().probe();

        assertThat(probe.available()).isFalse();
        assertThat(probe.reason()).isEqualTo("no Acme NPU: " + dev.resolve("acme-npu0")
                + " does not exist (is the acme-npu kernel module loaded?)");
    }

    @Test
    void theDeviceFileMakesItAvailableWithItsFirmwareAndMemory() throws Exception {
        Files.writeString(dev.resolve("acme-npu0"), "firmware=2.1.0\nmemoryMB=256\n");

        DeviceProbe probe = driver().probe();

        assertThat(probe).isEqualTo(DeviceProbe.available("Acme NPU at " + dev.resolve("acme-npu0")
                + " (firmware 2.1.0, 256 MiB)", List.of("ACME_NPU")));
    }

    @Test
    void onnxModelsGetTheNpuSettingsAboveTheCpu() {
        var settings = driver().settingsFor(new ModelRequirements("iris", "1.0.0", "onnx", Map.of()), "onnxruntime").orElseThrow();

        assertThat(settings.rank()).isEqualTo(60);
        assertThat(settings.settings()).containsExactlyInAnyOrderEntriesOf(Map.of("ort.executionProviders", "CPU",
                "intraOpThreads", "1", "ort.arena", "false", "allowSpinning", "false"));
    }

    @Test
    void modelsTooLargeForTheNpuOrForAnotherBackendGetNoOffer() throws Exception {
        Files.writeString(dev.resolve("acme-npu0"), "memoryMB=256\n");

        assertThat(driver().settingsFor(new ModelRequirements("big", "1.0.0", "onnx", Map.of("minMemoryMB", 1024)),
                "onnxruntime")).isEmpty();
        assertThat(driver().settingsFor(new ModelRequirements("small", "1.0.0", "onnx", Map.of("minMemoryMB", 128)),
                "onnxruntime")).isPresent();
        assertThat(driver().settingsFor(new ModelRequirements("pt", "1.0.0", "torchscript", Map.of()), "djl")).isEmpty();
    }

    private AcmeNpuDriver driver() {
        String device = dev.resolve("acme-npu0").toString();
        return new AcmeNpuDriver(new AcmeNpuDriver.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AcmeNpuDriver.Config.class;
            }

            @Override
            public String device() {
                return device;
            }

            @Override
            public int rank() {
                return 60;
            }

            @Override
            public int threads() {
                return 1;
            }

            @Override
            public boolean arena() {
                return false;
            }
        });
    }
}

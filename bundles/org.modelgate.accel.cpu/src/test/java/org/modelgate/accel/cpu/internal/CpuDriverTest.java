package org.modelgate.accel.cpu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.accel.onnxruntime.OrtNatives;
import org.modelgate.spi.DeviceProbe;
import org.modelgate.spi.ExecutionSettings;
import org.modelgate.spi.ModelRequirements;

/** The cpu driver is available wherever the natives load and hands the backend the configured CPU settings. */
class CpuDriverTest {
    @TempDir
    Path root;
    private final ModelRequirements iris = new ModelRequirements("iris", "1.0.0", "onnx", Map.of());

    @Test
    void theCpuIsAvailableWithItsModelAndTheProvidersOfTheNatives() throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cpuinfo"), "processor\t: 0\nvendor_id\t: GenuineIntel\n"
                + "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n");

        DeviceProbe probe = new CpuDriver(config(10, 0, 0, true, ""), OrtNatives.loaded(), new CpuInfo(root, 2)).probe();

        assertThat(probe.available()).isTrue();
        assertThat(probe.device()).endsWith(", 2 cores: Intel(R) Xeon(R) CPU @ 2.20GHz");
        assertThat(probe.providers()).containsExactly("CPU");
    }

    @Test
    void byDefaultOnlyTheProviderAndTheArenaAreSetTheBackendKeepsTheRest() {
        ExecutionSettings settings = driver(config(10, 0, 0, true, "")).settingsFor(iris, "onnxruntime").orElseThrow();

        assertThat(settings.rank()).isEqualTo(10);
        assertThat(settings.settings()).containsExactlyInAnyOrderEntriesOf(Map.of("ort.executionProviders", "CPU", "ort.arena", "true"));
    }

    @Test
    void configuredThreadsArenaAndOptimisationAreHandedOver() {
        ExecutionSettings settings = driver(config(15, 2, 1, false, "Extended")).settingsFor(iris, "onnxruntime").orElseThrow();

        assertThat(settings.rank()).isEqualTo(15);
        assertThat(settings.settings()).containsExactlyInAnyOrderEntriesOf(Map.of("ort.executionProviders", "CPU",
                "ort.arena", "false", "intraOpThreads", "2", "interOpThreads", "1", "optimizationLevel", "extended"));
    }

    @Test
    void anotherBackendGetsNothing() {
        assertThat(driver(config(10, 0, 0, true, "")).settingsFor(iris, "djl")).isEmpty();
    }

    @Test
    void aBadConfigurationMakesTheDriverUnavailableSayingWhich() {
        DeviceProbe probe = driver(config(10, 0, 0, true, "max")).probe();

        assertThat(probe.available()).isFalse();
        assertThat(probe.reason()).isEqualTo("configuration org.modelgate.accel.cpu: optimizationLevel 'max' is not one of "
                + "none, basic, extended, all (or empty)");
    }

    private CpuDriver driver(CpuDriver.Config config) {
        return new CpuDriver(config, OrtNatives.loaded(), new CpuInfo(root, 4));
    }

    static CpuDriver.Config config(int rank, int intra, int inter, boolean arena, String level) {
        return new CpuDriver.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CpuDriver.Config.class;
            }

            @Override
            public int rank() {
                return rank;
            }

            @Override
            public int intraOpThreads() {
                return intra;
            }

            @Override
            public int interOpThreads() {
                return inter;
            }

            @Override
            public boolean arena() {
                return arena;
            }

            @Override
            public String optimizationLevel() {
                return level;
            }
        };
    }
}

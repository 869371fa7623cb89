package org.modelgate.accel.onnxruntime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NVIDIA GPUs are found from device files and the driver's /proc entries, as a real driver lays them out. */
class NvidiaDevicesTest {
    @TempDir
    Path root;

    @Test
    void aMachineWithTwoGpusShowsBothWithModelAndDriver() {
        new FakeRoot(root).file("/dev/nvidia0").file("/dev/nvidia1").file("/dev/nvidiactl").file("/dev/nvidia-uvm")
                .file("/proc/driver/nvidia/version", "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar  5 "
                        + "22:23:56 UTC 2024\nGCC version:  gcc version 12.2.0\n")
                .file("/proc/driver/nvidia/gpus/0000:17:00.0/information", "Model: \t\t NVIDIA H100 80GB HBM3\nIRQ:   \t\t 16\n")
                .file("/proc/driver/nvidia/gpus/0000:65:00.0/information", "Model: \t\t NVIDIA L4\n");

        NvidiaDevices devices = new NvidiaDevices(root);

        assertThat(devices.gpus()).containsExactly(0, 1);
        assertThat(devices.driverVersion()).contains("550.54.15");
        assertThat(devices.whyNot(1)).isEmpty();
        assertThat(devices.describe(0)).isEqualTo("GPU 0: NVIDIA H100 80GB HBM3, driver 550.54.15");
        assertThat(devices.describe(1)).isEqualTo("GPU 1: NVIDIA L4, driver 550.54.15");
    }

    @Test
    void theOpenKernelModuleVersionLineIsReadToo() {
        new FakeRoot(root).file("/proc/driver/nvidia/version",
                "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  560.35.03  Release Build\n");

        assertThat(new NvidiaDevices(root).driverVersion()).contains("560.35.03");
    }

    @Test
    void withoutDeviceFilesTheReasonSaysWhatToCheck() {
        assertThat(new NvidiaDevices(root).whyNot(0)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("no NVIDIA GPU: /dev/nvidia0 is missing").contains("--gpus"));
    }

    @Test
    void aDeviceNumberNotPresentOrAMissingControlDeviceIsNamed() {
        new FakeRoot(root).file("/dev/nvidia0");

        assertThat(new NvidiaDevices(root).whyNot(2)).contains(
                "no NVIDIA GPU 2: the device files show GPUs [0] (set deviceId to one of them)");
        assertThat(new NvidiaDevices(root).whyNot(0)).hasValueSatisfying(r -> assertThat(r).startsWith("/dev/nvidiactl is missing"));
        assertThat(new NvidiaDevices(root).describe(0)).isEqualTo("GPU 0: NVIDIA GPU");
    }
}

package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.VersionRefusedException;
import org.osgi.framework.Version;

/**
 * Feature: model.json {@code "requires"} says what a version needs of the gateway; the gateway refuses an install that
 * does not fit, naming each unmet requirement and its own value, and installs nothing.
 */
class InstallRequirementsTest {
    private static final String HERE = GatewayFacts.localArch();
    private static final String ELSEWHERE = HERE.equals("aarch64") ? "x86_64" : "aarch64";

    @TempDir
    Path repository;
    @TempDir
    Path incoming;
    private RegistryHarness gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void aVersionWhoseEveryRequirementHoldsIsInstalled() throws Exception {
        givenAGateway("rpi5");
        gateway.registry.addDriver(FakeDriver.of("npu", 60), Map.of("service.id", 11L));
        awaitAvailable("npu");

        gateway.registry.install(version("{\"cpu\":[\"" + ELSEWHERE + "\",\"" + HERE + "\"],\"accelerators\":[\"cuda\",\"npu\"],"
                + "\"min_memory_mb\":1,\"gateway\":\"[0.1,1)\",\"device_types\":[\"jetson\",\"rpi5\"],\"formats\":[\"affine\"]}"));

        assertThat(gateway.registry.model("fit").orElseThrow().versions()).containsExactly("1.0.0");
        assertThat(repository.resolve("fit/1.0.0/model.json")).exists();
    }

    @Test
    void anotherCpuIsRefusedNamingThisGatewaysCpu() throws Exception {
        givenAGateway("");
        assertRefused("{\"cpu\":[\"" + ELSEWHERE + "\"]}", "requires cpu [" + ELSEWHERE + "], this gateway is " + HERE);
    }

    @Test
    void cpuNamesAreNormalisedAmd64IsX86_64AndArm64IsAarch64() throws Exception {
        givenAGateway("");
        String alias = HERE.equals("x86_64") ? "amd64" : HERE.equals("aarch64") ? "arm64" : HERE;

        gateway.registry.install(version("{\"cpu\":[\"" + alias + "\"]}"));

        assertThat(gateway.registry.model("fit")).isPresent();
    }

    @Test
    void anAcceleratorNotAvailableIsRefused() throws Exception {
        givenAGateway("");
        assertRefused("{\"accelerators\":[\"cuda\"]}", "requires accelerators [cuda], this gateway has none available");
    }

    @Test
    void moreMemoryThanTheMaxHeapIsRefused() throws Exception {
        givenAGateway("");
        long heap = GatewayFacts.localMaxMemoryMb();
        assertRefused("{\"min_memory_mb\":" + (heap + 1) + "}",
                "requires min_memory_mb " + (heap + 1) + ", this gateway has " + heap + " MiB (the JVM's max heap)");
    }

    @Test
    void aGatewayVersionOutsideTheRangeIsRefused() throws Exception {
        givenAGateway("");
        assertRefused("{\"gateway\":\"[1.0,2)\"}", "requires gateway [1.0.0,2.0.0), this gateway is 0.5.0");
    }

    @Test
    void deviceTypesWithTheDeviceTypeUnsetAreRefusedSayingSo() throws Exception {
        givenAGateway("");
        assertRefused("{\"device_types\":[\"jetson\"]}",
                "requires device_types [jetson], this gateway's deviceType is unset (setting deviceType of org.modelgate.core.registry)");
    }

    @Test
    void anotherDeviceTypeIsRefused() throws Exception {
        givenAGateway("rpi5");
        assertRefused("{\"device_types\":[\"jetson\"]}", "requires device_types [jetson], this gateway is rpi5");
    }

    @Test
    void aFormatNoBackendRunsIsRefused() throws Exception {
        givenAGateway("");
        assertRefused("{\"formats\":[\"affine\",\"onnx\"]}",
                "requires formats [affine, onnx], this gateway has no backend for [onnx] (backends run [affine])");
    }

    @Test
    void severalUnmetRequirementsAreListedTogether() throws Exception {
        givenAGateway("");
        assertThatThrownBy(() -> gateway.registry.install(version("{\"cpu\":[\"" + ELSEWHERE + "\"],\"formats\":[\"onnx\"],"
                + "\"gateway\":\"2.0\"}")))
                .isInstanceOf(VersionRefusedException.class)
                .hasMessage("model 'fit' 1.0.0 does not fit this gateway: requires cpu [" + ELSEWHERE + "], this gateway is " + HERE
                        + "; requires gateway 2.0.0, this gateway is 0.5.0; requires formats [onnx], this gateway has no backend"
                        + " for [onnx] (backends run [affine])");
        assertNothingInstalled();
    }

    @Test
    void anUnknownFieldIsRefusedNamingTheKnownOnes() throws Exception {
        givenAGateway("");
        assertThatThrownBy(() -> gateway.registry.install(version("{\"gpu\":[\"cuda\"]}")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("\"requires\" has an unknown field \"gpu\"; known: cpu, accelerators, min_memory_mb, "
                        + "gateway, device_types, formats");
        assertNothingInstalled();
    }

    @Test
    void aBadVersionRangeIsRefused() throws Exception {
        givenAGateway("");
        assertThatThrownBy(() -> gateway.registry.install(version("{\"gateway\":\"[1.0,banana)\"}")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("\"requires\".\"gateway\" '[1.0,banana)' is not an OSGi version range");
        assertNothingInstalled();
    }

    private void givenAGateway(String deviceType) {
        gateway = new RegistryHarness().startAsDeviceType(repository, deviceType);
        gateway.registry.coreVersion = new Version(0, 5, 0);
        gateway.bind(new AffineBackend());
    }

    private void assertRefused(String requires, String reason) throws Exception {
        Path folder = version(requires);

        assertThatThrownBy(() -> gateway.registry.install(folder)).isInstanceOf(VersionRefusedException.class)
                .hasMessage("model 'fit' 1.0.0 does not fit this gateway: " + reason);

        assertNothingInstalled();
    }

    private void assertNothingInstalled() {
        assertThat(gateway.registry.model("fit")).as("nothing installed").isEmpty();
        assertThat(repository.resolve("fit")).doesNotExist();
    }

    private void awaitAvailable(String driver) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (gateway.registry.accelerators().stream().noneMatch(a -> a.name().equals(driver) && a.available())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(driver + " never became available: " + gateway.registry.accelerators());
            }
            Thread.onSpinWait();
        }
    }

    /** A version folder of model "fit" 1.0.0 (the affine test model) with the given "requires". */
    private Path version(String requires) throws Exception {
        Path folder = Files.createDirectories(incoming.resolve("fit-" + System.nanoTime()));
        Files.writeString(folder.resolve("model.json"), KilledDuringActivationTest.modelJson("1.0.0", 5f)
                .replace("\"scaler\"", "\"fit\"").replaceFirst("\\{", "{\"requires\":" + java.util.regex.Matcher.quoteReplacement(requires) + ","));
        Files.writeString(folder.resolve("model.bin"), "scale=5");
        return folder;
    }
}

package org.modelgate.fleet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.fleet.internal.FleetFixture.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.fleet.Device;
import org.modelgate.fleet.DeviceQuery;

/** The registry: devices from the agents' retained state and status; duplicated and late reports change nothing. */
class DeviceRegistryTest {
    private FleetFixture fixture;
    private FleetEngine controller;

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void devicesAreKnownFromTheirRetainedStateAndStatusPublishedBeforeTheControllerStarted() throws Exception {
        givenAgentsThatPublishedTheirStateEarlier();
        whenTheControllerStarts();
        thenTheRegistryHoldsEachDeviceWithItsFacts();
        thenQueriesFilterTheRegistry();
        thenMgFleetListsThem();
    }

    @Test
    void duplicatedAndLateReportsAreIgnored() throws Exception {
        givenAgentsThatPublishedTheirStateEarlier();
        whenTheControllerStarts();
        whenTelemetryArrivesTwiceAndLate();
        thenOnlyTheFirstCopyCounts();
        whenTheRetainedStateAndStatusArriveAgain();
        thenTheDeviceIsUnchanged();
        whenADeviceGoesOffline();
        thenItIsListedOffline();
    }

    private void givenAgentsThatPublishedTheirStateEarlier() throws Exception {
        fixture = new FleetFixture("registry");
        fixture.agents.add("line-1", "1.0.0", "lab");
        fixture.agents.add("line-2", "1.0.0", "lab");
        TestAgents.Agent arm = fixture.agents.add("jetson-1", "1.0.0", "edge");
        arm.facts.put("cpu", "aarch64");
        arm.facts.put("device_type", "jetson-orin");
        arm.facts.put("accelerators", List.of("cpu", "cuda"));
        arm.facts.put("drivers", java.util.Map.of("cpu", true, "cuda", true, "tensorrt", false));
        arm.alerts.add("DRIFT petal_width");
        fixture.agents.publishState(arm);
    }

    private void whenTheControllerStarts() {
        controller = fixture.controller();
        FleetFixture.awaitDevicesKnown(controller, fixture.agents);
        await("jetson-1's second state", () -> controller.device("jetson-1").map(d -> d.cpu().equals("aarch64")).orElse(false));
    }

    private void thenTheRegistryHoldsEachDeviceWithItsFacts() {
        Device jetson = controller.device("jetson-1").orElseThrow();
        assertThat(jetson.online()).isTrue();
        assertThat(jetson.deviceType()).isEqualTo("jetson-orin");
        assertThat(jetson.accelerators()).containsExactlyInAnyOrder("cpu", "cuda");
        assertThat(jetson.drivers()).containsEntry("tensorrt", false).containsEntry("cuda", true).hasSize(3);
        assertThat(jetson.alerts()).containsExactly("iris 1.0.0: DRIFT petal_width");
        assertThat(jetson.gatewayVersion()).isEqualTo("0.1.0.SNAPSHOT");
        assertThat(jetson.memoryMb()).isEqualTo(2048);
        assertThat(jetson.os()).isEqualTo("Linux 6.1");
        assertThat(jetson.groups()).containsExactly("edge");
        assertThat(jetson.model("iris").orElseThrow().active()).isEqualTo("1.0.0");
    }

    private void thenQueriesFilterTheRegistry() {
        assertThat(controller.devices(DeviceQuery.parse("group=lab")).stream().map(Device::id)).containsExactly("line-1", "line-2");
        assertThat(controller.devices(DeviceQuery.parse("cpu=aarch64,type=jetson-orin")).stream().map(Device::id))
                .containsExactly("jetson-1");
        assertThat(controller.devices(DeviceQuery.parse("ids=line-2;jetson-1")).stream().map(Device::id))
                .containsExactly("jetson-1", "line-2");
    }

    private void thenMgFleetListsThem() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new FleetConsole(controller, () -> new PrintStream(bytes, true, StandardCharsets.UTF_8)).fleet("group=lab");
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("line-1", "line-2", "online", "iris@1.0.0", "2 devices").doesNotContain("jetson-1");
    }

    private void whenTelemetryArrivesTwiceAndLate() throws Exception {
        fixture.agents.publishTelemetry("line-1", "1.0.0", 100, 1, 5.0, 5);
        fixture.agents.publishTelemetry("line-1", "1.0.0", 999, 999, 5.0, 5); // a duplicate seq (the spool's at least once)
        fixture.agents.publishTelemetry("line-1", "1.0.0", 50, 0, 5.0, 3); // late: an older seq
        fixture.agents.publishTelemetry("line-2", "1.0.0", 7, 0, 5.0, 1); // a marker that the others were read
        await("line-2's telemetry", () -> controller.ignoredTelemetry() == 2
                && readingOf("line-2") == 7);
    }

    private long readingOf(String device) {
        return controller.registry().reading(device, "iris", "1.0.0")
                .map(DeviceRegistry.Reading::requests).orElse(-1L);
    }

    private void thenOnlyTheFirstCopyCounts() {
        assertThat(readingOf("line-1")).isEqualTo(100);
        assertThat(controller.ignoredTelemetry()).isEqualTo(2);
    }

    private Device before;

    private void whenTheRetainedStateAndStatusArriveAgain() throws Exception {
        before = controller.device("line-1").orElseThrow();
        fixture.agents.publishState(fixture.agents.agent("line-1"));
        fixture.agents.publishStatus("line-1", "online");
        await("the repeated state was read", () -> controller.device("line-1").orElseThrow().lastSeen().isAfter(before.lastSeen()));
    }

    private void thenTheDeviceIsUnchanged() {
        Device after = controller.device("line-1").orElseThrow();
        assertThat(after.online()).isTrue();
        assertThat(after.models()).isEqualTo(before.models());
        assertThat(after.cpu()).isEqualTo(before.cpu());
        assertThat(controller.devices(DeviceQuery.all())).hasSize(3);
    }

    private void whenADeviceGoesOffline() throws Exception {
        fixture.agents.publishStatus("line-2", "offline");
    }

    private void thenItIsListedOffline() {
        await("line-2 offline", () -> !controller.device("line-2").orElseThrow().online());
        assertThat(controller.devices(DeviceQuery.parse("online=true")).stream().map(Device::id))
                .containsExactly("jetson-1", "line-1");
    }
}

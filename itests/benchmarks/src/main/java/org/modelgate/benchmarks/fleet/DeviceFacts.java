package org.modelgate.benchmarks.fleet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device facts section of a simulated gateway's retained state: what the fleet controller's registry and its
 * compatibility checks read (model.json {@code requires}: CPU, accelerators, memory, gateway version, device type).
 * One place, so that the names follow the agent's state section when it changes (remote.mqtt's FactsState: cpu, os, java,
 * memory_mb, gateway_version, device_type, accelerators, drivers {name: available}, formats).
 */
final class DeviceFacts {
    private DeviceFacts() {
    }

    static Map<String, Object> of(GatewayProfile profile) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("cpu", profile.cpu());
        facts.put("os", profile.os());
        facts.put("java", "17.0.13");
        facts.put("memory_mb", profile.maxMemoryMb());
        facts.put("gateway_version", profile.gatewayVersion());
        facts.put("device_type", profile.deviceType());
        facts.put("accelerators", profile.accelerators());
        Map<String, Object> drivers = new LinkedHashMap<>();
        profile.accelerators().forEach(a -> drivers.put(a, true));
        facts.put("drivers", drivers);
        facts.put("formats", java.util.List.of("onnx"));
        return facts;
    }
}

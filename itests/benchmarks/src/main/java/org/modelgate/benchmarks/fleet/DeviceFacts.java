package org.modelgate.benchmarks.fleet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device facts section of a simulated gateway's retained state: what the fleet controller's registry and its
 * compatibility checks read (model.json {@code requires}: CPU, accelerators, memory, gateway version, device type).
 * One place, so that the names follow the agent's state section when it changes.
 */
final class DeviceFacts {
    private DeviceFacts() {
    }

    static Map<String, Object> of(GatewayProfile profile) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("deviceType", profile.deviceType());
        facts.put("cpu", profile.cpu());
        facts.put("os", profile.os());
        facts.put("gatewayVersion", profile.gatewayVersion());
        facts.put("maxMemoryMb", profile.maxMemoryMb());
        facts.put("accelerators", profile.accelerators());
        facts.put("formats", java.util.List.of("onnx"));
        return facts;
    }
}

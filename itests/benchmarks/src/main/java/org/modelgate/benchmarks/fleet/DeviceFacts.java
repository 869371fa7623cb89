package org.modelgate.benchmarks.fleet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device facts section of a simulated gateway's retained state: what the fleet controller's registry and its
 * compatibility checks read (model.json {@code requires}: CPU, accelerators, memory, gateway version, device type).
 * One place, so that the names follow the agent's state section when it changes (snake_case, as org.modelgate.fleet's
 * registry reads them: device_type, cpu, os, gateway_version, memory_mb, accelerators, formats).
 */
final class DeviceFacts {
    private DeviceFacts() {
    }

    static Map<String, Object> of(GatewayProfile profile) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("device_type", profile.deviceType());
        facts.put("cpu", profile.cpu());
        facts.put("os", profile.os());
        facts.put("gateway_version", profile.gatewayVersion());
        facts.put("memory_mb", profile.maxMemoryMb());
        facts.put("accelerators", profile.accelerators());
        facts.put("formats", java.util.List.of("onnx"));
        return facts;
    }
}

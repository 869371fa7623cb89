package org.modelgate.benchmarks.fleet;

import java.util.List;
import java.util.Map;

/**
 * What a simulated gateway is: its topic names, the device facts its retained state carries (as a real agent reports
 * them, for the controller's compatibility checks), the models it starts with and its {@link Faults}.
 *
 * @param fleet the second topic level
 * @param device this gateway's topic level
 * @param groups groups it answers for ({@code modelgate/{fleet}/group/{group}/cmd/+})
 * @param deviceType the configured device type (model.json {@code requires.device_types})
 * @param cpu the CPU architecture, normalised as the gateway does ({@code x86_64}, {@code aarch64})
 * @param os the operating system name
 * @param maxMemoryMb the gateway's max heap in MiB
 * @param accelerators the accelerator drivers available
 * @param gatewayVersion the core bundle's version
 * @param models model name to the version it serves at the start
 * @param faults how it misbehaves
 */
public record GatewayProfile(String fleet, String device, List<String> groups, String deviceType, String cpu, String os,
        long maxMemoryMb, List<String> accelerators, String gatewayVersion, Map<String, String> models, Faults faults) {
    public GatewayProfile {
        groups = List.copyOf(groups);
        accelerators = List.copyOf(accelerators);
        models = Map.copyOf(models);
    }

    /** A well-behaved x86_64 Linux gateway serving {@code model} at {@code version}. */
    public static GatewayProfile typical(String fleet, String device, String model, String version) {
        return new GatewayProfile(fleet, device, List.of(), "edge-box", "x86_64", "Linux", 256, List.of("cpu"), "0.1.0",
                Map.of(model, version), Faults.NONE);
    }

    /** @return this profile with other faults */
    public GatewayProfile withFaults(Faults other) {
        return new GatewayProfile(fleet, device, groups, deviceType, cpu, os, maxMemoryMb, accelerators, gatewayVersion,
                models, other);
    }

    /** @return this profile with another device type and CPU */
    public GatewayProfile withHardware(String otherType, String otherCpu) {
        return new GatewayProfile(fleet, device, groups, otherType, otherCpu, os, maxMemoryMb, accelerators, gatewayVersion,
                models, faults);
    }

    /** @return this profile answering for these groups too */
    public GatewayProfile withGroups(List<String> otherGroups) {
        return new GatewayProfile(fleet, device, otherGroups, deviceType, cpu, os, maxMemoryMb, accelerators, gatewayVersion,
                models, faults);
    }
}

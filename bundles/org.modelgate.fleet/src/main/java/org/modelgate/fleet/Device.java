package org.modelgate.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A gateway as the registry knows it, from its retained {@code state} (facts, models) and {@code status}
 * (online/offline) and its telemetry (last seen).
 *
 * @param id the device's topic level
 * @param online whether its retained status is {@code online}
 * @param groups the groups it answers for
 * @param deviceType the configured device type, empty when unset or not reported
 * @param cpu the CPU architecture, normalised ({@code x86_64}, {@code aarch64}), empty when not reported
 * @param os the operating system ({@code os.name os.version}), empty when not reported
 * @param gatewayVersion the gateway (core bundle) version, empty when not reported
 * @param accelerators the accelerator drivers available now
 * @param drivers every accelerator driver with whether it is available now
 * @param formats the model formats its backends run
 * @param memoryMb the JVM's max heap in MiB (what a model can use), 0 when not reported
 * @param models the models installed, with their active version
 * @param alerts the open health alerts ({@code "iris 1.1.0: DRIFT petal_width"}), empty without the health feature
 * @param lastSeen when a message of this device last arrived
 */
public record Device(String id, boolean online, Set<String> groups, String deviceType, String cpu, String os,
        String gatewayVersion, Set<String> accelerators, Map<String, Boolean> drivers, Set<String> formats, long memoryMb,
        List<DeviceModel> models, List<String> alerts, Instant lastSeen) {

    /** Copies the collections. */
    public Device {
        groups = Set.copyOf(groups);
        accelerators = Set.copyOf(accelerators);
        drivers = Map.copyOf(drivers);
        alerts = List.copyOf(alerts);
        formats = Set.copyOf(formats);
        models = List.copyOf(models);
        deviceType = deviceType == null ? "" : deviceType;
        cpu = cpu == null ? "" : cpu;
        os = os == null ? "" : os;
        gatewayVersion = gatewayVersion == null ? "" : gatewayVersion;
    }

    /**
     * Returns one model of the device.
     *
     * @param name the model name
     * @return the model, empty when not installed
     */
    public Optional<DeviceModel> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * A model on a device.
     *
     * @param name the model name
     * @param active the active (serving) version, empty when none
     * @param versions the installed versions
     * @param state the model's state (READY, FAILED, ...)
     */
    public record DeviceModel(String name, String active, List<String> versions, String state) {
        /** Copies the versions. */
        public DeviceModel {
            versions = List.copyOf(versions);
            active = active == null ? "" : active;
            state = state == null ? "" : state;
        }
    }
}

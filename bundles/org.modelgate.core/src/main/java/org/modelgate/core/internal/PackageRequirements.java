package org.modelgate.core.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.modelgate.core.internal.ModelDescriptor.InvalidDescriptorException;
import org.osgi.framework.VersionRange;

/**
 * What a model version needs of the gateway it is installed on (model.json {@code "requires"}); every field is
 * optional and an absent one asks for nothing. {@link #unmet(GatewayFacts)} lists each requirement this gateway does
 * not meet, with this gateway's value.
 *
 * @param cpu CPU architectures, one of which the gateway must have (normalised: x86_64, aarch64)
 * @param accelerators accelerator drivers, one of which must be available now
 * @param minMemoryMb the JVM's max heap the gateway must have, in MiB, or null
 * @param gateway an OSGi version range over the core bundle's version, or null
 * @param deviceTypes device types (registry setting {@code deviceType}), one of which the gateway must be
 * @param formats model formats, each of which a backend present must run
 */
record PackageRequirements(List<String> cpu, List<String> accelerators, Long minMemoryMb, VersionRange gateway,
        List<String> deviceTypes, List<String> formats) {
    static final PackageRequirements NONE = new PackageRequirements(List.of(), List.of(), null, null, List.of(), List.of());
    static final List<String> FIELDS = List.of("cpu", "accelerators", "min_memory_mb", "gateway", "device_types", "formats");

    /** Reads model.json {@code "requires"} (null: none). */
    static PackageRequirements parse(Object value, Path file) {
        if (value == null) {
            return NONE;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidDescriptorException(file + ": \"requires\" must be an object, e.g. {\"cpu\": [\"aarch64\"]}");
        }
        for (Object key : map.keySet()) {
            if (!FIELDS.contains(String.valueOf(key))) {
                throw new InvalidDescriptorException(file + ": \"requires\" has an unknown field \"" + key + "\"; known: "
                        + String.join(", ", FIELDS));
            }
        }
        Long memory = null;
        Object min = map.get("min_memory_mb");
        if (min != null) {
            if (!(min instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.floor(n.doubleValue())) {
                throw new InvalidDescriptorException(file + ": \"requires\".\"min_memory_mb\" must be a whole number of MiB, got " + min);
            }
            memory = n.longValue();
        }
        VersionRange range = null;
        Object gateway = map.get("gateway");
        if (gateway != null) {
            if (!(gateway instanceof String text)) {
                throw new InvalidDescriptorException(file + ": \"requires\".\"gateway\" must be an OSGi version range string, e.g. \"[0.1,1)\"");
            }
            try {
                range = VersionRange.valueOf(text.trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidDescriptorException(file + ": \"requires\".\"gateway\" '" + text
                        + "' is not an OSGi version range (e.g. \"[0.1,1)\" or \"0.2\" for 0.2 and above): " + e.getMessage());
            }
        }
        return new PackageRequirements(strings(map, "cpu", file).stream().map(GatewayFacts::normalisedArch).toList(),
                strings(map, "accelerators", file), memory, range, strings(map, "device_types", file),
                strings(map, "formats", file));
    }

    private static List<String> strings(Map<?, ?> map, String key, Path file) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.isEmpty()
                || list.stream().anyMatch(v -> !(v instanceof String s) || s.isBlank())) {
            throw new InvalidDescriptorException(file + ": \"requires\".\"" + key + "\" must be a non-empty list of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    /** Each requirement this gateway does not meet, e.g. {@code requires cpu [aarch64], this gateway is x86_64}; empty when it fits. */
    List<String> unmet(GatewayFacts facts) {
        List<String> unmet = new ArrayList<>();
        if (!cpu.isEmpty() && !cpu.contains(facts.cpu())) {
            unmet.add("requires cpu " + cpu + ", this gateway is " + facts.cpu());
        }
        if (!accelerators.isEmpty() && accelerators.stream().noneMatch(facts.accelerators()::contains)) {
            unmet.add("requires accelerators " + accelerators + ", this gateway has " + listed(facts.accelerators())
                    + " available");
        }
        if (minMemoryMb != null && facts.maxMemoryMb() < minMemoryMb) {
            unmet.add("requires min_memory_mb " + minMemoryMb + ", this gateway has " + facts.maxMemoryMb()
                    + " MiB (the JVM's max heap)");
        }
        if (gateway != null && !gateway.includes(facts.gatewayVersion())) {
            unmet.add("requires gateway " + gateway + ", this gateway is " + facts.gatewayVersion());
        }
        if (!deviceTypes.isEmpty()) {
            if (facts.deviceType().isEmpty()) {
                unmet.add("requires device_types " + deviceTypes + ", this gateway's deviceType is unset (setting deviceType of "
                        + RegistryConfig.PID + ")");
            } else if (!deviceTypes.contains(facts.deviceType())) {
                unmet.add("requires device_types " + deviceTypes + ", this gateway is " + facts.deviceType());
            }
        }
        List<String> missing = formats.stream().filter(f -> !facts.formats().contains(f)).toList();
        if (!missing.isEmpty()) {
            unmet.add("requires formats " + formats + ", this gateway has no backend for " + missing + " (backends run "
                    + listed(facts.formats()) + ")");
        }
        return unmet;
    }

    private static String listed(Set<String> values) {
        return values.isEmpty() ? "none" : values.stream().sorted().toList().toString();
    }
}

package org.modelgate.fleet.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.modelgate.fleet.Device;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * model.json {@code "requires"} as the controller judges it against a device's reported facts: the same fields and
 * rules as the gateway's own install check (org.modelgate.core PackageRequirements), so a device the controller
 * targets is one whose gateway will accept the package. A device that does not report a fact a requirement asks
 * about does not fit (its gateway predates the facts or did not say).
 */
record Requirements(List<String> cpu, List<String> accelerators, Long minMemoryMb, VersionRange gateway,
        List<String> deviceTypes, List<String> formats) {
    static final Requirements NONE = new Requirements(List.of(), List.of(), null, null, List.of(), List.of());

    static Requirements parse(Object value) {
        if (value == null) {
            return NONE;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("model.json \"requires\" must be an object");
        }
        Long memory = map.get("min_memory_mb") instanceof Number n ? n.longValue() : null;
        VersionRange range = map.get("gateway") instanceof String s ? VersionRange.valueOf(s.trim()) : null;
        return new Requirements(strings(map.get("cpu")).stream().map(Requirements::arch).toList(),
                strings(map.get("accelerators")), memory, range, strings(map.get("device_types")), strings(map.get("formats")));
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    static String arch(String arch) {
        String lower = arch.trim().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "amd64", "x64", "x86-64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> lower;
        };
    }

    /** Each requirement the device does not meet, with the device's value; empty when it fits. */
    List<String> unmet(Device device) {
        List<String> unmet = new ArrayList<>();
        if (!cpu.isEmpty() && !cpu.contains(arch(device.cpu()))) {
            unmet.add("requires cpu " + cpu + ", device is " + shown(device.cpu()));
        }
        if (!accelerators.isEmpty() && accelerators.stream().noneMatch(device.accelerators()::contains)) {
            unmet.add("requires accelerators " + accelerators + ", device has " + (device.accelerators().isEmpty() ? "none"
                    : device.accelerators().stream().sorted().toList()));
        }
        if (minMemoryMb != null && device.memoryMb() < minMemoryMb) {
            unmet.add("requires min_memory_mb " + minMemoryMb + ", device has " + device.memoryMb() + " MiB");
        }
        if (gateway != null) {
            Version v = version(device.gatewayVersion());
            if (v == null || !gateway.includes(v)) {
                unmet.add("requires gateway " + gateway + ", device is " + shown(device.gatewayVersion()));
            }
        }
        if (!deviceTypes.isEmpty() && !deviceTypes.contains(device.deviceType())) {
            unmet.add("requires device_types " + deviceTypes + ", device is " + shown(device.deviceType()));
        }
        List<String> missing = formats.stream().filter(f -> !device.formats().contains(f)).toList();
        if (!missing.isEmpty()) {
            unmet.add("requires formats " + formats + ", device has no backend for " + missing);
        }
        return unmet;
    }

    private static String shown(String value) {
        return value.isEmpty() ? "(not reported)" : value;
    }

    private static Version version(String text) {
        try {
            return text.isEmpty() ? null : Version.valueOf(text.replace('-', '.'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

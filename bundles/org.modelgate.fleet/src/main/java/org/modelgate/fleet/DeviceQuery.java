package org.modelgate.fleet;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A filter over the device registry; an empty field matches every device. Also the target of a rollout.
 *
 * <pre>
 * DeviceQuery.parse("group=lab,type=jetson-orin,cpu=aarch64,online=true")
 * DeviceQuery.parse("ids=line-1;line-2")
 * </pre>
 *
 * @param ids device ids, one of which the device must be (empty: any)
 * @param group a group the device must be in (empty: any)
 * @param deviceType the device type it must have (empty: any)
 * @param cpu the CPU architecture it must have (empty: any)
 * @param model a model it must have installed (empty: any)
 * @param onlineOnly only devices whose status is online
 */
public record DeviceQuery(Set<String> ids, String group, String deviceType, String cpu, String model, boolean onlineOnly) {
    /** The keys {@link #parse(String)} knows. */
    public static final Set<String> KEYS = Set.of("ids", "group", "type", "cpu", "model", "online");

    /** Copies the ids; nulls become empty. */
    public DeviceQuery {
        ids = Set.copyOf(new TreeSet<>(ids == null ? Set.of() : ids));
        group = group == null ? "" : group.trim();
        deviceType = deviceType == null ? "" : deviceType.trim();
        cpu = cpu == null ? "" : cpu.trim();
        model = model == null ? "" : model.trim();
    }

    /**
     * Every device.
     *
     * @return a query that matches every device
     */
    public static DeviceQuery all() {
        return new DeviceQuery(Set.of(), "", "", "", "", false);
    }

    /**
     * The devices of a group.
     *
     * @param group the group
     * @return the query
     */
    public static DeviceQuery group(String group) {
        return new DeviceQuery(Set.of(), group, "", "", "", false);
    }

    /**
     * Parses {@code key=value} pairs separated by commas; keys: {@code ids} (separated by {@code ;}), {@code group},
     * {@code type}, {@code cpu}, {@code model}, {@code online} ({@code true}/{@code false}). Empty or {@code all}:
     * every device.
     *
     * @param text the query
     * @return the query
     * @throws FleetException naming an unknown key or a pair without {@code =}
     */
    public static DeviceQuery parse(String text) {
        if (text == null || text.isBlank() || text.trim().equals("all")) {
            return all();
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new FleetException("device query '" + text + "': '" + part.trim() + "' is not key=value; keys: "
                        + new TreeSet<>(KEYS));
            }
            String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!KEYS.contains(key)) {
                throw new FleetException("device query '" + text + "': unknown key '" + key + "'; keys: " + new TreeSet<>(KEYS));
            }
            pairs.put(key, part.substring(eq + 1).trim());
        }
        Set<String> ids = new TreeSet<>();
        if (pairs.containsKey("ids")) {
            for (String id : pairs.get("ids").split(";")) {
                if (!id.isBlank()) {
                    ids.add(id.trim());
                }
            }
        }
        return new DeviceQuery(ids, pairs.get("group"), pairs.get("type"), pairs.get("cpu"), pairs.get("model"),
                Boolean.parseBoolean(pairs.getOrDefault("online", "false")));
    }

    /**
     * Whether a device matches.
     *
     * @param device the device
     * @return true when every non-empty field matches
     */
    public boolean matches(Device device) {
        return (ids.isEmpty() || ids.contains(device.id()))
                && (group.isEmpty() || device.groups().contains(group))
                && (deviceType.isEmpty() || deviceType.equals(device.deviceType()))
                && (cpu.isEmpty() || cpu.equals(device.cpu()))
                && (model.isEmpty() || device.model(model).isPresent())
                && (!onlineOnly || device.online());
    }

    /** The query as {@link #parse(String)} reads it. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (!ids.isEmpty()) {
            text.append(",ids=").append(String.join(";", new TreeSet<>(ids)));
        }
        append(text, "group", group);
        append(text, "type", deviceType);
        append(text, "cpu", cpu);
        append(text, "model", model);
        if (onlineOnly) {
            text.append(",online=true");
        }
        return text.length() == 0 ? "all" : text.substring(1);
    }

    private static void append(StringBuilder text, String key, String value) {
        if (!value.isEmpty()) {
            text.append(',').append(key).append('=').append(value);
        }
    }
}

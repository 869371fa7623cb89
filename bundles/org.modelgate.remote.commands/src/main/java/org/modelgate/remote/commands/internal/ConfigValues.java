package org.modelgate.remote.commands.internal;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.modelgate.remote.CommandException;

/**
 * Configuration values between JSON and Configuration Admin: strings, numbers (whole ones as Long, others as
 * Double), booleans and lists of strings (as String[]); null removes a property. Anything else is refused naming
 * the property.
 */
final class ConfigValues {
    /** Properties Configuration Admin owns; never set remotely. */
    private static final Set<String> RESERVED = Set.of("service.pid", "service.factoryPid", "service.bundleLocation");

    private ConfigValues() {
    }

    /**
     * Checks and converts the properties of a set.
     *
     * @param pid the PID, for messages
     * @param properties the JSON values
     * @return the values for Configuration Admin, null for the properties to remove
     */
    static Map<String, Object> fromJson(String pid, Map<String, Object> properties) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            String key = e.getKey();
            if (key.isBlank() || RESERVED.contains(key)) {
                throw new CommandException("property \"" + key + "\" of " + pid + " cannot be set remotely");
            }
            values.put(key, value(pid, key, e.getValue()));
        }
        return values;
    }

    private static Object value(String pid, String key, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number n) {
            return whole(n) ? (Object) n.longValue() : (Object) n.doubleValue();
        }
        if (value instanceof List<?> list) {
            String[] strings = new String[list.size()];
            for (int i = 0; i < strings.length; i++) {
                if (!(list.get(i) instanceof String s)) {
                    throw new CommandException("property \"" + key + "\" of " + pid + ": a list may hold strings only, "
                            + "not " + list.get(i));
                }
                strings[i] = s;
            }
            return strings;
        }
        throw new CommandException("property \"" + key + "\" of " + pid + " must be a string, a number, true/false or a "
                + "list of strings (null removes it), not " + value);
    }

    private static boolean whole(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte || n instanceof BigInteger) {
            return true;
        }
        if (n instanceof BigDecimal d) {
            return d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
        }
        return false;
    }

    /**
     * A configuration's properties as JSON values, sorted by key: arrays and collections as lists, other values
     * that are not strings, numbers or booleans as text.
     *
     * @param properties the properties
     * @return the JSON values
     */
    static Map<String, Object> toJson(Dictionary<String, Object> properties) {
        Map<String, Object> json = new TreeMap<>();
        if (properties == null) {
            return json;
        }
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            json.put(key, jsonValue(properties.get(key)));
        }
        return new LinkedHashMap<>(json);
    }

    private static Object jsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(jsonValue(Array.get(value, i)));
            }
            return list;
        }
        if (value instanceof Iterable<?> items) {
            List<Object> list = new ArrayList<>();
            items.forEach(item -> list.add(jsonValue(item)));
            return list;
        }
        return value.toString();
    }
}

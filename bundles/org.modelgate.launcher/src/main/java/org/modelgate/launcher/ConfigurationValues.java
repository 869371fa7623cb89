package org.modelgate.launcher;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Turns a feature's configuration (JSON values, keys possibly typed as in the OSGi Configurator
 * format: {@code "org.osgi.service.http.port:Integer": "${modelgate.http.port}"}) into the typed
 * properties ConfigurationAdmin receives, after variable substitution. An operator's
 * {@code etc/<pid>.cfg} then overrides single values; each keeps the type the feature gave it.
 */
public final class ConfigurationValues {

    private ConfigurationValues() {
    }

    /** Typed, substituted properties of one configuration; keys lose their {@code :Type} suffix. */
    public static Map<String, Object> of(Map<String, Object> raw, Variables variables, String where) throws LauncherException {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : raw.entrySet()) {
            String key = entry.getKey();
            String type = null;
            int colon = key.indexOf(':');
            if (colon > 0) {
                type = key.substring(colon + 1).trim();
                key = key.substring(0, colon);
            }
            String at = where + " property " + key;
            Object value = substitute(entry.getValue(), variables, at);
            result.put(key, type == null ? untyped(value, at) : convert(value, type, at));
        }
        return result;
    }

    /** Applies an operator's overrides (strings from a .cfg file), converting each to the type already there. */
    public static Map<String, Object> override(Map<String, Object> properties, Properties overrides, Variables variables,
            String where) throws LauncherException {
        Map<String, Object> result = new LinkedHashMap<>(properties);
        for (String key : overrides.stringPropertyNames()) {
            String at = where + " property " + key;
            String text = variables.substituteText(overrides.getProperty(key), at);
            Object current = result.get(key);
            result.put(key, current == null ? text : convert(text, typeOf(current), at));
        }
        return result;
    }

    private static Object substitute(Object value, Variables variables, String where) throws LauncherException {
        if (value instanceof String text) {
            return variables.substitute(text, where);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object element : list) {
                out.add(substitute(element, variables, where));
            }
            return out;
        }
        return value;
    }

    private static Object untyped(Object value, String where) throws LauncherException {
        if (value instanceof List<?> list) {
            if (list.stream().allMatch(String.class::isInstance)) {
                return list.toArray(new String[0]);
            }
            if (list.stream().allMatch(Long.class::isInstance)) {
                return list.toArray(new Long[0]);
            }
            if (list.stream().allMatch(Number.class::isInstance)) {
                return convert(list, "Double[]", where);
            }
            if (list.stream().allMatch(Boolean.class::isInstance)) {
                return list.toArray(new Boolean[0]);
            }
            throw LauncherException.configError(where + ": an array mixes types; give the key a type, e.g. \"key:String[]\"");
        }
        return value;
    }

    private static String typeOf(Object value) {
        Class<?> type = value.getClass();
        if (type.isArray()) {
            return type.getComponentType().getSimpleName() + "[]";
        }
        if (value instanceof Collection<?>) {
            return "Collection<String>";
        }
        return type.getSimpleName();
    }

    /** Converts a JSON value or text to {@code type}: a scalar name, {@code Name[]} or {@code Collection<Name>}. */
    static Object convert(Object value, String type, String where) throws LauncherException {
        if (type.endsWith("[]")) {
            String element = type.substring(0, type.length() - 2);
            List<?> items = items(value);
            Object array = Array.newInstance(scalarType(element, where), items.size());
            for (int i = 0; i < items.size(); i++) {
                Array.set(array, i, scalar(items.get(i), element, where));
            }
            return array;
        }
        if (type.startsWith("Collection<") && type.endsWith(">")) {
            String element = type.substring("Collection<".length(), type.length() - 1);
            List<Object> list = new ArrayList<>();
            for (Object item : items(value)) {
                list.add(scalar(item, element, where));
            }
            return list;
        }
        if (type.equals("Collection")) {
            return convert(value, "Collection<String>", where);
        }
        return scalar(value, type, where);
    }

    private static List<?> items(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value != null && value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(Array.get(value, i));
            }
            return list;
        }
        if (value instanceof String text) {
            // a .cfg file or a variable gives a list as comma-separated text
            return text.isBlank() ? List.of() : List.of(text.split("\\s*,\\s*"));
        }
        return List.of(value);
    }

    private static Class<?> scalarType(String type, String where) throws LauncherException {
        return switch (type) {
            case "String" -> String.class;
            case "Integer" -> Integer.class;
            case "int" -> int.class;
            case "Long" -> Long.class;
            case "long" -> long.class;
            case "Double" -> Double.class;
            case "double" -> double.class;
            case "Float" -> Float.class;
            case "float" -> float.class;
            case "Boolean" -> Boolean.class;
            case "boolean" -> boolean.class;
            case "Short" -> Short.class;
            case "short" -> short.class;
            case "Byte" -> Byte.class;
            case "byte" -> byte.class;
            case "Character" -> Character.class;
            case "char" -> char.class;
            default -> throw LauncherException.configError(where + ": unknown type '" + type + "'");
        };
    }

    private static Object scalar(Object value, String type, String where) throws LauncherException {
        scalarType(type, where);
        if (value == null) {
            throw LauncherException.configError(where + ": null is not a " + type);
        }
        String text = String.valueOf(value).trim();
        try {
            return switch (type) {
                case "String" -> String.valueOf(value);
                case "Integer", "int" -> value instanceof Number n ? Math.toIntExact(n.longValue()) : Integer.valueOf(text);
                case "Long", "long" -> value instanceof Number n ? n.longValue() : Long.valueOf(text);
                case "Double", "double" -> value instanceof Number n ? n.doubleValue() : Double.valueOf(text);
                case "Float", "float" -> value instanceof Number n ? n.floatValue() : Float.valueOf(text);
                case "Short", "short" -> Short.valueOf(text);
                case "Byte", "byte" -> Byte.valueOf(text);
                case "Boolean", "boolean" -> booleanOf(text);
                default -> {
                    if (text.length() != 1) {
                        throw new IllegalArgumentException();
                    }
                    yield text.charAt(0);
                }
            };
        } catch (RuntimeException e) {
            throw LauncherException.configError(where + ": '" + value + "' is not a " + type);
        }
    }

    private static Boolean booleanOf(String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.valueOf(text);
        }
        throw new IllegalArgumentException(text);
    }
}

package org.modelgate.host.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A component property type (a backend's {@code Config} annotation) built as DS builds it: a proxy whose
 * methods read the component properties, with DS's name mapping ({@code _} is {@code .}, {@code __} is
 * {@code _}, {@code $_$} is {@code -}, {@code $$} is {@code $}, a lone {@code $} goes; a {@code PREFIX_}
 * constant is put in front) and type coercion; a missing property gives the method's default.
 */
final class ComponentPropertyType {
    private ComponentPropertyType() {
    }

    /**
     * Builds the proxy.
     *
     * @param type the annotation (or interface) type
     * @param properties the component properties
     * @return an instance of {@code type}
     */
    static <T> T of(Class<T> type, Map<String, Object> properties) {
        String prefix = prefix(type);
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    if (method.getParameterCount() == 0) {
                        return type;
                    }
                    break;
                case "toString":
                    if (method.getParameterCount() == 0) {
                        return type.getSimpleName() + properties;
                    }
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) {
                        return System.identityHashCode(self);
                    }
                    break;
                case "equals":
                    if (method.getParameterCount() == 1) {
                        return self == args[0];
                    }
                    break;
                default:
                    break;
            }
            Object value = properties.get(prefix + key(method.getName()));
            if (value == null) {
                Object fallback = method.getDefaultValue();
                return fallback != null ? fallback : empty(method.getReturnType());
            }
            return coerce(value, method.getReturnType(), method.getName());
        });
        return type.cast(proxy);
    }

    private static String prefix(Class<?> type) {
        try {
            Field field = type.getField("PREFIX_");
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                return (String) field.get(null);
            }
        } catch (NoSuchFieldException | IllegalAccessException e) {
            // no prefix: the usual case
        }
        return "";
    }

    /** The property name of a method name, by the DS specification's rules (112.8.2.1). */
    static String key(String method) {
        StringBuilder key = new StringBuilder(method.length());
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c == '$') {
                if (method.startsWith("$_$", i)) {
                    key.append('-');
                    i += 2;
                } else if (method.startsWith("$$", i)) {
                    key.append('$');
                    i += 1;
                }
            } else if (c == '_') {
                if (method.startsWith("__", i)) {
                    key.append('_');
                    i += 1;
                } else {
                    key.append('.');
                }
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    private static Object empty(Class<?> type) {
        if (type.isArray()) {
            return Array.newInstance(type.getComponentType(), 0);
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return (char) 0;
        }
        if (type.isPrimitive()) {
            return coerce(0, type, "");
        }
        return null;
    }

    private static Object coerce(Object value, Class<?> type, String name) {
        if (type.isArray()) {
            List<Object> values = elements(value);
            Object array = Array.newInstance(type.getComponentType(), values.size());
            for (int i = 0; i < values.size(); i++) {
                Array.set(array, i, coerce(values.get(i), type.getComponentType(), name));
            }
            return array;
        }
        List<Object> values = elements(value);
        if (values.isEmpty()) {
            return empty(type);
        }
        Object single = values.get(0);
        if (type.isInstance(single)) {
            return single;
        }
        String text = String.valueOf(single).trim();
        try {
            if (type == String.class) {
                return String.valueOf(single);
            } else if (type == boolean.class || type == Boolean.class) {
                return Boolean.parseBoolean(text);
            } else if (type == char.class || type == Character.class) {
                return text.isEmpty() ? (char) 0 : text.charAt(0);
            } else if (type.isEnum()) {
                return enumConstant(type, text);
            } else if (type == Class.class) {
                return Class.forName(text);
            }
            Number number = single instanceof Number n ? n : single instanceof Boolean b ? (b ? 1 : 0) : Double.valueOf(text);
            if (type == int.class || type == Integer.class) {
                return number.intValue();
            } else if (type == long.class || type == Long.class) {
                return single instanceof Number ? number.longValue() : Long.parseLong(text);
            } else if (type == double.class || type == Double.class) {
                return number.doubleValue();
            } else if (type == float.class || type == Float.class) {
                return number.floatValue();
            } else if (type == short.class || type == Short.class) {
                return number.shortValue();
            } else if (type == byte.class || type == Byte.class) {
                return number.byteValue();
            }
        } catch (NumberFormatException | ClassNotFoundException e) {
            throw new IllegalArgumentException("configuration property for " + name + "(): '" + text + "' is not a "
                    + type.getSimpleName(), e);
        }
        throw new IllegalArgumentException("configuration property for " + name + "(): a model host cannot build a "
                + type.getName() + " from '" + text + "'");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String text) {
        return Enum.valueOf((Class) type, text);
    }

    private static List<Object> elements(Object value) {
        List<Object> values = new ArrayList<>();
        if (value instanceof Collection<?> collection) {
            values.addAll(collection);
        } else if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                values.add(Array.get(value, i));
            }
        } else {
            values.add(value);
        }
        return values;
    }
}

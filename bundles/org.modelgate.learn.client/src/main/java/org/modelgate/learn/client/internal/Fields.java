package org.modelgate.learn.client.internal;

import java.util.List;
import java.util.Map;
import org.modelgate.remote.CommandException;

/** Reads typed fields of a command body (JSON values), with errors naming the field. */
final class Fields {
    private Fields() {
    }

    static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new CommandException("learn needs a text field \"" + field + "\"" + (value == null ? "" : ", not " + value));
    }

    static long whole(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 0) {
            return n.longValue();
        }
        throw new CommandException("learn needs a whole number \"" + field + "\" (0 or more)"
                + (value == null ? "" : ", not " + value));
    }

    static int integer(Map<String, Object> body, String field, int fallback) {
        return body.containsKey(field) ? (int) Math.min(Integer.MAX_VALUE, whole(body, field)) : fallback;
    }

    static double number(Map<String, Object> body, String field, double fallback) {
        Object value = body.get(field);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= 0) {
            return n.doubleValue();
        }
        throw new CommandException("\"" + field + "\" must be a number, 0 or more; got " + value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new CommandException("learn needs an object \"" + field + "\"" + (value == null ? "" : ", not " + value));
    }

    static int[] ints(Map<String, Object> body, String field) {
        List<?> list = list(body, field);
        int[] values = new int[list.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(list.get(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new CommandException("\"" + field + "\"[" + i + "] must be a whole number, not " + list.get(i));
            }
            values[i] = n.intValue();
        }
        return values;
    }

    static float[] floats(Map<String, Object> body, String field) {
        List<?> list = list(body, field);
        float[] values = new float[list.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(list.get(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw new CommandException("\"" + field + "\"[" + i + "] must be a finite number, not " + list.get(i));
            }
            values[i] = n.floatValue();
        }
        return values;
    }

    private static List<?> list(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value instanceof List<?> l) {
            return l;
        }
        throw new CommandException("learn needs an array \"" + field + "\"" + (value == null ? "" : ", not " + value));
    }
}

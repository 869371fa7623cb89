package org.modelgate.monitor.drift.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.modelgate.monitor.drift.InvalidSectionException;

/**
 * Where a value sits in model.json ({@code reference.inputs.input.quantiles[2]}), with the checks that
 * refuse a wrong value there.
 *
 * @param path the dotted path
 */
public record JsonPath(String path) {
    /** @return the path of a key below this one */
    public JsonPath child(String key) {
        return new JsonPath(path + "." + key);
    }

    /** @return the path of a list element below this one */
    public JsonPath index(int i) {
        return new JsonPath(path + "[" + i + "]");
    }

    /** @return an exception naming this path */
    public InvalidSectionException invalid(String why) {
        return new InvalidSectionException(path + ": " + why);
    }

    /** Refuses a value that is not an object. */
    public Map<?, ?> object(Object value, String expected) throws InvalidSectionException {
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid("must be " + (expected.startsWith("{") ? "an object " : "") + expected + ", got " + shown(value));
        }
        return map;
    }

    /** Refuses keys outside {@code known}. */
    public void onlyKeys(Map<?, ?> map, Set<String> known) throws InvalidSectionException {
        for (Object key : map.keySet()) {
            if (!known.contains(key)) {
                throw invalid("unknown key '" + key + "'; expected any of " + new TreeSet<>(known));
            }
        }
    }

    /** Refuses a value that is not a non-empty list. */
    public List<?> list(Object value) throws InvalidSectionException {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw invalid("must be a non-empty list, one entry per feature, got " + shown(value));
        }
        return list;
    }

    /** Refuses a value that is not a finite number. */
    public double number(Object value) throws InvalidSectionException {
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw invalid("must be a number, got " + shown(value));
        }
        return n.doubleValue();
    }

    /** Refuses a value that is not a non-empty list of numbers. */
    public double[] numbers(Object value) throws InvalidSectionException {
        List<?> list = list(value);
        double[] numbers = new double[list.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = index(i).number(list.get(i));
        }
        return numbers;
    }

    /** Refuses a value that is not a whole number of at least 0. */
    public long count(Object value) throws InvalidSectionException {
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0
                || n.doubleValue() > Long.MAX_VALUE) {
            throw invalid("must be a whole number of rows (0 or more), got " + shown(value));
        }
        return n.longValue();
    }

    /** Refuses a value that is not a non-empty list of whole numbers of at least 0. */
    public long[] counts(Object value) throws InvalidSectionException {
        List<?> list = list(value);
        long[] counts = new long[list.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = index(i).count(list.get(i));
        }
        return counts;
    }

    /** Refuses a value that is not a non-empty list of strings. */
    public List<String> strings(Object value) throws InvalidSectionException {
        List<?> list = list(value);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s) || s.isEmpty()) {
                throw index(i).invalid("must be a non-empty string, got " + shown(list.get(i)));
            }
            strings.add(s);
        }
        return strings;
    }

    /** Refuses a second list whose length differs from the first one's ({@code width < 0}: none yet). */
    public int sameWidth(int width, int length) throws InvalidSectionException {
        if (width >= 0 && width != length) {
            throw invalid("has " + length + " entries, the other statistics of this tensor " + width + " (one per feature)");
        }
        return length;
    }

    private static String shown(Object value) {
        if (value == null) {
            return "nothing";
        }
        String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}

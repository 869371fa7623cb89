package org.modelgate.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code ${name}} in feature configurations and properties. Sources are consulted in
 * order, the first that knows a name wins: Java system properties ({@code -D}), then
 * etc/modelgate.properties, then the feature's own "variables", then values the launcher computes
 * ({@code modelgate.home}, {@code modelgate.platform}).
 */
public final class Variables {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");
    private static final int MAX_DEPTH = 16;

    private final List<Function<String, Object>> sources;

    private Variables(List<Function<String, Object>> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Sources from the most to the least important. */
    @SafeVarargs
    public static Variables of(Function<String, Object>... sources) {
        return new Variables(List.of(sources));
    }

    public static Function<String, Object> from(Map<String, ?> map) {
        return map::get;
    }

    /** The same variables with {@code lowerPriority} consulted after all of these. */
    public Variables then(Function<String, Object> lowerPriority) {
        List<Function<String, Object>> all = new ArrayList<>(sources);
        all.add(lowerPriority);
        return new Variables(all);
    }

    /** A sub-scope with {@code scope} inserted between the first {@code position} sources and the rest. */
    public Variables insert(int position, Function<String, Object> scope) {
        List<Function<String, Object>> all = new ArrayList<>(sources);
        all.add(position, scope);
        return new Variables(all);
    }

    /** The raw value of a variable (its own references not yet substituted), or null. */
    public Object lookup(String name) {
        for (Function<String, Object> source : sources) {
            Object value = source.apply(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * Substitutes every {@code ${name}} in {@code text}. When the whole text is one reference, the
     * variable's own type is kept (a feature variable {@code 8080} stays a number).
     *
     * @param where names the place for an error message, e.g. "configuration org.apache.felix.http of feature http"
     */
    public Object substitute(String text, String where) throws LauncherException {
        return substitute(text, where, 0);
    }

    /** Like {@link #substitute(String, String)}, always giving text. */
    public String substituteText(String text, String where) throws LauncherException {
        return String.valueOf(substitute(text, where, 0));
    }

    private Object substitute(String text, String where, int depth) throws LauncherException {
        if (text == null || !text.contains("${")) {
            return text;
        }
        if (depth > MAX_DEPTH) {
            throw LauncherException.configError("Variables in " + where + " refer to each other in a loop: " + text);
        }
        Matcher whole = REFERENCE.matcher(text);
        if (whole.matches()) {
            Object value = require(whole.group(1), where);
            return value instanceof String s ? substitute(s, where, depth + 1) : value;
        }
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = require(matcher.group(1), where);
            String replacement = String.valueOf(value instanceof String s ? substitute(s, where, depth + 1) : value);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private Object require(String name, String where) throws LauncherException {
        Object value = lookup(name);
        if (value == null) {
            throw LauncherException.configError("${" + name + "} in " + where + " is not defined: declare it in the feature's"
                    + " \"variables\", in etc/modelgate.properties or with -D" + name + "=...");
        }
        return value;
    }
}

package org.modelgate.host.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits OSGi manifest headers: clauses by commas, parts by semicolons, both outside quotes. */
final class Headers {
    private Headers() {
    }

    static List<String> clauses(String header) {
        return split(header, ',');
    }

    static List<String> parts(String clause) {
        return split(clause, ';');
    }

    static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    /** A processor name in one spelling: {@code x86-64}, {@code amd64} and {@code x86_64} are the same. */
    static String processor(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "x86-64", "x86_64", "amd64", "em64t" -> "x86-64";
            case "aarch64", "arm64" -> "aarch64";
            default -> lower;
        };
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString().trim());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (part.length() > 0) {
            parts.add(part.toString().trim());
        }
        parts.removeIf(String::isEmpty);
        return parts;
    }
}

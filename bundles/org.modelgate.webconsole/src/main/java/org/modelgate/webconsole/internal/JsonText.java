package org.modelgate.webconsole.internal;

/**
 * A small JSON writer for the Model health page's data. Strings escape everything that could end a
 * string, a script or an HTML element ({@code " \ < > & '}, control characters, U+2028/9) and
 * {@code $} (the console replaces {@code ${...}} in what its plugins write); NaN and infinities become
 * {@code null}, which the charts draw as gaps.
 */
final class JsonText {
    private final StringBuilder json = new StringBuilder(4096);
    private boolean needsComma;

    JsonText beginObject() {
        comma();
        json.append('{');
        needsComma = false;
        return this;
    }

    JsonText endObject() {
        json.append('}');
        needsComma = true;
        return this;
    }

    JsonText beginArray() {
        comma();
        json.append('[');
        needsComma = false;
        return this;
    }

    JsonText endArray() {
        json.append(']');
        needsComma = true;
        return this;
    }

    JsonText name(String name) {
        comma();
        string(name);
        json.append(':');
        needsComma = false;
        return this;
    }

    JsonText value(String value) {
        comma();
        if (value == null) {
            json.append("null");
        } else {
            string(value);
        }
        needsComma = true;
        return this;
    }

    JsonText value(double value) {
        comma();
        if (Double.isFinite(value)) {
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                json.append((long) value);
            } else {
                json.append(value);
            }
        } else {
            json.append("null");
        }
        needsComma = true;
        return this;
    }

    JsonText value(boolean value) {
        comma();
        json.append(value);
        needsComma = true;
        return this;
    }

    JsonText field(String name, String value) {
        return name(name).value(value);
    }

    JsonText field(String name, double value) {
        return name(name).value(value);
    }

    JsonText field(String name, boolean value) {
        return name(name).value(value);
    }

    private void comma() {
        if (needsComma) {
            json.append(',');
        }
    }

    private void string(String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'' || c == '$' || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    @Override
    public String toString() {
        return json.toString();
    }
}

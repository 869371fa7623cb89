package org.modelgate.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * A JSON reader for checking replies, independent of the codec under test: objects become maps, arrays
 * lists, strings strings, booleans booleans, null null, and numbers {@link Number}s that keep the text
 * the server wrote, so a test can check how a float was printed.
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /**
     * A number as written in the JSON text.
     *
     * @param text the literal, e.g. {@code -0.0123}
     */
    public record Number(String text) {
        /**
         * The value read as Java reads a float literal.
         *
         * @return the float
         */
        public float toFloat() {
            return Float.parseFloat(text);
        }

        /**
         * The value as a long; fails for a fraction.
         *
         * @return the long
         */
        public long toLong() {
            return Long.parseLong(text);
        }
    }

    /**
     * Parses a document.
     *
     * @param text the JSON text
     * @return the value
     * @throws IllegalArgumentException when it is not one JSON value
     */
    public static Object parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new IllegalArgumentException("empty document");
            }
            Object value = value(parser, token);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value in: " + text);
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON (" + e.getMessage() + "): " + text, e);
        }
    }

    /**
     * Parses a document that must be an object.
     *
     * @param text the JSON text
     * @return the object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("not a JSON object: " + text);
        }
        return (Map<String, Object>) value;
    }

    /**
     * Numbers of a possibly nested array, in row-major order.
     *
     * @param value an array of numbers or of such arrays
     * @return the numbers
     */
    public static List<Number> flatNumbers(Object value) {
        List<Number> numbers = new ArrayList<>();
        flatten(value, numbers);
        return numbers;
    }

    private static void flatten(Object value, List<Number> into) {
        if (value instanceof List<?> list) {
            list.forEach(item -> flatten(item, into));
        } else if (value instanceof Number number) {
            into.add(number);
        } else {
            throw new IllegalArgumentException("not a number: " + value);
        }
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT:
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    map.put(name, value(parser, parser.nextToken()));
                }
                return map;
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(value(parser, t));
                }
                return list;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Number(parser.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new UncheckedIOException(new IOException("unexpected " + token));
        }
    }
}

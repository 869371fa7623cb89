package org.modelgate.oip.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modelgate.api.InvalidInputException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Request and response {@code "parameters"} as plain values: read (depth-limited, duplicate keys refused) and
 * written.
 */
public final class ParameterValues {
    static final int MAX_DEPTH = 16;

    private ParameterValues() {
    }

    /**
     * Reads the {@code "parameters"} object the parser is at.
     *
     * @param parser a parser on the object's START_OBJECT
     * @return the members
     * @throws IOException when the stream fails
     */
    static Map<String, Object> readObject(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidInputException("\"parameters\" must be an object such as {\"top_k\": 3}, got "
                    + JsonValues.kind(parser.currentToken()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) read(parser, 0);
        return value;
    }

    private static Object read(JsonParser parser, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new InvalidInputException("\"parameters\" nest deeper than " + MAX_DEPTH + " levels");
        }
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if (map.containsKey(name)) {
                        throw new InvalidInputException("parameter '" + name + "' is given twice");
                    }
                    map.put(name, read(parser, depth + 1));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(parser, depth + 1));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return Double.valueOf(parser.getDoubleValue());
                }
                return Long.valueOf(parser.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new InvalidInputException("unexpected " + JsonValues.kind(token) + " in \"parameters\"");
        }
    }

    /**
     * Writes a plain value: maps, lists, strings, numbers (non-finite as strings), booleans, null.
     *
     * @param generator the generator
     * @param value the value
     * @throws IOException when the stream fails
     */
    public static void write(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                generator.writeFieldName(String.valueOf(e.getKey()));
                write(generator, e.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object v : list) {
                write(generator, v);
            }
            generator.writeEndArray();
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                generator.writeNumber(d);
            } else {
                generator.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            }
        } else {
            generator.writeString(value.toString());
        }
    }
}

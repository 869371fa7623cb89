package org.modelgate.core.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads a small JSON document (a descriptor, not a request) into maps, lists, strings, numbers and booleans.
 */
final class JsonTree {
    private static final JsonFactory FACTORY = new JsonFactory();
    /** Deeper documents are refused: a descriptor needs a handful of levels, and recursion must not overflow. */
    static final int MAX_DEPTH = 64;

    private JsonTree() {
    }

    static Object parse(byte[] json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IOException("the document is empty");
            }
            Object value = read(parser, first, 1);
            if (parser.nextToken() != null) {
                throw new IOException("unexpected content after the document at " + location(parser));
            }
            return value;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(e.getOriginalMessage() + " at " + location(e.getProcessor()), e);
        }
    }

    private static String location(Object processor) {
        if (processor instanceof JsonParser p) {
            return "line " + p.currentLocation().getLineNr() + " column " + p.currentLocation().getColumnNr();
        }
        return "an unknown position";
    }

    private static Object read(JsonParser parser, JsonToken token, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("nested deeper than " + MAX_DEPTH + " levels at " + location(parser));
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    map.put(key, read(parser, parser.nextToken(), depth + 1));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(read(parser, t, depth + 1));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + token + " at " + location(parser));
        }
    }
}

package org.modelgate.oip.internal;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Describes JSON values in error messages, the way a user reads them in the body they sent.
 */
final class JsonValues {
    private static final int MAX_SHOWN = 40;

    private JsonValues() {
    }

    /** A token as a kind of value: "a string", "an object". */
    static String kind(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.asString();
        }
    }

    /** The current value as written: {@code 'abc'}, {@code 1.5}, {@code true}, {@code an object}. */
    static String shown(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            return kind(token);
        }
        String text = parser.getText();
        if (text.length() > MAX_SHOWN) {
            text = text.substring(0, MAX_SHOWN) + "...";
        }
        return token == JsonToken.VALUE_STRING ? "'" + text + "'" : text;
    }
}

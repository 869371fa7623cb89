package org.modelgate.oip.internal;

import org.modelgate.api.InvalidInputException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;

/**
 * Turns Jackson's parse failures into {@link InvalidInputException}s that point at line and column.
 */
public final class MalformedJson {
    private MalformedJson() {
    }

    /**
     * The user-facing form of a parse failure.
     *
     * @param e Jackson's exception
     * @param parser the parser, for the location when the exception has none
     * @return the exception to throw
     */
    public static InvalidInputException of(JsonProcessingException e, JsonParser parser) {
        JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
        String original = e.getOriginalMessage();
        if (e instanceof JsonEOFException || original != null && original.startsWith("Unexpected end-of-input")) {
            return new InvalidInputException("unexpected end of JSON" + where, e);
        }
        return new InvalidInputException("malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()), e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        // Jackson names the source ("REDACTED ..."), which means nothing to a client: keep line and column.
        return line.replaceAll("\\[Source: [^;]*; ", "[");
    }
}

package org.modelgate.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * Reads JSON files and request bodies with strict settings: a duplicate key is an error, and nesting
 * depth, document size (so also any one string) and number length are bounded.
 *
 * <p>{@link #read(byte[])} gives the whole document as plain Java values; the {@code parser} methods give a
 * streaming parser with the same settings, for readers that check a fixed layout token by token.
 *
 * <pre>
 * if (!(StrictJson.read(Files.readAllBytes(file)) instanceof Map&lt;?, ?&gt; descriptor)) {
 *     throw new IOException(file + " must be a JSON object");
 * }
 * </pre>
 */
public final class StrictJson {
    /** The deepest nesting read: a descriptor needs a handful of levels, and recursion must not overflow. */
    public static final int MAX_DEPTH = 64;
    /** The largest document read, in bytes (16 MiB). */
    public static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
    /** The longest number read, in characters (digits, sign, point and exponent). */
    public static final int MAX_NUMBER_LENGTH = 100;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(MAX_DOCUMENT_BYTES)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .build();

    private StrictJson() {
    }

    /**
     * Reads one JSON document into {@link Map}s (keys in document order), {@link List}s, {@link String}s,
     * {@link Boolean}s, {@code null}s and numbers: {@link Integer}, {@link Long} or
     * {@link java.math.BigInteger} for whole numbers, a finite {@link Double} for the others.
     *
     * @param json the document, UTF-8
     * @return the value of the document
     * @throws JsonDocumentException when the document is empty, malformed, has content after its end, a
     *     duplicate key, or is beyond a limit (depth, size, number length, a number beyond the range of a
     *     double); the message says what and where
     */
    public static Object read(byte[] json) throws JsonDocumentException {
        if (json.length > MAX_DOCUMENT_BYTES) {
            throw new JsonDocumentException("the document is " + json.length + " bytes; at most "
                    + MAX_DOCUMENT_BYTES + " are read");
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            try {
                return document(parser);
            } catch (JsonProcessingException e) {
                // a limit's exception carries no location: the parser's is where it stopped
                throw refused(e, e.getLocation() != null ? e.getLocation() : parser.currentLocation());
            }
        } catch (JsonDocumentException e) {
            throw e;
        } catch (IOException e) {
            throw new JsonDocumentException("cannot read the document: " + e.getMessage(), e);
        }
    }

    private static Object document(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new JsonDocumentException("the document is empty");
        }
        Object value = value(parser, first);
        if (parser.nextToken() != null) {
            throw new JsonDocumentException("unexpected content after the document at " + where(parser.currentLocation()));
        }
        return value;
    }

    /**
     * A streaming parser over a document, with the strict settings; the caller closes it. The parser's
     * exceptions are Jackson's; {@link #refused(JsonProcessingException)} turns one into a message.
     *
     * @param json the document, UTF-8
     * @return the parser
     * @throws IOException never for an array, as Jackson declares it
     */
    public static JsonParser parser(byte[] json) throws IOException {
        return FACTORY.createParser(json);
    }

    /**
     * A streaming parser over part of an array, with the strict settings; the caller closes it.
     *
     * @param json the bytes, UTF-8
     * @param offset where the document starts
     * @param length how many bytes it has
     * @return the parser
     * @throws IOException never for an array, as Jackson declares it
     */
    public static JsonParser parser(byte[] json, int offset, int length) throws IOException {
        return FACTORY.createParser(json, offset, length);
    }

    /**
     * A streaming parser over a stream, with the strict settings (the size limit applies as it is read);
     * closing the parser closes the stream.
     *
     * @param json the document, UTF-8 (or UTF-16/32 with a byte order mark)
     * @return the parser
     * @throws IOException when the stream cannot be read
     */
    public static JsonParser parser(InputStream json) throws IOException {
        return FACTORY.createParser(json);
    }

    /**
     * The parser's exception as a message a user can act on: what is wrong, then where.
     *
     * @param e the exception of a strict parser
     * @return the exception to throw, with {@code e} as its cause
     */
    public static JsonDocumentException refused(JsonProcessingException e) {
        return refused(e, e.getLocation());
    }

    private static JsonDocumentException refused(JsonProcessingException e, JsonLocation location) {
        String what = e.getOriginalMessage()
                .replaceFirst("^Duplicate field '(.*)'$", "duplicate key \"$1\"")
                .replaceAll(", from `[^`]*`", "");
        return new JsonDocumentException(location == null ? what : what + " at " + where(location), e);
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    map.put(key, value(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(value(parser, t));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return finite(parser);
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonDocumentException("unexpected " + token + " at " + where(parser.currentLocation()));
        }
    }

    private static Double finite(JsonParser parser) throws IOException {
        double value = parser.getDoubleValue();
        if (Double.isInfinite(value)) {
            throw new JsonDocumentException("the number " + parser.getText() + " is beyond the range of a double"
                    + " (about ±1.8e308) at " + where(parser.currentTokenLocation()));
        }
        return value;
    }

    private static String where(JsonLocation location) {
        return "line " + location.getLineNr() + " column " + location.getColumnNr();
    }
}

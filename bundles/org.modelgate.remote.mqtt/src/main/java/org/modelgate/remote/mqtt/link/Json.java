package org.modelgate.remote.mqtt.link;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Map;

/** Writes JSON values (maps, lists, strings, numbers, booleans, null; anything else as its text) as UTF-8 bytes. */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** Reads a JSON document strictly (duplicate keys refused); numbers come back as Long, BigInteger or Double/BigDecimal. */
    public static Object read(byte[] json) {
        try {
            return org.modelgate.json.StrictJson.read(json);
        } catch (org.modelgate.json.JsonDocumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Reads a JSON object, or throws naming what it is. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(byte[] json) {
        Object value = read(json);
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return (Map<String, Object>) value;
    }

    public static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                json.writeFieldName(String.valueOf(e.getKey()));
                write(json, e.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                write(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof Object[] array) {
            write(json, java.util.Arrays.asList(array));
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            json.writeNumber(big);
        } else if (value instanceof BigDecimal big) {
            json.writeNumber(big);
        } else if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            json.writeNumber(n.doubleValue());
        } else if (value instanceof Enum<?> e) {
            json.writeString(e.name());
        } else if (value instanceof TemporalAccessor || value instanceof CharSequence) {
            json.writeString(value.toString());
        } else {
            json.writeString(String.valueOf(value));
        }
    }
}

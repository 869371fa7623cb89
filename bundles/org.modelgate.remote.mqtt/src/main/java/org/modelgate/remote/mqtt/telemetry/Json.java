package org.modelgate.remote.mqtt.telemetry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/** Writes one payload object with Jackson's streaming generator: {"type", "device", "time", ...}. */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Writes the fields after the common three. */
    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private Json() {
    }

    static byte[] payload(String type, String device, Instant time, Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", type);
            json.writeStringField("device", device);
            json.writeStringField("time", time.toString());
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a " + type + " payload", e);
        }
        return out.toByteArray();
    }

    /** A number, or null when it is NaN or infinite (JSON has neither). */
    static void number(JsonGenerator json, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumberField(name, value);
        } else {
            json.writeNullField(name);
        }
    }
}

package org.modelgate.optimize.folder;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.modelgate.json.JsonDocumentException;
import org.modelgate.json.StrictJson;
import org.modelgate.optimize.OptimizationException;

/**
 * Reads a model.json through the gateway's strict JSON reader (keys in document order) and writes one back, pretty
 * printed, keys in the order of the map.
 */
public final class ModelJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ModelJson() {
    }

    /**
     * The document in {@code file}.
     *
     * @param file a model.json
     * @return its top-level object, keys in document order (a mutable copy)
     * @throws OptimizationException when it cannot be read or is not a JSON object
     */
    public static Map<String, Object> read(Path file) throws OptimizationException {
        Object tree;
        try {
            tree = StrictJson.read(Files.readAllBytes(file));
        } catch (JsonDocumentException e) {
            throw new OptimizationException(file + " is not valid JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new OptimizationException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new OptimizationException(file + " is not a JSON object");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    /**
     * Writes {@code json} to {@code file}.
     *
     * @param json the document: maps, lists, strings, numbers, booleans and nulls
     * @param file where
     * @throws IOException when it cannot be written
     */
    public static void write(Map<String, ?> json, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file); JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            value(g, json);
        }
    }

    private static void value(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Float f) {
            g.writeNumber(f);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (value instanceof Number n) {
            g.writeNumber(n.longValue());
        } else {
            g.writeNull();
        }
    }
}

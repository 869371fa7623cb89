package org.modelgate.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.modelgate.json.StrictJson;

/**
 * A measured execution plan for a model, {@code <repository>/<model>/plan.json}: which driver ran it best on this
 * device (written by profiling), and the settings it ran with. When that driver is present, available and offers
 * settings, it goes first whatever the ranking says.
 *
 * <p>It lives in the model's folder, not a version's: a version folder holds exactly its signed files.
 *
 * <pre>{@code
 * {"driver": "npu", "backend": "onnxruntime", "version": "1.0.0",
 *  "settings": {"intraOpThreads": "2"}, "measured": "p50 3.1 ms (cpu: 7.4 ms), 2025-05-01"}
 * }</pre>
 *
 * @param driver the driver's name (required)
 * @param backend the backend it was measured on, or null for any
 * @param version the model version it was measured for, or null for any
 * @param settings settings that go over the driver's own (the model's options still win)
 * @param measured what was measured, for people; may be null
 */
record PlanFile(String driver, String backend, String version, Map<String, String> settings, String measured) {
    static final String FILE_NAME = "plan.json";
    private static final JsonFactory JSON = new JsonFactory();

    PlanFile {
        if (driver == null || driver.isBlank()) {
            throw new IllegalArgumentException("a plan names its driver");
        }
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /**
     * Reads a model's plan file.
     *
     * @return the plan, or empty when the model has none
     * @throws InvalidPlanException when the file is there but unusable, saying why
     */
    static Optional<PlanFile> read(Path modelDir) {
        Path file = modelDir.resolve(FILE_NAME);
        Object json;
        try {
            json = StrictJson.read(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidPlanException(file + " is not valid JSON: " + e.getMessage());
        }
        if (!(json instanceof Map<?, ?> map) || !(map.get("driver") instanceof String driver) || driver.isBlank()) {
            throw new InvalidPlanException(file + " must be an object naming its \"driver\"");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Object given = map.get("settings");
        if (given instanceof Map<?, ?> values) {
            for (Map.Entry<?, ?> setting : values.entrySet()) {
                if (setting.getValue() instanceof Map || setting.getValue() instanceof java.util.List || setting.getValue() == null) {
                    throw new InvalidPlanException(file + ": setting \"" + setting.getKey() + "\" must be a string, number or boolean");
                }
                settings.put(String.valueOf(setting.getKey()), String.valueOf(setting.getValue()));
            }
        } else if (given != null) {
            throw new InvalidPlanException(file + ": \"settings\" must be an object of strings");
        }
        return Optional.of(new PlanFile(driver, text(map.get("backend")), text(map.get("version")), settings,
                text(map.get("measured"))));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** Writes the plan crash-safely (temporary file, fsync, atomic rename, fsync of the folder). */
    void write(DurableFiles files, Path modelDir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.useDefaultPrettyPrinter();
            out.writeStartObject();
            out.writeStringField("driver", driver);
            if (backend != null) {
                out.writeStringField("backend", backend);
            }
            if (version != null) {
                out.writeStringField("version", version);
            }
            out.writeObjectFieldStart("settings");
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                out.writeStringField(setting.getKey(), setting.getValue());
            }
            out.writeEndObject();
            if (measured != null) {
                out.writeStringField("measured", measured);
            }
            out.writeEndObject();
        }
        bytes.write('\n');
        files.writeAtomically(modelDir.resolve(FILE_NAME), bytes.toByteArray());
    }

    /** A plan.json that cannot be used; the model is planned as if it were absent. */
    static final class InvalidPlanException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidPlanException(String message) {
            super(message);
        }
    }
}

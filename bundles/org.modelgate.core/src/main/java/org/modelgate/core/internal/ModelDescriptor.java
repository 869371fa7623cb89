package org.modelgate.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelgate.json.StrictJson;

/**
 * One model version as its {@code model.json} describes it (see docs/model-repository.md).
 *
 * <p>{@code backend} is the name of the backend the model prefers among those running its format (model.json
 * {@code "backend"}), or null: a preference, not a requirement, so the model still serves on another backend when
 * that one is absent. {@code requires} is what the version needs of the gateway (model.json {@code "requires"}),
 * checked at install. {@code batching} is model.json {@code "batching"} ({@link BatchingPolicy}), or null: the version
 * runs each request alone, on its caller's thread.
 */
record ModelDescriptor(String name, SemanticVersion version, String format, Path modelFile, String description,
        List<String> labels, Map<String, String> options, GoldenSamples golden, ModelSchema schema,
        Map<String, Object> hints, ReferenceProfile reference, String backend, String isolation,
        PackageRequirements requires, BatchingPolicy batching) {
    /** model.json {@code "isolation"}: the model runs in a model host process of its own. */
    static final String ISOLATION_PROCESS = "process";
    /** model.json {@code "isolation"}: the model runs in the gateway's own process (the default). */
    static final String ISOLATION_IN_PROCESS = "in-process";

    static final String FILE_NAME = "model.json";

    /**
     * Reads and checks {@code model.json} in a version folder {@code <repository>/<name>/<version>/}.
     *
     * @throws InvalidDescriptorException saying what is wrong and where
     */
    static ModelDescriptor read(Path versionDir) {
        return read(versionDir, true);
    }

    /**
     * Reads {@code model.json} in a folder outside the repository (to be installed): name and version
     * come from the file alone.
     */
    static ModelDescriptor readStaged(Path folder) {
        return read(folder, false);
    }

    private static ModelDescriptor read(Path versionDir, boolean inRepository) {
        Path file = versionDir.resolve(FILE_NAME);
        Object json;
        try {
            json = StrictJson.read(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new InvalidDescriptorException(file + " is missing");
        } catch (IOException e) {
            throw new InvalidDescriptorException(file + " is not valid JSON: " + e.getMessage());
        }
        if (!(json instanceof Map<?, ?> map)) {
            throw new InvalidDescriptorException(file + " must hold a JSON object");
        }
        Path absolute = versionDir.toAbsolutePath().normalize();
        String folderName = absolute.getParent() == null ? "" : absolute.getParent().getFileName().toString();
        String folderVersion = String.valueOf(absolute.getFileName());
        String name = requiredString(map, "name", file);
        if (!ModelRepository.isValidName(name)) {
            throw new InvalidDescriptorException(file + ": name '" + name + "' may hold letters, digits, '.', '_' and '-' only");
        }
        if (inRepository && !name.equals(folderName)) {
            throw new InvalidDescriptorException(file + ": name '" + name + "' does not match its folder '" + folderName + "'");
        }
        String versionText = requiredString(map, "version", file);
        SemanticVersion version;
        try {
            version = SemanticVersion.parse(versionText);
        } catch (IllegalArgumentException e) {
            throw new InvalidDescriptorException(file + ": version " + e.getMessage());
        }
        if (inRepository && !versionText.equals(folderVersion)) {
            throw new InvalidDescriptorException(file + ": version '" + versionText + "' does not match its folder '"
                    + folderVersion + "'");
        }
        String format = requiredString(map, "format", file);
        String fileName = requiredString(map, "file", file);
        Path modelFile = versionDir.resolve(fileName).normalize();
        if (Path.of(fileName).isAbsolute() || !modelFile.startsWith(versionDir.normalize())) {
            throw new InvalidDescriptorException(file + ": file '" + fileName + "' must stay inside " + versionDir);
        }
        Object description = map.get("description");
        ModelSchema schema = ModelSchema.parse(map.get("inputs"), map.get("outputs"), file);
        BatchingPolicy batching = BatchingPolicy.parse(map.get("batching"), file);
        if (batching != null) {
            batching.checkDeclared(schema, file);
        }
        return new ModelDescriptor(name, version, format, modelFile, description == null ? null : description.toString(),
                stringList(map.get("labels"), "labels", file), stringMap(map.get("options"), file),
                GoldenSamples.parse(map.get("golden"), map.get("guards"), file),
                schema, hints(map.get("hints"), file),
                ReferenceProfile.parse(map.get("reference"), file), optionalString(map, "backend", file),
                isolation(map, file), PackageRequirements.parse(map.get("requires"), file), batching);
    }

    /** {@code "isolation"}: {@value #ISOLATION_PROCESS}, {@value #ISOLATION_IN_PROCESS}, or null for the gateway's default. */
    private static String isolation(Map<?, ?> map, Path file) {
        String isolation = optionalString(map, "isolation", file);
        if (isolation != null && !isolation.equals(ISOLATION_PROCESS) && !isolation.equals(ISOLATION_IN_PROCESS)) {
            throw new InvalidDescriptorException(file + ": \"isolation\" is '" + isolation + "'; use \"" + ISOLATION_PROCESS
                    + "\" (a model host process of its own) or \"" + ISOLATION_IN_PROCESS + "\" (the gateway's process)");
        }
        return isolation;
    }

    /**
     * Hardware hints for placing the model (e.g. {@code "accelerators": ["cuda", "cpu"]},
     * {@code "precision": "fp16"}, {@code "minMemoryMB": 256}): an object of strings, numbers,
     * booleans or lists of strings.
     */
    private static Map<String, Object> hints(Object value, Path file) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidDescriptorException(file + ": \"hints\" must be an object, e.g. {\"accelerators\": [\"cuda\", \"cpu\"]}");
        }
        Map<String, Object> hints = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            boolean scalar = v instanceof String || v instanceof Number || v instanceof Boolean;
            boolean strings = v instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
            if (!scalar && !strings) {
                throw new InvalidDescriptorException(file + ": hint \"" + k + "\" must be a string, number, boolean or list of strings");
            }
            hints.put(k.toString(), strings ? List.copyOf((List<?>) v) : v);
        });
        return java.util.Collections.unmodifiableMap(hints);
    }

    private static String optionalString(Map<?, ?> map, String key, Path file) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new InvalidDescriptorException(file + ": \"" + key + "\" must be a non-empty string when present, got " + value);
        }
        return s;
    }

    private static String requiredString(Map<?, ?> map, String key, Path file) {
        Object value = map.get(key);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new InvalidDescriptorException(file + ": \"" + key + "\" must be a non-empty string"
                    + (value == null ? " and is missing" : ", got " + value));
        }
        return s;
    }

    private static List<String> stringList(Object value, String key, Path file) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.stream().anyMatch(v -> !(v instanceof String))) {
            throw new InvalidDescriptorException(file + ": \"" + key + "\" must be a list of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static Map<String, String> stringMap(Object value, Path file) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidDescriptorException(file + ": \"options\" must be an object of string settings");
        }
        Map<String, String> options = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v instanceof Map || v instanceof List || v == null) {
                throw new InvalidDescriptorException(file + ": option \"" + k + "\" must be a string, number or boolean");
            }
            options.put(k.toString(), v.toString());
        });
        return options;
    }

    /** A {@code model.json} that cannot be used, with the reason. */
    static final class InvalidDescriptorException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidDescriptorException(String message) {
            super(message);
        }
    }
}

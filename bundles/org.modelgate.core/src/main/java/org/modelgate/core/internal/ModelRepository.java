package org.modelgate.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.modelgate.json.StrictJson;

/**
 * The models folder on disk: {@code <root>/<name>/<version>/model.json}, plus an {@code active} file per model.
 */
final class ModelRepository {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    static final String ACTIVE_FILE = "active";

    private final Path root;
    private final DurableFiles files;

    ModelRepository(Path root) {
        this(root, DurableFiles.SYSTEM);
    }

    ModelRepository(Path root, DurableFiles files) {
        this.root = root.toAbsolutePath().normalize();
        this.files = files;
    }

    DurableFiles files() {
        return files;
    }

    Path root() {
        return root;
    }

    static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    /** Names of the model folders, sorted; folders with an invalid name are skipped. */
    List<String> modelNames() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(ModelRepository::isValidName).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the model repository " + root + ": " + e.getMessage(), e);
        }
    }

    boolean contains(String name) {
        return isValidName(name) && Files.isDirectory(root.resolve(name));
    }

    /** The version folders of a model (named as semantic versions), oldest first. */
    List<SemanticVersion> versions(String name) {
        Path dir = modelDir(name);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(SemanticVersion::isValid).map(SemanticVersion::parse).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list versions of model '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * A version's model.json as JSON values, or empty when the name or version is not one of the repository's or
     * the file cannot be read or parsed (the load of that version says why).
     */
    Optional<Map<String, Object>> modelJson(String name, String version) {
        if (!isValidName(name) || !SemanticVersion.isValid(version)) {
            return Optional.empty();
        }
        Path file = modelDir(name).resolve(SemanticVersion.parse(version).toString()).resolve(ModelDescriptor.FILE_NAME);
        try {
            if (StrictJson.read(Files.readAllBytes(file)) instanceof Map<?, ?> map) {
                Map<String, Object> document = new LinkedHashMap<>();
                map.forEach((key, value) -> document.put(String.valueOf(key), value));
                return Optional.of(Collections.unmodifiableMap(document));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    ModelDescriptor descriptor(String name, SemanticVersion version) {
        return ModelDescriptor.read(modelDir(name).resolve(version.toString()));
    }

    /** The version last committed, if it is still in the repository; else the highest version. */
    Optional<SemanticVersion> activeVersion(String name) {
        Optional<SemanticVersion> committed = committedVersion(name);
        if (committed.isPresent()) {
            return committed;
        }
        List<SemanticVersion> versions = versions(name);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** The version last committed (the {@code active} file), if any and still in the repository. */
    Optional<SemanticVersion> committedVersion(String name) {
        try {
            String text = Files.readString(modelDir(name).resolve(ACTIVE_FILE), StandardCharsets.UTF_8).trim();
            if (SemanticVersion.isValid(text) && versions(name).contains(SemanticVersion.parse(text))) {
                return Optional.of(SemanticVersion.parse(text));
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the active version of model '" + name + "': " + e.getMessage(), e);
        }
    }

    Path modelDirectory(String name) {
        return modelDir(name);
    }

    void setActiveVersion(String name, SemanticVersion version) {
        try {
            files.writeAtomically(modelDir(name).resolve(ACTIVE_FILE), (version + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + version + " as the active version of model '" + name
                    + "': " + e.getMessage(), e);
        }
    }

    private Path modelDir(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid model name");
        }
        return root.resolve(name);
    }
}

package org.modelgate.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The files of one model version and the settings to load it with, handed to
 * {@link InferenceBackend#load}.
 *
 * @param name the model name
 * @param version the model version
 * @param format the model format, e.g. {@code onnx}
 * @param modelFile the main model file (e.g. {@code model.onnx}) inside the version's folder
 * @param options backend settings from the model's descriptor (e.g. thread counts); may be empty
 */
@ProviderType
public record ModelArtifact(String name, String version, String format, Path modelFile, Map<String, String> options) {
    /**
     * Creates an artifact, copying the options.
     *
     * @param name the name
     * @param version the version
     * @param format the format
     * @param modelFile the model file
     * @param options the settings
     */
    public ModelArtifact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(modelFile, "modelFile");
        options = Map.copyOf(options);
    }

    /**
     * The folder holding the version's files, for formats made of several files.
     *
     * @return the folder of {@link #modelFile()}
     */
    public Path directory() {
        return modelFile.toAbsolutePath().getParent();
    }

    /**
     * The model file's bytes, for runtimes that load from memory.
     *
     * @return the bytes
     * @throws UncheckedIOException when the file cannot be read
     */
    public byte[] readModelBytes() {
        try {
            return Files.readAllBytes(modelFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + modelFile + ": " + e.getMessage(), e);
        }
    }
}

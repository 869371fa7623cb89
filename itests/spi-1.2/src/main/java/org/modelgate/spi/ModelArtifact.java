package org.modelgate.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The files of one model version and the settings to load it with, handed to
 * {@link InferenceBackend#load}.
 *
 * <p>A model file encrypted at rest comes decrypted in memory ({@link #modelContent()} is not null): the
 * backend loads it from there and never reads {@link #modelFile()}, which holds ciphertext. Only backends
 * whose {@link InferenceBackend#loadsFromMemory()} is true get such artifacts.
 *
 * @param name the model name
 * @param version the model version
 * @param format the model format, e.g. {@code onnx}
 * @param modelFile the main model file (e.g. {@code model.onnx}) inside the version's folder
 * @param options backend settings from the model's descriptor (e.g. thread counts); may be empty
 * @param modelContent the model file's content decrypted into memory, or null when the backend reads
 *        {@code modelFile}: a read-only direct buffer from position 0, valid only until
 *        {@link InferenceBackend#load} returns; the core then overwrites and frees it, so a backend copies
 *        what it keeps and never reads the buffer (or a view of it) afterwards
 */
@ProviderType
public record ModelArtifact(String name, String version, String format, Path modelFile, Map<String, String> options,
        ByteBuffer modelContent) {
    /**
     * Creates an artifact, copying the options.
     *
     * @param name the name
     * @param version the version
     * @param format the format
     * @param modelFile the model file
     * @param options the settings
     * @param modelContent the decrypted content, or null
     */
    public ModelArtifact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(modelFile, "modelFile");
        options = Map.copyOf(options);
        modelContent = modelContent == null ? null : modelContent.asReadOnlyBuffer();
    }

    /**
     * Creates an artifact for a model file the backend reads from disk.
     *
     * @param name the name
     * @param version the version
     * @param format the format
     * @param modelFile the model file
     * @param options the settings
     */
    public ModelArtifact(String name, String version, String format, Path modelFile, Map<String, String> options) {
        this(name, version, format, modelFile, options, null);
    }

    /**
     * The model file's content decrypted into memory, when it is encrypted at rest.
     *
     * @return a new read-only view from position 0 (each caller gets its own position), or null when the
     *         backend reads {@link #modelFile()}
     */
    @Override
    public ByteBuffer modelContent() {
        return modelContent == null ? null : modelContent.duplicate();
    }

    /**
     * Compares the artifacts' fields; the in-memory content by identity, without reading it (it may have been
     * freed already).
     *
     * @param other the other object
     * @return whether it describes the same artifact
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ModelArtifact that && name.equals(that.name) && version.equals(that.version)
                && format.equals(that.format) && modelFile.equals(that.modelFile) && options.equals(that.options)
                && modelContent == that.modelContent;
    }

    /**
     * Hashes the fields, not the in-memory content.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(name, version, format, modelFile, options, System.identityHashCode(modelContent));
    }

    /**
     * Whether the model comes in memory ({@link #modelContent()}) rather than as a file to read.
     *
     * @return true for a model file encrypted at rest
     */
    public boolean inMemory() {
        return modelContent != null;
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
     * The model file's bytes, for runtimes that load from memory: a copy of {@link #modelContent()} when the
     * model comes in memory, else the file's content.
     *
     * @return the bytes
     * @throws UncheckedIOException when the file cannot be read
     */
    public byte[] readModelBytes() {
        if (modelContent != null) {
            ByteBuffer view = modelContent.duplicate();
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            return bytes;
        }
        try {
            return Files.readAllBytes(modelFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + modelFile + ": " + e.getMessage(), e);
        }
    }
}

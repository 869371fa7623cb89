package org.modelgate.optimize.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.folder.ModelFolder;

/**
 * A version folder in the gateway's model repository ({@code <repository>/<name>/<version>/}), opened for reading.
 * A model file encrypted at rest is refused: the optimizer reads plaintext ONNX only, and decrypted bytes never go
 * to disk.
 */
final class InstalledModel {
    /** The first bytes of a file encrypted at rest (docs/security.md). */
    static final byte[] ENCRYPTED_MAGIC = {(byte) 0x89, 'M', 'G', 'E', 'N', 'C', '\r', '\n'};

    private InstalledModel() {
    }

    static ModelFolder open(Path repository, String name, String version) throws OptimizationException {
        Path folder = repository.resolve(name).resolve(version);
        if (!Files.isDirectory(folder)) {
            throw new OptimizationException("model '" + name + "' has no version " + version + " in " + repository);
        }
        ModelFolder source = ModelFolder.open(folder);
        byte[] head = new byte[ENCRYPTED_MAGIC.length];
        try (InputStream in = Files.newInputStream(source.modelFile())) {
            int read = in.readNBytes(head, 0, head.length);
            if (read == head.length && Arrays.equals(head, ENCRYPTED_MAGIC)) {
                throw new OptimizationException("model '" + name + "' " + version + " is encrypted at rest on this gateway;"
                        + " the optimizer reads plaintext files only: run bin/mgopt on the folder it was packed from");
            }
        } catch (IOException e) {
            throw new OptimizationException("cannot read " + source.modelFile() + ": " + e.getMessage(), e);
        }
        return source;
    }
}

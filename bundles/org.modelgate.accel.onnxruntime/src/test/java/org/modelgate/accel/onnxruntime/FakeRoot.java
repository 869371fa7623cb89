package org.modelgate.accel.onnxruntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fake file system root for probes: files created with their parents. */
final class FakeRoot {
    final Path root;

    FakeRoot(Path root) {
        this.root = root;
    }

    FakeRoot file(String absolute, String content) {
        try {
            Path file = root.resolve(absolute.substring(1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeRoot file(String absolute) {
        return file(absolute, "");
    }
}

package org.modelgate.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes model folders the way an operator (or a later installer) lays them out. */
final class ModelRepositoryFixture {
    private final Path root;

    ModelRepositoryFixture(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path affineModel(String name, String version, float scale) {
        return model(name, version, "affine", "scale=" + scale);
    }

    Path model(String name, String version, String format, String content) {
        return model(name, version, "{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"format\":\"" + format
                + "\",\"file\":\"model.bin\",\"labels\":[\"a\",\"b\"]}", "model.bin", content);
    }

    Path model(String name, String version, String modelJson, String file, String content) {
        try {
            Path dir = Files.createDirectories(root.resolve(name).resolve(version));
            Files.writeString(dir.resolve("model.json"), modelJson);
            Files.writeString(dir.resolve(file), content);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

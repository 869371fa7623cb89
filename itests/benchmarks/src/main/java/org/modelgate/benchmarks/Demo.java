package org.modelgate.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The demo model the build ships in the distribution (models/iris), copied for a benchmark run. */
final class Demo {
    static final String NAME = "iris";
    /** A real Iris setosa sample: sepal length, sepal width, petal length, petal width (cm). */
    static final float[] SAMPLE = { 5.1f, 3.5f, 1.4f, 0.2f };

    private Demo() {
    }

    /** Copies the shipped demo model into {@code repository}, adding backend options; returns the model file. */
    static Path install(Path distribution, Path repository, String optionsJson) throws IOException {
        Path source = distribution.resolve("models").resolve(NAME).resolve("1.0.0");
        if (!Files.isDirectory(source)) {
            throw new IOException(source + " is missing: run `mvn install` first");
        }
        Path target = Files.createDirectories(repository.resolve(NAME).resolve("1.0.0"));
        Path modelFile = null;
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                if (file.getFileName().toString().endsWith(".onnx")) {
                    modelFile = target.resolve(file.getFileName());
                }
            }
        }
        String json = Files.readString(target.resolve("model.json")).trim();
        if (!json.contains("\"options\"")) {
            json = json.substring(0, json.lastIndexOf('}')) + ",\"options\":" + optionsJson + "}";
            Files.writeString(target.resolve("model.json"), json);
        }
        return modelFile;
    }
}

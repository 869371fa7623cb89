package org.modelgate.backend.onnxruntime.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.Map;

import org.modelgate.accel.onnxruntime.session.OptimizationLevel;
import org.modelgate.spi.ModelArtifact;

/** Backends and artifacts for tests, without an OSGi framework. */
final class TestBackends {
    private TestBackends() {
    }

    static OnnxRuntimeBackend.Config config(int intraOpThreads, int interOpThreads, OptimizationLevel level,
            boolean allowSpinning) {
        return config(intraOpThreads, interOpThreads, level, allowSpinning, Threading.PER_SESSION);
    }

    static OnnxRuntimeBackend.Config config(int intraOpThreads, int interOpThreads, OptimizationLevel level,
            boolean allowSpinning, Threading threading) {
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

            @Override
            public Threading threading() {
                return threading;
            }
        };
    }

    /**
     * The backend at one intra-op thread, each session with pools of its own. (The default, GLOBAL, is tested in
     * JVMs of its own, GlobalThreadPoolsTest and EnvironmentCreatedElsewhereTest: ORT's environment is made once per
     * process.)
     */
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

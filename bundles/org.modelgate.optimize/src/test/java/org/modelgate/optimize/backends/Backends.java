package org.modelgate.optimize.backends;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.modelgate.backend.djl.internal.DjlBackend;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.ModelArtifact;

/**
 * The gateway's two ONNX backends, made as their DS components would be but without a framework: each
 * configuration is its annotation's defaults, with one intra-op thread, per-session thread pools for the onnxruntime
 * backend (the process's ONNX Runtime environment may exist already) and DJL's cache under target/.
 */
public final class Backends {
    private Backends() {
    }

    /** @return the onnxruntime backend, then the DJL backend */
    public static List<InferenceBackend> both() {
        OnnxRuntimeBackend ort = new OnnxRuntimeBackend(config(OnnxRuntimeBackend.Config.class,
                Map.of("intraOpThreads", 1, "threading", "PER_SESSION")));
        return List.of(ort, djl());
    }

    /** @return the DJL backend (its OnnxRuntime engine), one intra-op thread, its cache under target/ */
    public static InferenceBackend djl() {
        return new DjlBackend(config(DjlBackend.Config.class,
                Map.of("intraOpThreads", 1, "cacheDir", Path.of("target", "djl-cache").toAbsolutePath().toString())), null);
    }

    /** @return an artifact for an ONNX file, as the registry hands one to a backend */
    public static ModelArtifact onnx(String name, Path file) {
        return new ModelArtifact(name, "1.0.0", "onnx", file, Map.of());
    }

    /** A configuration annotation answering its declared defaults, except the {@code overrides} (enums by name). */
    @SuppressWarnings("unchecked")
    static <A extends Annotation> A config(Class<A> type, Map<String, Object> overrides) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            Object value = overrides.get(method.getName());
            if (value == null) {
                return method.getDefaultValue();
            }
            if (method.getReturnType().isEnum() && value instanceof String name) {
                return Enum.valueOf(method.getReturnType().asSubclass(Enum.class), name);
            }
            return value;
        });
    }
}

package org.modelgate.spi;

import java.util.Set;

import org.modelgate.api.ModelLoadException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A runtime that turns model files into runnable {@link LoadedModel}s, such as ONNX Runtime.
 *
 * <p>Register an implementation as an OSGi service; the core's model registry picks a backend by the
 * model's format. When the service goes away, the core closes the models loaded on it and serves them
 * again once a backend for their format returns.
 *
 * <pre>{@code
 * @Component(service = InferenceBackend.class)
 * public class OnnxRuntimeBackend implements InferenceBackend {
 *     public String name() { return "onnxruntime"; }
 *     public Set<String> formats() { return Set.of("onnx"); }
 *     public LoadedModel load(ModelArtifact artifact) { ... }
 * }
 * }</pre>
 */
@ConsumerType
public interface InferenceBackend {
    /**
     * The backend's name, unique on the gateway, e.g. {@code onnxruntime}.
     *
     * @return the name
     */
    String name();

    /**
     * The version of the runtime this backend wraps, e.g. {@code 1.23.2}.
     *
     * @return the version
     */
    String version();

    /**
     * The model formats this backend runs, as written in model.json, e.g. {@code onnx}.
     *
     * @return the formats
     */
    Set<String> formats();

    /**
     * Loads a model so it can run.
     *
     * <p>May take long (seconds for large models); it is never called on a request thread.
     *
     * @param artifact the model files and settings
     * @return the loaded model, ready to run and safe to share between threads
     * @throws ModelLoadException when the files cannot be loaded, with the reason
     */
    LoadedModel load(ModelArtifact artifact);

    /**
     * Whether {@link #load} takes a model from memory ({@link ModelArtifact#modelContent()}), as the core hands
     * over model files encrypted at rest. The core never gives an encrypted model to a backend that says no;
     * the model is then FAILED with that reason.
     *
     * @return false unless the backend overrides it
     */
    default boolean loadsFromMemory() {
        return false;
    }
}

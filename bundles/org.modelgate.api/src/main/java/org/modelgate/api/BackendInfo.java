package org.modelgate.api;

import java.util.Objects;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An inference backend present on the gateway.
 *
 * @param name the backend name, e.g. {@code onnxruntime}
 * @param version the version of the runtime it wraps
 * @param formats the model formats it runs, e.g. {@code onnx}
 * @param bundle the symbolic name of the bundle that provides it
 * @param loadedModels how many models it serves now
 */
@ProviderType
public record BackendInfo(String name, String version, Set<String> formats, String bundle, int loadedModels) {
    /**
     * Creates a descriptor, copying the formats.
     *
     * @param name the name
     * @param version the version
     * @param formats the formats
     * @param bundle the bundle
     * @param loadedModels the model count
     */
    public BackendInfo {
        Objects.requireNonNull(name, "name");
        formats = Set.copyOf(formats);
    }
}

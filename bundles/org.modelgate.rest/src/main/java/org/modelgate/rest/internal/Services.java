package org.modelgate.rest.internal;

import java.util.function.Supplier;

import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelRegistry;

/**
 * The Modelgate services the endpoints call, as present at the moment of the call (they come and go).
 */
final class Services {
    private final Supplier<InferenceService> inference;
    private final Supplier<ModelRegistry> registry;

    Services(Supplier<InferenceService> inference, Supplier<ModelRegistry> registry) {
        this.inference = inference;
        this.registry = registry;
    }

    /** The inference service, or ServiceMissingException (503). */
    InferenceService inference() {
        InferenceService service = inference.get();
        if (service == null) {
            throw new ServiceMissingException("the inference service");
        }
        return service;
    }

    /** The model registry, or ServiceMissingException (503). */
    ModelRegistry registry() {
        ModelRegistry service = registry.get();
        if (service == null) {
            throw new ServiceMissingException("the model registry");
        }
        return service;
    }

    boolean hasInference() {
        return inference.get() != null;
    }

    ModelRegistry registryOrNull() {
        return registry.get();
    }
}

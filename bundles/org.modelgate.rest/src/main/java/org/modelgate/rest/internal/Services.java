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
    private final Supplier<Explanations> explanations;

    Services(Supplier<InferenceService> inference, Supplier<ModelRegistry> registry) {
        this(inference, registry, () -> null);
    }

    Services(Supplier<InferenceService> inference, Supplier<ModelRegistry> registry, Supplier<Explanations> explanations) {
        this.inference = inference;
        this.registry = registry;
        this.explanations = explanations;
    }

    /** The explain bundle's explanations, or 503 naming what to install. */
    Explanations explanations() {
        Explanations service = explanations.get();
        if (service == null) {
            throw new ParameterRefusedException(ErrorStatus.UNAVAILABLE, "explanations (parameters top_k, confidence, "
                    + "explain; /importance) need the explain feature (bundle org.modelgate.explain), which is not running");
        }
        return service;
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

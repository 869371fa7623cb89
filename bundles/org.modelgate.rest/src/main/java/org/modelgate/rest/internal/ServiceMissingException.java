package org.modelgate.rest.internal;

/**
 * A service the endpoint needs (InferenceService, ModelRegistry) is not present now; it becomes 503.
 */
final class ServiceMissingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ServiceMissingException(String service) {
        this(service, "is org.modelgate.core running?");
    }

    ServiceMissingException(String service, String hint) {
        super(service + " is not available (" + hint + ")");
    }
}

package org.modelgate.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * No model (or model version) of the given name is on this gateway.
 */
@ProviderType
public class ModelNotFoundException extends ModelgateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, in words a user can act on
     */
    public ModelNotFoundException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong, in words a user can act on
     * @param cause the underlying failure
     */
    public ModelNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}

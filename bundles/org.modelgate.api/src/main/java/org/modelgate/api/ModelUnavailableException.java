package org.modelgate.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The model exists but cannot serve now (not loaded, loading, failed, or its backend is away).
 */
@ProviderType
public class ModelUnavailableException extends ModelgateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, in words a user can act on
     */
    public ModelUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong, in words a user can act on
     * @param cause the underlying failure
     */
    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.modelgate.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A Modelgate operation failed for a reason the message states; the base of every Modelgate exception.
 */
@ProviderType
public abstract class ModelgateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, in words a user can act on
     */
    public ModelgateException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong, in words a user can act on
     * @param cause the underlying failure
     */
    public ModelgateException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.modelgate.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The request does not fit the model (wrong type, shape or element count, a missing or unknown input).
 */
@ProviderType
public class InvalidInputException extends ModelgateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, in words a user can act on
     */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong, in words a user can act on
     * @param cause the underlying failure
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

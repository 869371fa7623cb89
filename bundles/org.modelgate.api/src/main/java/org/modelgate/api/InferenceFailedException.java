package org.modelgate.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The backend failed while running valid inputs; the model stays loaded.
 */
@ProviderType
public class InferenceFailedException extends ModelgateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, in words a user can act on
     */
    public InferenceFailedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong, in words a user can act on
     * @param cause the underlying failure
     */
    public InferenceFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

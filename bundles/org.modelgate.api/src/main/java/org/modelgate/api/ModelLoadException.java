package org.modelgate.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A model could not be loaded (a corrupt file, an unsupported format, or a backend error).
 */
@ProviderType
public class ModelLoadException extends ModelgateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, in words a user can act on
     */
    public ModelLoadException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong, in words a user can act on
     * @param cause the underlying failure
     */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}

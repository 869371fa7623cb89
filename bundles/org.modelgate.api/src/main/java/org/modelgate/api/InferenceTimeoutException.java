package org.modelgate.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A request took longer than the model is allowed to run (a model host that hangs); REST answers 504.
 */
@ProviderType
public class InferenceTimeoutException extends ModelgateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what timed out and what happens next, in words a user can act on
     */
    public InferenceTimeoutException(String message) {
        super(message);
    }
}

package org.modelgate.host;

import org.modelgate.api.ModelLoadException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * No model host process can run this backend (a mandatory reference it needs, a bundle jar that cannot be read,
 * a host JVM that does not start): the fault lies with the host, not with the model. A sandboxed trial then runs
 * in the gateway's own process, as without the host bundle; an {@code isolation: process} model fails its load
 * with this message.
 */
@ProviderType
public class HostNotUsableException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why no host can run the backend, and what to do
     */
    public HostNotUsableException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message why no host can run the backend
     * @param cause the underlying failure
     */
    public HostNotUsableException(String message, Throwable cause) {
        super(message, cause);
    }
}

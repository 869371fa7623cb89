package org.modelgate.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A version change was refused before anything changed: a downgrade below the committed version, a
 * version already installed, or the active version asked to be removed.
 */
@ProviderType
public class VersionRefusedException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused and what to do instead
     */
    public VersionRefusedException(String message) {
        super(message);
    }
}

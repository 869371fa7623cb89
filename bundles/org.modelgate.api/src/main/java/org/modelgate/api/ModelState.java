package org.modelgate.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a model stands in its life on this gateway.
 */
@ProviderType
public enum ModelState {
    /** In the model repository, not loaded. */
    UNLOADED,
    /** Being loaded by a backend. */
    LOADING,
    /** Loaded and serving requests. */
    READY,
    /** Was loaded, but no backend that can run it is present now; it comes back when one is. */
    UNAVAILABLE,
    /** The last load failed; {@link ModelInfo#reason()} says why. */
    FAILED
}

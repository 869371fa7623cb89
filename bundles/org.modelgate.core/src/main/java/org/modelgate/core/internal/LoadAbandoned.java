package org.modelgate.core.internal;

import org.modelgate.api.ModelgateException;

/** A load given up on (timed out or interrupted) whose thread may still use the decrypted bytes. */
final class LoadAbandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** What the caller reports; the slot says it already. */
    final transient ModelgateException failure;

    LoadAbandoned(ModelgateException failure) {
        super(failure.getMessage(), failure);
        this.failure = failure;
    }
}
